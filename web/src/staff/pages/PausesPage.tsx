import { Alert } from 'antd';
import { CaseQueue } from '../components/CaseQueue';

/** Pause requests (挂起) waiting for a supervisor, the nearest reply deadline first. */
export default function PausesPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>挂起审批</h1>
      </div>
      <Alert type="info" showIcon className="queue-hint" title="部门负责人提出的挂起申请（等待诉求人补充材料、诉讼仲裁、需其他机关先行处理等）。批准后计时暂停，不催办、不超时；恢复后答复时限按挂起期间的工作日顺延。市民只看到挂起原因的类别。每件工单最多批准两次。" />
      <CaseQueue
        query={{ pendingPause: true, order: 'deadline' }}
        actions={['pause/decision']}
        columns={['tracking', 'title', 'owner', 'deadline', 'created']}
        emptyText="没有待审批的挂起申请"
      />
    </div>
  );
}
