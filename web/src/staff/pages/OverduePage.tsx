import { Card, Col, Row, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../shared/http';
import { formatDuration, formatTime, useNow } from '../../shared/time';
import type { CaseQuery, OverdueOwner } from '../../shared/types';
import { api } from '../api';
import { CaseQueue } from '../components/CaseQueue';
import { useLiveGeneration, useLiveRefresh } from '../live';
import { LoadFailed } from '../components/LoadFailed';

const keyOf = (o: OverdueOwner) => o.owner.departmentId ?? 'centre';
const nameOf = (o: OverdueOwner) => (o.owner.type === 'department' ? (o.owner.name ?? '') : '12345 中心（待派单）');

/** The overdue board: who holds overdue cases, the longest overdue first, and those cases. */
export default function OverduePage() {
  const [board, setBoard] = useState<OverdueOwner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const generation = useLiveGeneration();
  const now = useNow();

  const load = useCallback(
    () =>
      api.overdueBoard().then(
        (b) => {
          setBoard(b);
          setError(null);
        },
        (e: unknown) => setError(describeError(e)),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load, generation]);
  // Any change may move a count (a case turning overdue, signed, closed): the server counts again.
  useLiveRefresh(load);

  const chosen = board?.find((o) => keyOf(o) === selected);
  const query: CaseQuery = !chosen
    ? { overdue: true, order: 'deadline' }
    : chosen.owner.type === 'department'
      ? { overdue: true, order: 'deadline', departmentId: chosen.owner.departmentId }
      : { overdue: true, order: 'deadline', atCentre: true };
  const total = board?.reduce((n, o) => n + o.overdue, 0) ?? 0;

  return (
    <div className="page">
      <div className="page-head">
        <h1>超时看板</h1>
        <span className="page-sub">当前阶段已过时限的在办工单，超时最久的在前；超时持续将自动转入督办</span>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card
            title={
              <>
                超时责任单位（共 <span data-testid="overdue-total">{total}</span> 件）
              </>
            }
            className="side-card"
            styles={{ body: { padding: 0 } }}
          >
            {error && <LoadFailed what="超时统计" reason={error} onRetry={() => void load()} compact={board !== null} />}
            <Table<OverdueOwner>
              rowKey={keyOf}
              size="middle"
              dataSource={board ?? []}
              loading={!board && !error}
              pagination={false}
              locale={{ emptyText: error ?? '没有超时工单' }}
              onRow={(o) => ({ onClick: () => setSelected(keyOf(o) === selected ? null : keyOf(o)), className: keyOf(o) === selected ? 'row-selected clickable' : 'clickable' })}
              columns={[
                { title: '责任单位', key: 'owner', render: (_, o) => nameOf(o) },
                { title: '超时件数', dataIndex: 'overdue', width: 90, align: 'right', render: (n: number) => <Typography.Text type="danger" strong>{n}</Typography.Text> },
                {
                  title: '最长超时',
                  dataIndex: 'oldestDeadline',
                  width: 120,
                  render: (at: string) => <span title={formatTime(at)}>{formatDuration(now - Date.parse(at))}</span>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={chosen ? `${nameOf(chosen)} 的超时工单` : '全部超时工单'} className="side-card" styles={{ body: { padding: 0 } }}>
            <CaseQueue key={selected ?? 'all'} query={query} columns={['tracking', 'title', 'status', 'owner', 'deadline']} actions={['supervise']} height="calc(100vh - 380px)" emptyText="没有超时工单" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
