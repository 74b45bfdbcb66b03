import { ErrorCode, Refusal } from '../common/domain-error';
import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/roles';
import {
  ACTIONS_BY_VERB,
  CASE_VERBS,
  refusal,
  type CaseAction,
  type CaseState,
  type CaseVerb,
  type GuardContext,
} from './case-state-machine';

/**
 * How a department user must relate to the case to act on it:
 * - `owner`: their department owns it (谁主管谁负责: only the owner signs, returns, assigns, replies);
 * - `participant`: their department owns or co-handles it (协办 adds notes).
 * Centre roles act on any case they may see; the state machine decides whether now is the moment.
 */
type Relation = 'owner' | 'participant';

interface Policy {
  roles: readonly Role[];
  relation?: Relation;
}

/** Who may do what to a case: one entry per action, asked from one place (`authorize`, `allowedVerbs`). */
export const CASE_POLICY = {
  reclassify: { roles: ['operator'] },
  dispatch: { roles: ['operator', 'supervisor'] },
  subDispatch: { roles: ['dept_lead'], relation: 'owner' },
  decideOwner: { roles: ['supervisor'] },
  sign: { roles: ['handler', 'dept_lead'], relation: 'owner' },
  return: { roles: ['handler', 'dept_lead'], relation: 'owner' },
  returnToParent: { roles: ['handler', 'dept_lead'], relation: 'owner' },
  assign: { roles: ['dept_lead'], relation: 'owner' },
  note: { roles: ['operator', 'supervisor', 'handler', 'dept_lead'], relation: 'participant' },
  attach: { roles: ['operator', 'supervisor', 'handler', 'dept_lead'], relation: 'participant' },
  reply: { roles: ['handler', 'dept_lead'], relation: 'owner' },
  callback: { roles: ['operator'] },
  close: { roles: ['operator'] },
  transfer: { roles: ['operator'] },
  supervise: { roles: ['supervisor'] },
  requestExtension: { roles: ['dept_lead'], relation: 'owner' },
  decideExtension: { roles: ['supervisor'] },
  rejectReturn: { roles: ['operator', 'supervisor'] },
  requestPause: { roles: ['dept_lead'], relation: 'owner' },
  approvePause: { roles: ['supervisor'] },
  refusePause: { roles: ['supervisor'] },
  resume: { roles: ['dept_lead', 'supervisor'], relation: 'owner' },
  incidentMerge: { roles: ['supervisor'] },
  incidentLink: { roles: ['supervisor'] },
} as const satisfies Partial<Record<CaseAction, Policy>>;

export type AuthorizedAction = keyof typeof CASE_POLICY;

/** The parts of a case that decide who may act on it. */
export interface CaseHolders {
  ownerDepartmentId: string | null;
  coDepartmentIds: readonly string[];
}

/** Why `user` may not take `action` on a case they can see (a 403), or null when they may. */
export function forbidden(user: AuthUser, action: AuthorizedAction, holders: CaseHolders): Refusal | null {
  const policy: Policy = CASE_POLICY[action];
  if (!policy.roles.includes(user.role)) {
    return Refusal.forbidden(ErrorCode.ROLE_MAY_NOT, `A ${user.role} may not ${action} a case (allowed: ${policy.roles.join(', ')})`);
  }
  if (!policy.relation || user.departmentId === null) return null;
  const owns = holders.ownerDepartmentId === user.departmentId;
  const coHandles = holders.coDepartmentIds.includes(user.departmentId);
  if (policy.relation === 'owner' && !owns) {
    return Refusal.forbidden(ErrorCode.NOT_THE_OWNER, `Only the owning department may ${action} this case`);
  }
  if (policy.relation === 'participant' && !owns && !coHandles) {
    return Refusal.forbidden(ErrorCode.NOT_A_PARTICIPANT, `Only the owning or a co-handling department may ${action} this case`);
  }
  return null;
}

/**
 * Throws 403 unless `user` may take `action` on a case they can already see (seeing is the scope's job,
 * and a case outside it is a 404 before this is asked).
 */
export function authorize(user: AuthUser, action: AuthorizedAction, holders: CaseHolders): void {
  const refused = forbidden(user, action, holders);
  if (refused) throw refused.toError();
}

const isAuthorized = (action: CaseAction): action is AuthorizedAction => action in CASE_POLICY;

/**
 * The verbs `user` could call on the case now with a valid body without a 403 or a 409: the policy
 * (who) and the state machine (when) decide, exactly as they do when the call is made.
 */
export function allowedVerbs(user: AuthUser, c: CaseState & CaseHolders, ctx: GuardContext): CaseVerb[] {
  return CASE_VERBS.filter((verb) =>
    (ACTIONS_BY_VERB.get(verb) ?? []).some((action) => isAuthorized(action) && !forbidden(user, action, c) && !refusal(action, c, ctx)),
  );
}
