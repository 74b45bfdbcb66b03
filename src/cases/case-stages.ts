import type { Case } from './case.entity';

/** The stage whose deadline runs in each open status, as code and as the centre calls it. */
export const STAGE_OF: Record<string, string> = {
  received: 'dispatch',
  returned: 'dispatch',
  dispatched: 'sign',
  in_progress: 'reply',
  replied: 'callback',
};
export const STAGE_NAMES: Record<string, string> = {
  received: '派单',
  returned: '派单',
  dispatched: '签收',
  in_progress: '答复',
  replied: '回访',
};

/** A reminder's data: the stage and the deadline it is about. */
export function reminderData(c: Case): Record<string, unknown> {
  return { stage: STAGE_OF[c.status], deadline: c.currentDeadline?.toISOString() };
}

/** The note of an overdue mark (超期), the sweep's and an action's alike. */
export const overdueNote = (c: Case) => `${STAGE_NAMES[c.status]}已超期`;
