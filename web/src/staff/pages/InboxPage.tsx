import { Segmented } from 'antd';
import { useState } from 'react';
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
        <h2>本单位待办</h2>
        <span className="page-sub">{department} · 主办、协办及下级单位的工单，时限最近的在前；超时显示为红色</span>
      </div>
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
