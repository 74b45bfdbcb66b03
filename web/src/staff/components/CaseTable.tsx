import { Button, Empty, Grid, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatTime } from '../../shared/time';
import type { Case } from '../../shared/types';
import { catalogPath, useReference } from '../reference';
import type { CaseListState } from '../useCaseList';
import { CaseFlags, Countdown, PriorityTag, StatusTag } from './CaseBadges';
import { LoadFailed } from './LoadFailed';

export type CaseColumn = 'tracking' | 'title' | 'category' | 'status' | 'owner' | 'priority' | 'deadline' | 'created' | 'returnReason';

interface Props {
  list: CaseListState;
  columns?: CaseColumn[];
  /** Buttons at the end of each row. */
  actions?: (c: Case) => ReactNode;
  /** Height of the scrolling body: the header stays in place above it. */
  height?: number | string;
  emptyText?: string;
}

const DEFAULT_COLUMNS: CaseColumn[] = ['tracking', 'title', 'category', 'status', 'owner', 'deadline', 'created'];

/** A queue of cases: fixed header, live-highlighted rows, countdowns, and "加载更多" at the end. */
export function CaseTable({ list, columns = DEFAULT_COLUMNS, actions, height = 'calc(100vh - 330px)', emptyText = '暂无工单' }: Props) {
  const ref = useReference();
  // Pinned columns help on a wide screen; on a phone they would leave no room for the title.
  const pin = Grid.useBreakpoint().md === true;
  const all: Record<CaseColumn, TableColumnsType<Case>[number]> = {
    tracking: {
      title: '受理编号',
      dataIndex: 'trackingCode',
      width: 130,
      responsive: ['sm'],
      fixed: pin ? 'left' : undefined,
      render: (code: string, c) => (
        <Link to={`/cases/${c.id}`} className="mono">
          {code}
        </Link>
      ),
    },
    title: {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      width: pin ? 260 : 150,
      render: (title: string, c) => (
        <>
          <Link to={`/cases/${c.id}`}>{title}</Link> <CaseFlags c={c} />
        </>
      ),
    },
    category: { title: '事项分类', dataIndex: 'categoryCode', width: 150, ellipsis: true, responsive: ['md'], render: (code: string | null) => catalogPath(ref?.categoryByCode, code) },
    priority: { title: '缓急', dataIndex: 'priority', width: 90, responsive: ['sm'], render: (_: unknown, c) => <PriorityTag priority={c.priority} /> },
    status: { title: '状态', dataIndex: 'status', width: 86, render: (_: unknown, c) => <StatusTag status={c.status} /> },
    owner: {
      title: '承办单位',
      key: 'owner',
      width: 170,
      responsive: ['md'],
      ellipsis: true,
      render: (_: unknown, c) => (c.owner.type === 'department' ? c.owner.name : <Typography.Text type="secondary">12345 中心</Typography.Text>),
    },
    returnReason: {
      title: '退单单位与理由',
      key: 'returnReason',
      width: 260,
      ellipsis: true,
      render: (_: unknown, c) =>
        c.lastReturn ? (
          <Tooltip title={c.lastReturn.reason}>
            <Typography.Text strong>{c.lastReturn.department.name}</Typography.Text>：{c.lastReturn.reason}
          </Tooltip>
        ) : (
          '—'
        ),
    },
    deadline: { title: '时限', key: 'deadline', className: 'col-deadline', width: pin ? 150 : 120, render: (_: unknown, c) => <Countdown c={c} /> },
    created: { title: '受理时间', dataIndex: 'createdAt', width: 140, responsive: ['lg'], render: (at: string) => formatTime(at) },
  };
  // With row actions pinned to the right on a wide screen, 时限 is pinned beside them: a pinned column
  // covers whatever scrolls under it, and the deadline is what a queue is read for. (On a phone nothing
  // is pinned.)
  const pinDeadline = pin && actions !== undefined && columns.includes('deadline');
  const order = pinDeadline ? [...columns.filter((k) => k !== 'deadline'), 'deadline' as const] : columns;
  const cols: TableColumnsType<Case> = order.map((k) => ({ ...all[k], key: k, ...(k === 'deadline' && pinDeadline ? { fixed: 'right' as const } : {}) }));
  if (actions) cols.push({ title: '操作', key: 'actions', className: 'col-actions', width: 150, fixed: pin ? 'right' : undefined, render: (_: unknown, c: Case) => actions(c) });

  return (
    <>
      {/* A reload that failed while rows are on screen: they stay, with the failure and 重试 above. */}
      {list.error && list.items.length > 0 && <LoadFailed compact what="列表" reason={list.error} onRetry={list.reload} />}
      <Table<Case>
        rowKey="id"
        size="middle"
        columns={cols}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        sticky
        scroll={{ x: 'max-content', y: height }}
        rowClassName={(c) => [list.recent.has(c.id) ? 'row-flash' : '', c.overdue ? 'row-overdue' : ''].join(' ')}
        locale={{ emptyText: list.error ? <LoadFailed what="列表" reason={list.error} onRetry={list.reload} /> : <Empty description={emptyText} /> }}
        footer={
          list.items.length > 0
            ? () => (
                <div className="table-footer">
                  <span>已显示 {list.items.length} 件</span>
                  {list.hasMore ? (
                    <Button onClick={list.loadMore} loading={list.loadingMore}>
                      加载更多
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">已全部加载</Typography.Text>
                  )}
                </div>
              )
            : undefined
        }
      />
    </>
  );
}
