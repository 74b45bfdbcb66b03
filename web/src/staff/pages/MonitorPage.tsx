import { Input, Select, Space, Statistic, Switch } from 'antd';
import { useMemo, useState } from 'react';
import { STATUS_LABELS } from '../../shared/labels';
import type { CaseQuery, CaseStatus } from '../../shared/types';
import { useUser } from '../auth';
import { CaseQueue } from '../components/CaseQueue';
import { DepartmentPicker } from '../components/pickers';

/**
 * The city's live queue (the supervisors' wall screen): every case, newest first, updating as it
 * happens — new cases appear, owners and statuses change, countdowns turn red — without a reload.
 */
export default function MonitorPage() {
  const user = useUser();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [status, setStatus] = useState<CaseStatus | 'open' | 'all'>('open');
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');

  const query = useMemo<CaseQuery>(
    () => ({
      order: 'newest',
      departmentId,
      status: status === 'open' || status === 'all' ? undefined : status,
      open: status === 'open' ? true : undefined,
      overdue: overdue || undefined,
      q: q || undefined,
    }),
    [departmentId, status, overdue, q],
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1>{user.role === 'supervisor' ? '全市实时工单' : '全市工单'}</h1>
        <span className="page-sub">实时更新：新工单、派单、签收、答复即时出现，无需刷新</span>
      </div>
      <div className="filters">
        <Space wrap size={[12, 8]}>
          <DepartmentPicker value={departmentId} onChange={(v: string | undefined) => setDepartmentId(v)} placeholder="全部承办单位" style={{ width: 220 }} aria-label="承办单位" />
          <Select
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            aria-label="状态"
            options={[
              { value: 'open', label: '全部在办' },
              { value: 'all', label: '全部（含办结）' },
              ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
            ]}
          />
          <span className="filter-switch">
            <Switch checked={overdue} onChange={setOverdue} size="small" aria-label="只看超时" /> 只看超时
          </span>
          <Input.Search allowClear placeholder="受理编号 / 标题 / 地址" onSearch={(v) => setQ(v.trim())} style={{ width: 240 }} />
        </Space>
      </div>
      <CaseQueue
        query={query}
        columns={['tracking', 'title', 'category', 'priority', 'status', 'owner', 'deadline', 'created']}
        height="calc(100vh - 340px)"
        header={(list) => (
          <div className="queue-stats">
            <Statistic title="已加载" value={list.items.length} suffix="件" />
            <Statistic title="其中超时" value={list.items.filter((c) => c.overdue).length} suffix="件" styles={{ content: { color: '#cf1322' } }} />
            <Statistic title="督办中" value={list.items.filter((c) => c.supervised).length} suffix="件" />
          </div>
        )}
      />
    </div>
  );
}
