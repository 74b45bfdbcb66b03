import type { Case } from './types';

/** The deadline of the stage the case is in (the one "overdue" is about), or null when none runs. */
export function currentDeadline(c: Pick<Case, 'status' | 'dispatchDeadline' | 'signDeadline' | 'replyDeadline' | 'callbackDeadline'>): string | null {
  switch (c.status) {
    case 'received':
    case 'returned':
      return c.dispatchDeadline;
    case 'dispatched':
      return c.signDeadline;
    case 'in_progress':
      return c.replyDeadline;
    case 'replied':
      return c.callbackDeadline;
    default:
      return null;
  }
}

/** Which deadline that is, in words. */
export function stageLabel(status: Case['status']): string {
  switch (status) {
    case 'received':
    case 'returned':
      return '派单时限';
    case 'dispatched':
      return '签收时限';
    case 'in_progress':
      return '答复时限';
    case 'replied':
      return '回访时限';
    default:
      return '时限';
  }
}
