import { DomainError } from '../common/domain-error';
import type { CaseEventType } from './case-event.entity';
import type { CaseStatus } from './case.enums';

/** Keeps the status the case had. */
export const SAME = 'same' as const;

interface Transition {
  /** Statuses the action may start from; `null` is "no case yet". */
  from: readonly (CaseStatus | null)[];
  /** The status after it; a list when the caller chooses (e.g. a return lands where the parent was). */
  to: CaseStatus | typeof SAME | readonly CaseStatus[];
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
  decideOwner: { from: ['returned'], to: 'dispatched', event: 'case.owner_decided', public: true },
  sign: { from: ['dispatched'], to: 'in_progress', event: 'case.signed', public: true },
  return: { from: WITH_DEPARTMENT, to: 'returned', event: 'case.returned', public: false },
  // A child unit hands a sub-dispatched case back to its parent, in the stage the parent left it in.
  returnToParent: { from: WITH_DEPARTMENT, to: ['dispatched', 'in_progress'], event: 'case.returned', public: false },
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

/**
 * The transition `action` makes from `status`, or a 409 naming why it is not allowed now. Where the
 * table offers several target statuses, `to` picks one of them.
 */
export function transition(action: CaseAction, status: CaseStatus | null, to?: CaseStatus): ResolvedTransition {
  const t: Transition = TRANSITIONS[action];
  assertCanStart(action, status);
  const toStatus = t.to === SAME ? status : typeof t.to === 'string' ? t.to : to;
  if (toStatus === null || toStatus === undefined || (Array.isArray(t.to) && !t.to.includes(toStatus))) {
    throw new Error(`Transition ${action} from ${status} cannot lead to ${String(toStatus)}`);
  }
  return { action, fromStatus: status, toStatus, event: t.event, public: t.public };
}

/** Throws the 409 of `transition` when `action` cannot start from `status`, before any work is done. */
export function assertCanStart(action: CaseAction, status: CaseStatus | null): void {
  const from: readonly (CaseStatus | null)[] = TRANSITIONS[action].from;
  if (!from.includes(status)) {
    throw DomainError.conflict(
      'INVALID_TRANSITION',
      `Cannot ${action} a case that is ${status ?? 'not yet created'} (allowed from: ${from.map((s) => s ?? 'new').join(', ')})`,
    );
  }
}

