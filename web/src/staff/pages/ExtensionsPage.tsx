import { Alert } from 'antd';
import { CaseQueue } from '../components/CaseQueue';

/** Extension requests waiting for a supervisor, the nearest reply deadline first. */
export default function ExtensionsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>延期审批</h1>
      </div>
      <Alert type="info" showIcon className="queue-hint" title="部门负责人提出的延期申请。可批准少于申请的天数；批准后答复时限顺延，市民可见新的时限。每件工单最多批准两次。" />
      <CaseQueue
        query={{ pendingExtension: true, order: 'deadline' }}
        actions={['extension/decision']}
        columns={['tracking', 'title', 'owner', 'deadline', 'created']}
        emptyText="没有待审批的延期申请"
      />
    </div>
  );
}
