import { ForbiddenException } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../users/user.entity';
import type { CaseAction } from './case-state-machine';

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

/** Who may do what to a case: one entry per action, asked from one place (`authorize`). */
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
  reply: { roles: ['handler', 'dept_lead'], relation: 'owner' },
  callback: { roles: ['operator'] },
  close: { roles: ['operator'] },
  supervise: { roles: ['supervisor'] },
  requestExtension: { roles: ['dept_lead'], relation: 'owner' },
  decideExtension: { roles: ['supervisor'] },
} as const satisfies Partial<Record<CaseAction, Policy>>;

export type AuthorizedAction = keyof typeof CASE_POLICY;

/** The parts of a case that decide who may act on it. */
export interface CaseParties {
  ownerDepartmentId: string | null;
  coDepartmentIds: readonly string[];
}

/**
 * Throws 403 unless `user` may take `action` on a case they can already see (seeing is the scope's job,
 * and a case outside it is a 404 before this is asked).
 */
export function authorize(user: AuthUser, action: AuthorizedAction, parties: CaseParties): void {
  const policy: Policy = CASE_POLICY[action];
  if (!policy.roles.includes(user.role)) {
    throw new ForbiddenException(`A ${user.role} may not ${action} a case (allowed: ${policy.roles.join(', ')})`);
  }
  if (!policy.relation || user.departmentId === null) return;
  const owns = parties.ownerDepartmentId === user.departmentId;
  const coHandles = parties.coDepartmentIds.includes(user.departmentId);
  if (policy.relation === 'owner' && !owns) {
    throw new ForbiddenException(`Only the owning department may ${action} this case`);
  }
  if (policy.relation === 'participant' && !owns && !coHandles) {
    throw new ForbiddenException(`Only the owning or a co-handling department may ${action} this case`);
  }
}
