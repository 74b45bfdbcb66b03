import { DomainError } from '../common/domain-error';
import type { CaseEventType } from './case-event.entity';
import type { CaseStatus } from './case.enums';

/** Keeps the status the case had. */
export const SAME = 'same' as const;

interface Transition {
  /** Statuses the action may start from; `null` is "no case yet". */
  from: readonly (CaseStatus | null)[];
  to: CaseStatus | typeof SAME;
  event: CaseEventType;
  /** Whether the citizen's timeline shows the event. */
  public: boolean;
}

const OPEN: readonly CaseStatus[] = ['received', 'dispatched', 'returned', 'in_progress', 'replied'];
const AT_CENTRE: readonly CaseStatus[] = ['received', 'returned'];
const WITH_DEPARTMENT: readonly CaseStatus[] = ['dispatched', 'in_progress'];

/**
 * Every way a case may change, in one table. Modules ask `transition(action, status)`; none checks a
 * status on its own.
 */
export const TRANSITIONS = {
  intake: { from: [null], to: 'received', event: 'case.created', public: true },
  reclassify: { from: AT_CENTRE, to: SAME, event: 'case.updated', public: false },
  dispatch: { from: AT_CENTRE, to: 'dispatched', event: 'case.dispatched', public: true },
  subDispatch: { from: WITH_DEPARTMENT, to: 'dispatched', event: 'case.dispatched', public: true },
  decideOwner: { from: AT_CENTRE, to: 'dispatched', event: 'case.owner_decided', public: true },
  sign: { from: ['dispatched'], to: 'in_progress', event: 'case.signed', public: true },
  return: { from: WITH_DEPARTMENT, to: 'returned', event: 'case.returned', public: false },
  assign: { from: ['in_progress'], to: SAME, event: 'case.assigned', public: false },
  note: { from: OPEN, to: SAME, event: 'case.noted', public: false },
  requestExtension: { from: ['in_progress'], to: SAME, event: 'case.extension_requested', public: false },
  decideExtension: { from: ['in_progress'], to: SAME, event: 'case.extension_decided', public: true },
  reply: { from: ['in_progress'], to: 'replied', event: 'case.replied', public: true },
  callback: { from: ['replied'], to: 'closed', event: 'case.closed', public: true },
  rate: { from: ['replied'], to: 'closed', event: 'case.rated', public: true },
  reopen: { from: ['replied'], to: 'in_progress', event: 'case.reopened', public: true },
  close: { from: AT_CENTRE, to: 'closed', event: 'case.closed', public: true },
  merge: { from: AT_CENTRE, to: 'closed', event: 'case.merged', public: true },
  supervise: { from: OPEN, to: SAME, event: 'case.supervised', public: false },
  remind: { from: OPEN, to: SAME, event: 'case.reminded', public: false },
  markOverdue: { from: OPEN, to: SAME, event: 'case.overdue', public: false },
} as const satisfies Record<string, Transition>;

export type CaseAction = keyof typeof TRANSITIONS;

export interface ResolvedTransition {
  action: CaseAction;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  event: CaseEventType;
  public: boolean;
}

/** The transition `action` makes from `status`, or a 409 naming why it is not allowed now. */
export function transition(action: CaseAction, status: CaseStatus | null): ResolvedTransition {
  const t: Transition = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw DomainError.conflict(
      'INVALID_TRANSITION',
      `Cannot ${action} a case that is ${status ?? 'not yet created'} (allowed from: ${t.from.map((s) => s ?? 'new').join(', ')})`,
    );
  }
  const toStatus = t.to === SAME ? status : t.to;
  if (toStatus === null) throw new Error(`Transition ${action} leaves no status`);
  return { action, fromStatus: status, toStatus, event: t.event, public: t.public };
}

export function isOpen(status: CaseStatus): boolean {
  return status !== 'closed';
}
