import { Alert, Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import type { CaseQuery, CaseVerb } from '../../shared/types';
import { CaseQueue } from '../components/CaseQueue';
import type { CaseColumn } from '../components/CaseTable';

interface Queue {
  label: string;
  hint: string;
  query: CaseQuery;
  actions: CaseVerb[];
  columns?: CaseColumn[];
}

/** The centre's work queues, oldest first: what waits for dispatch, what came back, what waits for a callback. */
const QUEUES: Record<string, Queue> = {
  dispatch: {
    label: '派单队列',
    hint: '12345 中心持有的工单（新受理与被退回），按受理时间先后排列。超过派单时限的显示为红色。',
    query: { atCentre: true, order: 'oldest' },
    actions: ['dispatch', 'close'],
    columns: ['tracking', 'title', 'category', 'priority', 'status', 'deadline', 'created'],
  },
  returned: {
    label: '退单审核',
    hint: '承办单位退回的工单：理由成立的改派其他单位（派单），不成立的“退单不予认可”原样退回该单位（时限照常计算，该单位不得再退）。退回超过两次的工单转督办员裁定。',
    query: { status: 'returned', order: 'oldest' },
    actions: ['dispatch', 'reject-return', 'close'],
    columns: ['tracking', 'title', 'returnReason', 'category', 'deadline', 'created'],
  },
  decision: {
    label: '待督办裁定',
    hint: '已被退回三次的工单，话务员不能再派单，等待督办员裁定最终承办单位。',
    query: { awaitingDecision: true, order: 'oldest' },
    actions: [],
    columns: ['tracking', 'title', 'category', 'priority', 'deadline', 'created'],
  },
  callback: {
    label: '回访队列',
    hint: '承办单位已答复、等待 12345 中心回访的工单。不满意且未解决的，回访后退回原单位重办。',
    query: { callbackDue: true, order: 'oldest' },
    actions: ['callback'],
    columns: ['tracking', 'title', 'category', 'owner', 'deadline', 'created'],
  },
};

export default function OperatorQueuesPage() {
  const { queue = 'dispatch' } = useParams();
  const navigate = useNavigate();
  const current = QUEUES[queue] ?? QUEUES.dispatch;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{current.label}</h1>
      </div>
      <Tabs activeKey={queue} onChange={(key) => navigate(`/queues/${key}`)} items={Object.entries(QUEUES).map(([key, q]) => ({ key, label: q.label }))} />
      <Alert type="info" showIcon title={current.hint} className="queue-hint" />
      <CaseQueue key={queue} query={current.query} actions={current.actions} columns={current.columns} height="calc(100vh - 400px)" />
    </div>
  );
}
