import { ErrorCode, Refusal } from '../common/domain-error';
import type { CaseEventType } from './case-event.entity';
import type { Case } from './case.entity';
import type { CaseStatus } from './case.enums';

/** Keeps the status the case had. */
export const SAME = 'same' as const;

/** Cases returned more than this many times wait for a supervisor's binding decision. */
export const RETURNS_BEFORE_DECISION = 2;
/** At most this many extensions are approved for one case. */
export const MAX_APPROVED_EXTENSIONS = 2;
/** At most this many pauses (挂起) are approved for one case. */
export const MAX_APPROVED_PAUSES = 2;

/** What a guard may read of a case: its row. */
export type CaseState = Pick<
  Case,
  | 'status'
  | 'ownerDepartmentId'
  | 'accountableDepartmentId'
  | 'categoryCode'
  | 'regionCode'
  | 'returnCount'
  | 'finalOwner'
  | 'dispatchedAt'
  | 'extensionPending'
  | 'extensionsApproved'
  | 'replyDeadline'
  | 'returnsRefusedTo'
  | 'pausePending'
  | 'pausesApproved'
  | 'pausedAt'
>;

/** What guards need besides the case: the time, the calendar and the department tree, all in memory. */
export interface GuardContext {
  now: Date;
  /** When a department that received a case at `dispatchedAt` may no longer return it. */
  returnWindowEnds(dispatchedAt: Date): Date;
  /** The active units directly below a department. */
  childUnits(departmentId: string): readonly string[];
}

/** Why an action cannot be taken on this case now (a 409), or null when nothing stands in the way. */
type Guard = (c: CaseState, ctx: GuardContext) => Refusal | null;

interface Transition {
  /** Statuses the action may start from; `null` is "no case yet". */
  from: readonly (CaseStatus | null)[];
  /** The status after it; a list when the caller chooses (e.g. a return lands where the parent was). */
  to: CaseStatus | typeof SAME | readonly CaseStatus[];
  event: CaseEventType;
  /** Whether the citizen's timeline shows the event. */
  public: boolean;
  /** The route (`POST /api/cases/:id/<verb>`, `update` for the PATCH) that takes this action, if staff call it. */
  verb?: CaseVerb;
  /** Conditions beyond the status, checked before any work is done and when listing `allowedActions`. */
  guard?: Guard;
}

/** The verbs of the case routes, as `allowedActions` lists them (CONTRACT.md). */
export const CASE_VERBS = [
  'update',
  'dispatch',
  'sign',
  'return',
  'assign',
  'notes',
  'reply',
  'callback',
  'close',
  'extension',
  'extension/decision',
  'supervise',
  'decide-owner',
  'reject-return',
  'pause',
  'pause/decision',
  'resume',
  'attachments',
] as const;
export type CaseVerb = (typeof CASE_VERBS)[number];

const OPEN: readonly CaseStatus[] = ['received', 'dispatched', 'returned', 'in_progress', 'replied'];
const AT_CENTRE: readonly CaseStatus[] = ['received', 'returned'];
const WITH_DEPARTMENT: readonly CaseStatus[] = ['dispatched', 'in_progress'];

export const awaitingDecision = (c: Pick<CaseState, 'status' | 'returnCount'>) =>
  c.status === 'returned' && c.returnCount > RETURNS_BEFORE_DECISION;

const guards = {
  classified: (c: CaseState) =>
    c.categoryCode === null || c.regionCode === null
      ? Refusal.conflict(ErrorCode.CLASSIFY_FIRST, 'Give the case a category and a region before dispatching it (PATCH the case)')
      : null,
  notAwaitingDecision: (c: CaseState) =>
    awaitingDecision(c)
      ? Refusal.conflict(
          ErrorCode.AWAITING_DECISION,
          `This case was returned ${c.returnCount} times: only a supervisor's decide-owner can give it an owner now`,
        )
      : null,
  hasChildUnits: (c: CaseState, ctx: GuardContext) =>
    c.ownerDepartmentId === null || ctx.childUnits(c.ownerDepartmentId).length === 0
      ? Refusal.conflict(ErrorCode.NO_CHILD_UNITS, 'Your department has no active units to pass the case down to')
      : null,
  withinReturnWindow: (c: CaseState, ctx: GuardContext) => {
    if (!c.dispatchedAt) return null;
    const ends = ctx.returnWindowEnds(c.dispatchedAt);
    return ctx.now > ends
      ? Refusal.conflict(
          ErrorCode.RETURN_WINDOW_CLOSED,
          `A case can be returned only within 2 working days of dispatch (until ${ends.toISOString()})`,
        )
      : null;
  },
  /** A supervisor decided this department is in charge: it cannot hand the case back to the centre. */
  notFinalOwner: (c: CaseState) =>
    c.finalOwner && c.ownerDepartmentId === c.accountableDepartmentId
      ? Refusal.conflict(ErrorCode.FINAL_OWNER, 'A supervisor decided this department is in charge: it cannot be returned')
      : null,
  noPendingExtension: (c: CaseState) =>
    c.extensionPending ? Refusal.conflict(ErrorCode.EXTENSION_PENDING, 'An extension request for this case is already waiting for a decision') : null,
  extensionsLeft: (c: CaseState) =>
    c.extensionsApproved >= MAX_APPROVED_EXTENSIONS
      ? Refusal.conflict(ErrorCode.EXTENSION_LIMIT, `A case gets at most ${MAX_APPROVED_EXTENSIONS} extensions`)
      : null,
  pendingExtension: (c: CaseState) =>
    c.extensionPending ? null : Refusal.conflict(ErrorCode.NO_PENDING_EXTENSION, 'There is no extension request waiting for a decision'),
  /** The centre refused this department's return once (派单异议审核): it keeps the case. */
  returnNotRefused: (c: CaseState) =>
    c.ownerDepartmentId !== null && c.returnsRefusedTo.includes(c.ownerDepartmentId)
      ? Refusal.conflict(ErrorCode.RETURN_REFUSED, 'The centre refused this department’s return of this case once: it cannot be returned again')
      : null,
  /** Only a return by a department can be refused; the first dispatch's queue has nothing to send back. */
  returnedByDepartment: (c: CaseState) =>
    c.returnCount > 0
      ? null
      : Refusal.conflict(ErrorCode.NOT_RETURNED_BY_DEPARTMENT, 'This case was not returned by a department: there is no return to refuse'),
  notPaused: (c: CaseState) =>
    c.pausedAt ? Refusal.conflict(ErrorCode.CASE_PAUSED, 'The case is paused (挂起): resume it first') : null,
  paused: (c: CaseState) => (c.pausedAt ? null : Refusal.conflict(ErrorCode.NOT_PAUSED, 'The case is not paused')),
  notOverdue: (c: CaseState, ctx: GuardContext) =>
    c.replyDeadline && c.replyDeadline < ctx.now
      ? Refusal.conflict(ErrorCode.CASE_OVERDUE, 'An overdue case cannot be paused: its reply deadline has passed')
      : null,
  noPendingPause: (c: CaseState) =>
    c.pausePending ? Refusal.conflict(ErrorCode.PAUSE_PENDING, 'A pause request for this case is already waiting for a decision') : null,
  pausesLeft: (c: CaseState) =>
    c.pausesApproved >= MAX_APPROVED_PAUSES
      ? Refusal.conflict(ErrorCode.PAUSE_LIMIT, `A case may be paused at most ${MAX_APPROVED_PAUSES} times`)
      : null,
  pendingPause: (c: CaseState) =>
    c.pausePending ? null : Refusal.conflict(ErrorCode.NO_PENDING_PAUSE, 'There is no pause request waiting for a decision'),
} satisfies Record<string, Guard>;

const all =
  (...list: Guard[]): Guard =>
  (c, ctx) => {
    for (const guard of list) {
      const refusal = guard(c, ctx);
      if (refusal) return refusal;
    }
    return null;
  };

/**
 * Every way a case may change, in one table: from which statuses, to which, with which event, by which
 * route, and on which further conditions. Modules ask `transition(action, …)`; none checks a status on
 * its own.
 */
export const TRANSITIONS = {
  intake: { from: [null], to: 'received', event: 'case.created', public: true },
  reclassify: { from: AT_CENTRE, to: SAME, event: 'case.updated', public: false, verb: 'update' },
  dispatch: {
    from: AT_CENTRE,
    to: 'dispatched',
    event: 'case.dispatched',
    public: true,
    verb: 'dispatch',
    guard: all(guards.notAwaitingDecision, guards.classified),
  },
  subDispatch: {
    from: WITH_DEPARTMENT,
    to: 'dispatched',
    event: 'case.dispatched',
    public: true,
    verb: 'dispatch',
    guard: all(guards.notPaused, guards.hasChildUnits),
  },
  decideOwner: { from: ['returned'], to: 'dispatched', event: 'case.owner_decided', public: true, verb: 'decide-owner', guard: guards.classified },
  sign: { from: ['dispatched'], to: 'in_progress', event: 'case.signed', public: true, verb: 'sign' },
  return: {
    from: WITH_DEPARTMENT,
    to: 'returned',
    event: 'case.returned',
    public: false,
    verb: 'return',
    guard: all(guards.notPaused, guards.withinReturnWindow, guards.notFinalOwner, guards.returnNotRefused),
  },
  // The centre refuses a department's return (派单异议审核): the case goes back to it as it was.
  rejectReturn: {
    from: ['returned'],
    to: ['dispatched', 'in_progress'],
    event: 'case.return_refused',
    public: false,
    verb: 'reject-return',
    guard: guards.returnedByDepartment,
  },
  // A child unit hands a sub-dispatched case back to its parent, in the stage the parent left it in
  // (`return` decides which of the two a return is).
  returnToParent: { from: WITH_DEPARTMENT, to: ['dispatched', 'in_progress'], event: 'case.returned', public: false },
  assign: { from: ['in_progress'], to: SAME, event: 'case.assigned', public: false, verb: 'assign' },
  note: { from: OPEN, to: SAME, event: 'case.noted', public: false, verb: 'notes' },
  // A file added to an open case (a photo, a written answer); the citizen's timeline shows it when public.
  attach: { from: OPEN, to: SAME, event: 'case.attachment_added', public: false, verb: 'attachments' },
  requestExtension: {
    from: ['in_progress'],
    to: SAME,
    event: 'case.extension_requested',
    public: false,
    verb: 'extension',
    guard: all(guards.notPaused, guards.noPendingExtension, guards.extensionsLeft),
  },
  decideExtension: {
    from: ['in_progress'],
    to: SAME,
    event: 'case.extension_decided',
    public: true,
    verb: 'extension/decision',
    guard: guards.pendingExtension,
  },
  // 挂起: the owner asks, a supervisor decides; while paused the reply clock stands still.
  requestPause: {
    from: ['in_progress'],
    to: SAME,
    event: 'case.pause_requested',
    public: false,
    verb: 'pause',
    guard: all(guards.notPaused, guards.notOverdue, guards.noPendingPause, guards.pausesLeft),
  },
  approvePause: { from: ['in_progress'], to: SAME, event: 'case.paused', public: true, verb: 'pause/decision', guard: guards.pendingPause },
  refusePause: { from: ['in_progress'], to: SAME, event: 'case.pause_refused', public: false, verb: 'pause/decision', guard: guards.pendingPause },
  resume: { from: ['in_progress'], to: SAME, event: 'case.resumed', public: true, verb: 'resume', guard: guards.paused },
  // A reply also ends a pause (the workflow's `endPause` moves the reply deadline first).
  reply: { from: ['in_progress'], to: 'replied', event: 'case.replied', public: true, verb: 'reply' },
  callback: { from: ['replied'], to: 'closed', event: 'case.closed', public: true, verb: 'callback' },
  rate: { from: ['replied'], to: 'closed', event: 'case.rated', public: true },
  reopen: { from: ['replied'], to: 'in_progress', event: 'case.reopened', public: true },
  close: { from: AT_CENTRE, to: 'closed', event: 'case.closed', public: true, verb: 'close' },
  merge: { from: AT_CENTRE, to: 'closed', event: 'case.merged', public: true },
  // The call belongs to the police, fire, ambulance or traffic-accident line: handed over and closed.
  transfer: { from: AT_CENTRE, to: 'closed', event: 'case.transferred', public: true, verb: 'close' },
  // A supervisor's incident (事件): the centre's cases merge into its master; a department's stay open, linked.
  incidentMerge: { from: AT_CENTRE, to: 'closed', event: 'case.merged', public: true },
  incidentLink: { from: OPEN, to: SAME, event: 'case.linked', public: false },
  supervise: { from: OPEN, to: SAME, event: 'case.supervised', public: false, verb: 'supervise' },
  remind: { from: OPEN, to: SAME, event: 'case.reminded', public: false },
  markOverdue: { from: OPEN, to: SAME, event: 'case.overdue', public: false },
} as const satisfies Record<string, Transition>;

export type CaseAction = keyof typeof TRANSITIONS;

/** The actions each verb may take (a dispatch by the centre or down to a child unit, …). */
export const ACTIONS_BY_VERB: ReadonlyMap<CaseVerb, readonly CaseAction[]> = (() => {
  const byVerb = new Map<CaseVerb, CaseAction[]>();
  for (const [action, t] of Object.entries(TRANSITIONS) as [CaseAction, Transition][]) {
    if (t.verb) byVerb.set(t.verb, [...(byVerb.get(t.verb) ?? []), action]);
  }
  return byVerb;
})();

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
  const refused = statusRefusal(action, status);
  if (refused) throw refused.toError();
  const toStatus = t.to === SAME ? status : typeof t.to === 'string' ? t.to : to;
  if (toStatus === null || toStatus === undefined || (Array.isArray(t.to) && !t.to.includes(toStatus))) {
    throw new Error(`Transition ${action} from ${status} cannot lead to ${String(toStatus)}`);
  }
  return { action, fromStatus: status, toStatus, event: t.event, public: t.public };
}

/** Why `action` cannot be taken on `c` now — its status, then its guard — or null when it can. */
export function refusal(action: CaseAction, c: CaseState, ctx: GuardContext): Refusal | null {
  const t: Transition = TRANSITIONS[action];
  return statusRefusal(action, c.status) ?? t.guard?.(c, ctx) ?? null;
}

/** Throws the 409 of `refusal`, before any work is done. */
export function assertCanStart(action: CaseAction, c: CaseState, ctx: GuardContext): void {
  const refused = refusal(action, c, ctx);
  if (refused) throw refused.toError();
}

function statusRefusal(action: CaseAction, status: CaseStatus | null): Refusal | null {
  const from: readonly (CaseStatus | null)[] = TRANSITIONS[action].from;
  if (from.includes(status)) return null;
  return Refusal.conflict(
    ErrorCode.INVALID_TRANSITION,
    `Cannot ${action} a case that is ${status ?? 'not yet created'} (allowed from: ${from.map((s) => s ?? 'new').join(', ')})`,
  );
}
