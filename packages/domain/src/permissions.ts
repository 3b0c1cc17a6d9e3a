/**
 * Named permissions. Every API route declares one of these (or is public); a role is a set of them.
 * Names follow `<resource>.<action>`.
 */
export const PERMISSIONS = [
  'catalog.read',
  'sale.create',
  'sale.read',
  'sale.discount.override',
  'sale.price_override',
  'sale.tax_exempt',
  'sale.void',
  'refund.create',
  'drawer.no_sale',
  'shift.open',
  'shift.close',
  'product.write',
  'customer.write',
  'stock.adjust',
  'store.read',
  'user.read',
  'user.manage',
  'report.view',
  'settings.write',
  'audit.read',
  'export.run',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Permissions of the platform operator (routes under /api/v1/platform). Held only by a platform
 * admin's token after two-factor sign-in, never by a company role (not in PERMISSIONS, so an
 * owner, who holds every company permission, does not get them).
 */
export const PLATFORM_PERMISSIONS = ['platform.admin'] as const;

export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];

/** The built-in roles of every company. */
export type RoleName = 'owner' | 'manager' | 'cashier';

export const ROLE_NAMES: readonly RoleName[] = ['owner', 'manager', 'cashier'];

const CASHIER: readonly Permission[] = [
  'catalog.read',
  'sale.create',
  'sale.read',
  'store.read',
  'user.read',
  'shift.open',
  'shift.close',
  'refund.create',
];

const MANAGER: readonly Permission[] = [
  ...CASHIER,
  'sale.discount.override',
  'sale.price_override',
  'sale.tax_exempt',
  'sale.void',
  'drawer.no_sale',
  'product.write',
  'customer.write',
  'stock.adjust',
  'report.view',
  'export.run',
];

/** Default permissions of each built-in role. The owner holds every permission. */
export const ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly Permission[]>> = {
  owner: PERMISSIONS,
  manager: MANAGER,
  cashier: CASHIER,
};

/**
 * Default maximum line discount a role may give, in percent (decimal string). Like Square's
 * "discount permissions", cashiers get a small allowance and managers more; owners are unlimited.
 */
export const DEFAULT_MAX_DISCOUNT_PERCENT: Readonly<Record<RoleName, string>> = {
  owner: '100',
  manager: '50',
  cashier: '10',
};

/** True when the role's permission set includes `permission`. */
export function roleHasPermission(role: RoleName, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
