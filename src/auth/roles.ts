export const ROLES = ['operator', 'handler', 'dept_lead', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the 12345 centre: they see every case, including the citizen's full contact details. */
export const CENTRE_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];

/** Roles that belong to a department and see only its cases (and its units'). */
export const DEPARTMENT_ROLES: readonly Role[] = ['handler', 'dept_lead'];

export const ALL_STAFF: Role[] = [...ROLES];
