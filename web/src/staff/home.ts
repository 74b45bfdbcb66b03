import type { Role } from '../shared/types';

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  operator: '/intake',
  handler: '/inbox',
  dept_lead: '/inbox',
  supervisor: '/monitor',
  admin: '/monitor',
};
