/**
 * What the signed-in user may do to a case now — the console shows only those buttons. The server's
 * policy table (src/cases/case-policy.ts) and state machine (src/cases/case-state-machine.ts) remain the
 * authority; this mirrors them so that nobody is offered a button that can only fail.
 */
import type { Case, DepartmentNode, User } from '../shared/types';

export type CaseActionKey =
  | 'dispatch'
  | 'reclassify'
  | 'close'
  | 'callback'
  | 'note'
  | 'sign'
  | 'return'
  | 'assign'
  | 'reply'
  | 'requestExtension'
  | 'subDispatch'
  | 'supervise'
  | 'decideExtension'
  | 'decideOwner';

const AT_CENTRE = ['received', 'returned'];
const WITH_DEPARTMENT = ['dispatched', 'in_progress'];

export function awaitingDecision(c: Case): boolean {
  return c.status === 'returned' && c.returnCount > 2;
}

export function ownsCase(user: User, c: Case): boolean {
  return c.owner.type === 'department' && user.departmentId !== null && c.owner.departmentId === user.departmentId;
}

export function coHandles(user: User, c: Case): boolean {
  return c.coDepartments.some((d) => d.departmentId === user.departmentId);
}

/** The user's department's child units (for sub-dispatch). */
export function childUnits(user: User, departmentById: Map<string, DepartmentNode> | undefined): DepartmentNode[] {
  return (user.departmentId && departmentById?.get(user.departmentId)?.children) || [];
}

export function allowedActions(user: User, c: Case, departmentById?: Map<string, DepartmentNode>): Set<CaseActionKey> {
  const can = new Set<CaseActionKey>();
  const open = c.status !== 'closed';
  const role = user.role;
  const departmentStaff = role === 'handler' || role === 'dept_lead';
  const owner = departmentStaff && ownsCase(user, c);

  if (role === 'operator') {
    if (AT_CENTRE.includes(c.status)) {
      if (!awaitingDecision(c)) can.add('dispatch');
      can.add('reclassify');
      can.add('close');
    }
    if (c.status === 'replied') can.add('callback');
  }
  if (role === 'supervisor') {
    if (AT_CENTRE.includes(c.status) && !awaitingDecision(c)) can.add('dispatch');
    if (c.status === 'returned') can.add('decideOwner');
    if (open) can.add('supervise');
    if (c.pendingExtension && c.status === 'in_progress') can.add('decideExtension');
  }
  if (open && (role === 'operator' || role === 'supervisor' || (departmentStaff && (owner || coHandles(user, c))))) can.add('note');
  if (owner) {
    if (c.status === 'dispatched') can.add('sign');
    if (WITH_DEPARTMENT.includes(c.status) && !c.finalOwner) can.add('return');
    if (c.status === 'in_progress') can.add('reply');
    if (role === 'dept_lead') {
      if (c.status === 'in_progress') can.add('assign');
      if (c.status === 'in_progress' && !c.pendingExtension) can.add('requestExtension');
      if (WITH_DEPARTMENT.includes(c.status) && childUnits(user, departmentById).length > 0) can.add('subDispatch');
    }
  }
  return can;
}
