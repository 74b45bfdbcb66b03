import { Alert, Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { KnowledgeItem } from '../../shared/types';
import { api } from '../api';
import type { CaseQuery } from '../../shared/types';
import { useUser } from '../auth';
import { CaseQueue } from '../components/CaseQueue';
import { useReference } from '../reference';

const VIEWS: Record<string, { label: string; query: CaseQuery }> = {
  all: { label: '全部待办', query: { open: true, order: 'deadline' } },
  sign: { label: '待签收', query: { status: 'dispatched', order: 'deadline' } },
  doing: { label: '办理中', query: { status: 'in_progress', order: 'deadline' } },
  overdue: { label: '已超时', query: { open: true, overdue: true, order: 'deadline' } },
};

/** A department's inbox: the cases it owns or co-handles (and its units'), the nearest deadline first. */
export default function InboxPage() {
  const user = useUser();
  const ref = useReference();
  const [view, setView] = useState('all');
  const department = user.departmentId ? ref?.departmentById.get(user.departmentId)?.name : undefined;
  return (
    <div className="page">
      <div className="page-head">
        <h1>本单位待办</h1>
        <span className="page-sub">{department} · 主办、协办及下级单位的工单，时限最近的在前；超时显示为红色</span>
      </div>
      {user.role === 'dept_lead' && user.departmentId && <ReviewDue departmentId={user.departmentId} />}
      <Segmented value={view} onChange={(v) => setView(String(v))} options={Object.entries(VIEWS).map(([value, v]) => ({ value, label: v.label }))} className="view-switch" />
      <CaseQueue
        key={view}
        query={VIEWS[view].query}
        actions={['sign', 'reply']}
        columns={['tracking', 'title', 'category', 'priority', 'status', 'owner', 'deadline']}
        emptyText="暂无待办工单"
        height="calc(100vh - 330px)"
      />
    </div>
  );
}

/** The dept_lead's reminder: their department's knowledge-base entries whose review date has come. */
function ReviewDue({ departmentId }: { departmentId: string }) {
  const [due, setDue] = useState<KnowledgeItem[]>([]);
  useEffect(() => {
    let live = true;
    api.knowledge({ reviewDue: true, departmentId, limit: 20 }).then((r) => live && setDue(r.items), () => undefined);
    return () => {
      live = false;
    };
  }, [departmentId]);
  if (due.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="form-alert review-due"
      title={`本单位有 ${due.length} 条知识条目到了复核日期`}
      description={due.slice(0, 3).map((k) => k.title).join('；') + (due.length > 3 ? ' …' : '')}
      action={<Link to="/knowledge?reviewDue=true">去复核</Link>}
    />
  );
}
