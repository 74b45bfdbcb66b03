import { Tag, Tooltip, Typography } from 'antd';
import { currentDeadline, stageLabel } from '../../shared/deadlines';
import { PRIORITY_LABELS, STATUS_LABELS } from '../../shared/labels';
import { formatDuration, formatTime, useNow } from '../../shared/time';
import type { Case, CaseStatus, Priority } from '../../shared/types';

const STATUS_COLORS: Record<CaseStatus, string> = {
  received: 'gold',
  dispatched: 'blue',
  returned: 'volcano',
  in_progress: 'processing',
  replied: 'success',
  closed: 'default',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  if (priority === 'normal') return <Tag>{PRIORITY_LABELS.normal}</Tag>;
  return <Tag color={priority === 'emergency' ? 'red' : 'orange'}>{PRIORITY_LABELS[priority]}</Tag>;
}

/**
 * The current stage's deadline as a countdown, recomputed every second: red (with 已超时) once it has
 * passed — whether the server already said so (`overdue`) or the clock just got there.
 */
export function Countdown({ c, showDeadline = false }: { c: Case; showDeadline?: boolean }) {
  const now = useNow();
  const deadline = currentDeadline(c);
  if (c.paused) {
    return (
      <Tooltip title={`挂起中，计时暂停${c.pause?.until ? `，预计 ${formatTime(c.pause.until)} 恢复` : ''}；恢复后答复时限顺延`}>
        <span className="countdown countdown-paused">已挂起</span>
      </Tooltip>
    );
  }
  if (!deadline || c.status === 'closed') return <Typography.Text type="secondary">—</Typography.Text>;
  const left = Date.parse(deadline) - now;
  const overdue = c.overdue || left <= 0;
  const text = overdue ? `已超时 ${formatDuration(left)}` : `剩余 ${formatDuration(left)}`;
  return (
    <Tooltip title={`${stageLabel(c.status)}：${formatTime(deadline)}`}>
      <span className={overdue ? 'countdown countdown-overdue' : left < 3_600_000 ? 'countdown countdown-soon' : 'countdown'} data-overdue={overdue}>
        {text}
        {showDeadline && <span className="countdown-at">（{formatTime(deadline)} 前）</span>}
      </span>
    </Tooltip>
  );
}

/** Supervised, extension pending, returned N times: the little flags a queue needs. */
export function CaseFlags({ c }: { c: Case }) {
  return (
    <>
      {c.supervised && <Tag color="magenta">督办</Tag>}
      {c.pendingExtension && <Tag color="purple">延期待批</Tag>}
      {c.pause?.status === 'pending' && <Tag color="purple">挂起待批</Tag>}
      {c.paused && <Tag color="default">挂起</Tag>}
      {c.returnCount > 0 && c.status === 'returned' && <Tag color="volcano">退回 {c.returnCount} 次</Tag>}
      {c.finalOwner && c.status !== 'closed' && <Tag color="geekblue">裁定承办</Tag>}
    </>
  );
}
