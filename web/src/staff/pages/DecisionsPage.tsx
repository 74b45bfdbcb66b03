import { Alert } from 'antd';
import { CaseQueue } from '../components/CaseQueue';

/** Cases passed back and forth more than twice: the supervisor names the owner, for good. */
export default function DecisionsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>争议裁定</h1>
      </div>
      <Alert type="warning" showIcon className="queue-hint" title="已被退回三次的工单不再由话务员派单。督办员裁定的承办单位为最终承办单位，不得再退单。" />
      <CaseQueue
        query={{ awaitingDecision: true, order: 'oldest' }}
        actions={['decide-owner']}
        columns={['tracking', 'title', 'category', 'priority', 'deadline', 'created']}
        emptyText="没有等待裁定的工单"
      />
    </div>
  );
}
