import { DomainError } from '../common/domain-error';
import { transition, TRANSITIONS, type CaseAction } from './case-state-machine';
import { STATUSES, type CaseStatus } from './case.enums';

type From = CaseStatus | null;
const ALL_FROM: From[] = [null, ...STATUSES];

/**
 * Where each action may start and where it leaves the case, written out independently of the table
 * under test (from PRODUCT.md): `same` keeps the status.
 */
const EXPECTED: Record<CaseAction, { from: From[]; to: CaseStatus | 'same'; event: string; public: boolean }> = {
  intake: { from: [null], to: 'received', event: 'case.created', public: true },
  reclassify: { from: ['received', 'returned'], to: 'same', event: 'case.updated', public: false },
  dispatch: { from: ['received', 'returned'], to: 'dispatched', event: 'case.dispatched', public: true },
  subDispatch: { from: ['dispatched', 'in_progress'], to: 'dispatched', event: 'case.dispatched', public: true },
  decideOwner: { from: ['returned'], to: 'dispatched', event: 'case.owner_decided', public: true },
  sign: { from: ['dispatched'], to: 'in_progress', event: 'case.signed', public: true },
  return: { from: ['dispatched', 'in_progress'], to: 'returned', event: 'case.returned', public: false },
  // back to the parent, in the stage it chose (below: 'dispatched'; 'in_progress' is checked apart)
  returnToParent: { from: ['dispatched', 'in_progress'], to: 'dispatched', event: 'case.returned', public: false },
  assign: { from: ['in_progress'], to: 'same', event: 'case.assigned', public: false },
  note: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.noted', public: false },
  attach: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.attachment_added', public: false },
  requestExtension: { from: ['in_progress'], to: 'same', event: 'case.extension_requested', public: false },
  decideExtension: { from: ['in_progress'], to: 'same', event: 'case.extension_decided', public: true },
  reply: { from: ['in_progress'], to: 'replied', event: 'case.replied', public: true },
  callback: { from: ['replied'], to: 'closed', event: 'case.closed', public: true },
  rate: { from: ['replied'], to: 'closed', event: 'case.rated', public: true },
  reopen: { from: ['replied'], to: 'in_progress', event: 'case.reopened', public: true },
  close: { from: ['received', 'returned'], to: 'closed', event: 'case.closed', public: true },
  merge: { from: ['received', 'returned'], to: 'closed', event: 'case.merged', public: true },
  transfer: { from: ['received', 'returned'], to: 'closed', event: 'case.transferred', public: true },
  supervise: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.supervised', public: false },
  remind: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.reminded', public: false },
  markOverdue: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.overdue', public: false },
  // back to the department whose return was refused, in the stage it returned it from (below: 'dispatched')
  rejectReturn: { from: ['returned'], to: 'dispatched', event: 'case.return_refused', public: false },
  requestPause: { from: ['in_progress'], to: 'same', event: 'case.pause_requested', public: false },
  approvePause: { from: ['in_progress'], to: 'same', event: 'case.paused', public: true },
  refusePause: { from: ['in_progress'], to: 'same', event: 'case.pause_refused', public: false },
  resume: { from: ['in_progress'], to: 'same', event: 'case.resumed', public: true },
  // a supervisor's incident: the centre's cases merge into the master, the departments' are linked
  incidentMerge: { from: ['received', 'returned'], to: 'closed', event: 'case.merged', public: true },
  incidentLink: { from: ['received', 'dispatched', 'returned', 'in_progress', 'replied'], to: 'same', event: 'case.linked', public: false },
};
const ACTIONS = Object.keys(EXPECTED) as CaseAction[];

const allowed = ACTIONS.flatMap((action) =>
  EXPECTED[action].from.map((from) => [action, from, EXPECTED[action].to === 'same' ? from : EXPECTED[action].to] as const),
);
const refused = ACTIONS.flatMap((action) =>
  ALL_FROM.filter((from) => !EXPECTED[action].from.includes(from)).map((from) => [action, from] as const),
);

/** The target status the caller chooses, for actions whose table entry offers several. */
const CHOSEN: Partial<Record<CaseAction, CaseStatus>> = { returnToParent: 'dispatched', rejectReturn: 'dispatched' };

function refusal(action: CaseAction, from: From): DomainError {
  try {
    transition(action, from, CHOSEN[action]);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`${action} from ${from} was allowed`);
}

describe('case state machine', () => {
  it('knows exactly the expected actions', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });

  describe('representative moves', () => {
    it.each<[CaseAction, From, CaseStatus]>([
      ['intake', null, 'received'],
      ['dispatch', 'received', 'dispatched'],
      ['dispatch', 'returned', 'dispatched'],
      ['sign', 'dispatched', 'in_progress'],
      ['return', 'dispatched', 'returned'],
      ['return', 'in_progress', 'returned'],
      ['reply', 'in_progress', 'replied'],
      ['callback', 'replied', 'closed'],
      ['rate', 'replied', 'closed'],
      ['reopen', 'replied', 'in_progress'],
      ['close', 'received', 'closed'],
      ['close', 'returned', 'closed'],
      ['merge', 'received', 'closed'],
      ['note', 'replied', 'replied'],
      ['remind', 'dispatched', 'dispatched'],
    ])('%s from %s → %s', (action, from, to) => {
      expect(transition(action, from).toStatus).toBe(to);
    });

    it.each<[CaseAction, From]>([
      ['intake', 'received'],
      ['dispatch', null],
      ['dispatch', 'dispatched'],
      ['dispatch', 'in_progress'],
      ['sign', 'received'],
      ['sign', 'in_progress'],
      ['sign', 'returned'],
      ['reply', 'dispatched'],
      ['reply', 'replied'],
      ['close', 'dispatched'],
      ['close', 'in_progress'],
      ['close', 'replied'],
      ['close', 'closed'],
      ['callback', 'in_progress'],
      ['reopen', 'closed'],
      ['return', 'returned'],
      ['note', 'closed'],
    ])('%s from %s is refused', (action, from) => {
      expect(() => transition(action, from)).toThrow(DomainError);
    });
  });

  describe.each(allowed)('%s from %s', (action, from, to) => {
    it(`is allowed and leaves the case ${to}, with its event`, () => {
      expect(transition(action, from, CHOSEN[action])).toEqual({
        action,
        fromStatus: from,
        toStatus: to,
        event: EXPECTED[action].event,
        public: EXPECTED[action].public,
      });
    });
  });

  it.each(refused)('%s from %s is refused with 409 INVALID_TRANSITION', (action, from) => {
    const error = refusal(action, from);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toContain(action);
    expect(error.message).toContain(from ?? 'not yet created');
  });

  it('allows nothing from closed', () => {
    for (const action of ACTIONS) expect(() => transition(action, 'closed', CHOSEN[action])).toThrow(DomainError);
  });

  it('returns a case to its parent in the stage the parent chose, and nowhere else', () => {
    expect(transition('returnToParent', 'in_progress', 'in_progress').toStatus).toBe('in_progress');
    expect(transition('returnToParent', 'dispatched', 'dispatched').toStatus).toBe('dispatched');
    expect(() => transition('returnToParent', 'dispatched', 'replied')).toThrow();
    expect(() => transition('returnToParent', 'dispatched')).toThrow();
  });

  it('allows only intake when there is no case yet', () => {
    const fromNothing = ACTIONS.filter((action) => {
      try {
        transition(action, null, CHOSEN[action]);
        return true;
      } catch {
        return false;
      }
    });
    expect(fromNothing).toEqual(['intake']);
  });

  it('lets every open status reach closed', () => {
    // a walk over allowed moves: no open case is stuck forever
    const reachesClosed = new Set<CaseStatus>(['closed']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [, from, to] of allowed) {
        if (from && !reachesClosed.has(from) && reachesClosed.has(to as CaseStatus)) {
          reachesClosed.add(from);
          changed = true;
        }
      }
    }
    expect([...reachesClosed].sort()).toEqual([...STATUSES].sort());
  });
});
