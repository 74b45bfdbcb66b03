import { Injectable } from '@nestjs/common';
import { type AuthUser, seesAllCases } from '../auth/auth-user';
import type { DepartmentTree } from '../departments/department-tree';
import { DepartmentsService } from '../departments/departments.service';

/**
 * Who may see a case — the one rule, used by lists, single reads, the citizen-facing live feed's staff
 * side, replays, figures and the workflow's scope check:
 *
 * - the 12345 centre (operators, supervisors, admins) sees every case;
 * - a department sees the cases that it or one of its units (分级负责) owns or co-handles (协办), and
 *   every event that moves a case to or away from them.
 */
export type CaseScope = { kind: 'all' } | { kind: 'departments'; departmentId: string; departmentIds: readonly string[] };

/** The departments a case (or one event of it) involves: its owner(s) before and after, its co-handlers. */
export interface CaseParties {
  ownerDepartmentIds: readonly (string | null)[];
  coDepartmentIds: readonly string[];
}

export function scopeOf(user: Pick<AuthUser, 'id' | 'role' | 'departmentId'>, tree: DepartmentTree): CaseScope {
  if (seesAllCases(user)) return { kind: 'all' };
  if (!user.departmentId) throw new Error(`User ${user.id} has role ${user.role} but no department`);
  return { kind: 'departments', departmentId: user.departmentId, departmentIds: tree.subtree(user.departmentId) };
}

export function sees(scope: CaseScope, parties: CaseParties): boolean {
  if (scope.kind === 'all') return true;
  return [...parties.ownerDepartmentIds, ...parties.coDepartmentIds].some((id) => id !== null && scope.departmentIds.includes(id));
}

/**
 * Every department whose scope sees cases with these parties: each party and every unit above it. The
 * inverse of `sees` (D sees the parties ⇔ D is in this list), for delivering to departments by room.
 */
export function departmentsSeeing(parties: CaseParties, tree: DepartmentTree): string[] {
  const seeing = new Set<string>();
  for (const id of [...parties.ownerDepartmentIds, ...parties.coDepartmentIds]) {
    if (id !== null) for (const unit of tree.ancestors(id)) seeing.add(unit);
  }
  return [...seeing];
}

/** The scope of a staff member, with the department tree as it is now. */
@Injectable()
export class CaseAccess {
  constructor(private readonly departments: DepartmentsService) {}

  async scopeOf(user: Pick<AuthUser, 'id' | 'role' | 'departmentId'>): Promise<CaseScope> {
    return seesAllCases(user) ? { kind: 'all' } : scopeOf(user, await this.departments.hierarchy());
  }
}
