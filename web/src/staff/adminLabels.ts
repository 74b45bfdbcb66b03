/** Chinese names for the administrator's pages: SLA stages and units, and what the audit log records. */
import type { DurationUnit, StagePolicy } from '../shared/types';

export const DURATION_UNIT_LABELS: Record<DurationUnit, string> = {
  minutes: '分钟',
  hours: '小时',
  working_days: '个工作日',
};

export type Stage = keyof StagePolicy;

/** The four clocks of a case, in the order they run, with who is on the clock. */
export const STAGES: { key: Stage; label: string; who: string }[] = [
  { key: 'dispatchWithin', label: '派单时限', who: '12345 中心受理后派出' },
  { key: 'signWithin', label: '签收时限', who: '承办单位收到后签收' },
  { key: 'replyWithin', label: '答复时限', who: '承办单位签收后答复' },
  { key: 'callbackWithin', label: '回访时限', who: '12345 中心在答复后回访' },
];
