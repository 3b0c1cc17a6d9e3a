import { z } from 'zod';
import { PERMISSIONS } from '@kassa/domain';
import { RoleName } from './auth.ts';

/** A permission name of packages/domain PERMISSIONS. */
export const PermissionName = z.enum(PERMISSIONS);

/** A store scope: the stores a user or role may act in; null = every store of the company. */
const StoreScope = z
  .array(z.uuid())
  .max(500)
  .nullable()
  .describe('Stores this user or role may act in; null = every store');

/** A 4-6 digit PIN for switching user and approving at the register. */
export const Pin = z.string().regex(/^\d{4,6}$/, '4 to 6 digits');

/** A password: 10 to 200 characters (NIST SP 800-63B: length over composition rules). */
export const NewPassword = z.string().min(10, 'at least 10 characters').max(200);

/** A member of staff as the back office sees them. */
export const StaffUser = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: RoleName,
  customRoleId: z.uuid().nullable(),
  customRoleName: z.string().nullable(),
  storeIds: StoreScope,
  active: z.boolean(),
  hasPin: z.boolean(),
  twoFactor: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type StaffUser = z.infer<typeof StaffUser>;

export const StaffUserList = z.object({ items: z.array(StaffUser) });
export type StaffUserList = z.infer<typeof StaffUserList>;

/**
 * Create a member of staff. Without `password` the user is invited: an e-mail carries a link to
 * set their own password (single use, 72 hours).
 */
export const CreateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(120),
    email: z.string().trim().toLowerCase().pipe(z.email()),
    role: RoleName,
    customRoleId: z.uuid().nullable().optional(),
    storeIds: StoreScope.optional(),
    password: NewPassword.optional(),
    pin: Pin.optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** Change a user's name, role, custom role or stores (only the fields given). */
export const UpdateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    role: RoleName.optional(),
    customRoleId: z.uuid().nullable().optional(),
    storeIds: StoreScope.optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** Set (reset) a user's PIN. */
export const SetPinRequest = z.object({ pin: Pin }).strict();
export type SetPinRequest = z.infer<typeof SetPinRequest>;

/** A custom role: a named set of permissions, optionally limited to some stores. */
export const CustomRole = z.object({
  id: z.uuid(),
  name: z.string(),
  permissions: z.array(PermissionName),
  storeIds: StoreScope,
  userCount: z.number().int(),
});
export type CustomRole = z.infer<typeof CustomRole>;

export const CustomRoleList = z.object({
  items: z.array(CustomRole),
  /** Every permission a role can hold, for building role editors. */
  permissions: z.array(PermissionName),
});
export type CustomRoleList = z.infer<typeof CustomRoleList>;

export const SaveRoleRequest = z
  .object({
    name: z.string().trim().min(1).max(80),
    permissions: z.array(z.string()).max(PERMISSIONS.length),
    storeIds: StoreScope.optional(),
  })
  .strict();
export type SaveRoleRequest = z.infer<typeof SaveRoleRequest>;

/** Enrolment of two-factor sign-in: the secret to put in an authenticator app. */
export const TotpSetupResponse = z.object({
  secret: z.string().describe('Base32 secret (RFC 4648), for manual entry'),
  otpauthUri: z.string().describe('otpauth://totp/... URI for a QR code'),
});
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

export const TotpCodeRequest = z.object({ code: z.string().regex(/^\d{6}$/, '6 digits') }).strict();
export type TotpCodeRequest = z.infer<typeof TotpCodeRequest>;

/** Recovery codes, shown once at enrolment: each signs in once instead of a TOTP code. */
export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponse>;

/** Turn two-factor sign-in off: the password again, as proof it is the user. */
export const TotpDisableRequest = z.object({ password: z.string().min(1).max(200) }).strict();
export type TotpDisableRequest = z.infer<typeof TotpDisableRequest>;

export const PasswordResetRequest = z
  .object({ email: z.string().trim().toLowerCase().pipe(z.email()) })
  .strict();
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const PasswordResetConfirm = z
  .object({ token: z.string().min(1).max(300), password: NewPassword })
  .strict();
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

/** The cash drawer opened without a sale: a document with its own client-made id. */
export const NoSaleRequest = z
  .object({
    id: z.uuid(),
    registerId: z.uuid(),
    reason: z.string().trim().max(200).optional(),
    approvalId: z
      .uuid()
      .optional()
      .describe('A manager approval (action no_sale) for users without drawer.no_sale'),
  })
  .strict();
export type NoSaleRequest = z.infer<typeof NoSaleRequest>;

export const NoSaleEvent = z.object({
  id: z.uuid(),
  registerId: z.uuid(),
  storeId: z.uuid(),
  userId: z.uuid(),
  approvedBy: z.uuid().nullable(),
  reason: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type NoSaleEvent = z.infer<typeof NoSaleEvent>;
