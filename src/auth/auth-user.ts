import { CENTRE_ROLES, type Role } from './roles';

/** The authenticated staff member behind a request, as the guards and services see them. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

/** Operators, supervisors and admins see every case, including the citizen's full contact details. */
export function seesAllCases(user: Pick<AuthUser, 'role'>): boolean {
  return CENTRE_ROLES.includes(user.role);
}
