import type { AdminRole } from '../../db/schema/admin.ts';
export type { AdminRole };
export { ADMIN_ROLES } from '../../db/schema/admin.ts';

/** What a route needs. `admin` holds every permission. */
export type Permission = 'dashboard' | 'disputes' | 'kyc' | 'withdrawals' | 'merchants' | 'users' | 'users.manage' | 'settings' | 'audit' | 'admins';

const GRANTS: Record<AdminRole, readonly Permission[] | 'all'> = {
  admin: 'all',
  arbitrator: ['dashboard', 'disputes', 'users'],
  kyc: ['dashboard', 'kyc', 'users'],
  finance: ['dashboard', 'withdrawals', 'merchants', 'users'],
};

export function can(role: AdminRole, permission: Permission): boolean {
  const g = GRANTS[role];
  return g === 'all' || g.includes(permission);
}
