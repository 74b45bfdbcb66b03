import { Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../shared/http';
import { STATUS_LABELS } from '../../shared/labels';
import { formatTime } from '../../shared/time';
import type { Incident } from '../../shared/types';
import { api } from '../api';
import { useLiveGeneration, useLiveRefresh } from '../live';
import { LoadFailed } from '../components/LoadFailed';

/** 事件: one problem many people called about, each with one master case and one answer. */
export default function IncidentsPage() {
  const [rows, setRows] = useState<Incident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api.incidents().then((r) => (setRows(r), setError(null)), (e: unknown) => setError(describeError(e))), []);
  const generation = useLiveGeneration();
  useEffect(() => void load(), [load, generation]);
  // Counts and clocks of incidents, and incidents made meanwhile (their cases' events): the server's again.
  useLiveRefresh(load);
  const columns: TableColumnsType<Incident> = [
    { title: '事件', dataIndex: 'title', render: (t: string, i) => <Link to={`/incidents/${i.id}`}>{t}</Link> },
    { title: '工单', render: (_, i) => `${i.caseIds.length} 件（并入 ${i.merged}，关联 ${i.linked}）` },
    { title: '主工单状态', render: (_, i) => <Tag color={i.clock.overdue ? 'red' : i.status === 'closed' ? 'default' : 'blue'}>{STATUS_LABELS[i.clock.status]}</Tag> },
    { title: '首件受理', render: (_, i) => formatTime(i.clock.startedAt) },
    { title: '立为事件', render: (_, i) => formatTime(i.createdAt) },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>事件</h1>
        <span className="page-sub">同一问题多人反映：一张主工单、一个承办单位、一次答复送达每位并入的市民</span>
      </div>
      {error && <LoadFailed what="事件列表" reason={error} onRetry={() => void load()} compact />}
      <Table rowKey="id" loading={rows === null} dataSource={rows ?? []} columns={columns} pagination={false} size="middle" />
    </div>
  );
}
