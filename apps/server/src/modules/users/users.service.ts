import { randomBytes } from 'node:crypto';
import { PERMISSIONS, ROLE_PERMISSIONS, newDocumentId, type Permission } from '@kassa/domain';
import type {
  CreateUserRequest,
  CustomRole,
  CustomRoleList,
  SaveRoleRequest,
  StaffUser,
  StaffUserList,
  UpdateUserRequest,
} from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as authRepo from '../auth/auth.repository.ts';
import { hashSecret } from '../auth/passwords.ts';
import { issuePasswordToken, passwordLink } from '../auth/password-tokens.ts';
import type { Revocations } from '../auth/revocation.ts';
import * as repo from './users.repository.ts';

const userNotFound = (userId: string) => new AppError('not_found', 404, 'User not found', { userId });
const roleNotFound = (roleId: string) => new AppError('role_not_found', 404, 'Role not found', { roleId });

function toStaff(row: repo.UserRow, roleName: string | null): StaffUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    customRoleId: row.customRoleId,
    customRoleName: roleName,
    storeIds: row.storeIds,
    active: row.active,
    hasPin: row.pinHash !== null,
    twoFactor: row.totpSecret !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every member of staff of the company (active or not), by name. */
export async function listUsers(ctx: Ctx): Promise<StaffUserList> {
  const rows = await repo.listUsers(ctx.tx, ctx.companyId);
  return { items: rows.map((r) => toStaff(r.user, r.roleName)) };
}

async function staffOf(ctx: Ctx, userId: string): Promise<StaffUser> {
  const rows = await repo.listUsers(ctx.tx, ctx.companyId);
  const row = rows.find((r) => r.user.id === userId);
  if (!row) throw userNotFound(userId);
  return toStaff(row.user, row.roleName);
}

/** @throws AppError 404 `store_not_found` when a store id is not one of the company's. */
async function checkStores(ctx: Ctx, storeIds: readonly string[] | null | undefined): Promise<void> {
  if (!storeIds) return;
  const unique = [...new Set(storeIds)];
  if ((await repo.countStores(ctx.tx, ctx.companyId, unique)) !== unique.length)
    throw new AppError('store_not_found', 404, 'A store of the scope does not exist', { storeIds });
}

/**
 * Nobody hands out rights they do not hold: the permissions of the role given must all be the
 * caller's own (so a manager allowed to manage users cannot make an owner).
 * @throws AppError 403 `forbidden` with the missing permissions.
 */
function checkGrantable(ctx: Ctx, permissions: readonly Permission[]): void {
  const missing = permissions.filter((p) => !ctx.permissions.includes(p));
  if (missing.length > 0)
    throw new AppError('forbidden', 403, 'You cannot grant rights you do not hold', { missing });
}

async function rolePermissions(
  ctx: Ctx,
  role: StaffUser['role'],
  customRoleId: string | null,
): Promise<readonly Permission[]> {
  if (!customRoleId) return ROLE_PERMISSIONS[role];
  const custom = await repo.findRole(ctx.tx, ctx.companyId, customRoleId);
  if (!custom) throw roleNotFound(customRoleId);
  return custom.permissions as Permission[];
}

/** Where invitation and reset e-mails point, and how they are sent. */
export type MailDeps = { mailer: Mailer; publicUrl: string };

/**
 * Creates a member of staff. With a password they can sign in at once; without one they are
 * invited: an e-mail carries a single-use link (72 hours) to set their password, and their
 * password hash is a random secret nobody knows. Recorded as `user.created`.
 * The e-mail is sent after the transaction commits (`afterCommit`), so a refused creation mails nothing.
 * @throws AppError 409 `email_taken` (an address signs in to exactly one user of one company);
 *   404 `store_not_found`, `role_not_found`; 403 `forbidden` (granting rights one does not hold).
 */
export async function createUser(
  ctx: Ctx,
  input: CreateUserRequest,
  mail: MailDeps,
  afterCommit: (task: () => Promise<void>) => void,
): Promise<StaffUser> {
  const customRoleId = input.customRoleId ?? null;
  checkGrantable(ctx, await rolePermissions(ctx, input.role, customRoleId));
  await checkStores(ctx, input.storeIds);
  const id = newDocumentId();
  const invited = input.password === undefined;
  const inserted = await repo.insertUser(ctx.tx, {
    companyId: ctx.companyId,
    id,
    email: input.email,
    name: input.name,
    role: input.role,
    customRoleId,
    storeIds: input.storeIds ? [...new Set(input.storeIds)] : null,
    passwordHash: await hashSecret(input.password ?? randomBytes(32).toString('base64url')),
    pinHash: input.pin ? await hashSecret(input.pin) : null,
  });
  if (!inserted)
    throw new AppError('email_taken', 409, 'This e-mail address already signs in to Kassa', {
      email: input.email,
    });
  if (invited) {
    const token = await issuePasswordToken(ctx.tx, ctx.companyId, id, 'invite');
    const link = passwordLink(mail.publicUrl, token);
    afterCommit(() =>
      mail.mailer.send({
        to: input.email,
        subject: 'You are invited to Kassa',
        text: `Hello ${input.name},\n\nyou have been given a Kassa account. Set your password here (the link works once, for 72 hours):\n\n${link}\n`,
      }),
    );
  }
  await recordAudit(ctx, {
    action: 'user.created',
    subject: { type: 'user', id },
    details: {
      role: input.role,
      customRoleId,
      storeIds: input.storeIds ?? null,
      invited,
      pin: input.pin !== undefined,
    },
  });
  return staffOf(ctx, id);
}

/**
 * Changes a user's name, role, custom role or stores. A change of rights (role, custom role,
 * stores) ends the user's sessions, so the new rights hold from their next request (their
 * tokens carry the old ones). Recorded as `user.updated` with old and new values.
 * @throws AppError 404 `not_found`, `store_not_found`, `role_not_found`; 422 `cannot_change_self`
 *   (one's own rights), `last_owner` (the company keeps an active owner); 403 `forbidden`.
 */
export async function updateUser(
  ctx: Ctx,
  revocations: Revocations,
  userId: string,
  input: UpdateUserRequest,
): Promise<StaffUser> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, userId);
  if (!user) throw userNotFound(userId);
  const role = input.role ?? user.role;
  const customRoleId = input.customRoleId === undefined ? user.customRoleId : input.customRoleId;
  const storeIds =
    input.storeIds === undefined ? user.storeIds : input.storeIds ? [...new Set(input.storeIds)] : null;
  const rightsChanged =
    role !== user.role ||
    customRoleId !== user.customRoleId ||
    JSON.stringify(storeIds) !== JSON.stringify(user.storeIds);
  if (rightsChanged && userId === ctx.userId)
    throw new AppError('cannot_change_self', 422, 'You cannot change your own role or stores', { userId });
  if (rightsChanged) {
    // Both what the user holds now and what they will hold must be within the caller's rights.
    checkGrantable(ctx, await rolePermissions(ctx, user.role, user.customRoleId));
    checkGrantable(ctx, await rolePermissions(ctx, role, customRoleId));
    await checkStores(ctx, storeIds);
    const wasOwner = user.role === 'owner' && user.customRoleId === null && user.active;
    const staysOwner = role === 'owner' && customRoleId === null;
    if (wasOwner && !staysOwner && (await repo.otherActiveOwners(ctx.tx, ctx.companyId, userId)) === 0)
      throw new AppError('last_owner', 422, 'The company must keep an active owner', { userId });
  }
  await repo.updateUser(ctx.tx, ctx.companyId, userId, {
    name: input.name ?? user.name,
    role,
    customRoleId,
    storeIds,
  });
  let sessionsRevoked = 0;
  if (rightsChanged) {
    const ended = await authRepo.revokeSessions(ctx.tx, ctx.companyId, { userId }, 'revoked');
    await revocations.revoked(ended);
    sessionsRevoked = ended.length;
  }
  await recordAudit(ctx, {
    action: 'user.updated',
    subject: { type: 'user', id: userId },
    details: {
      before: { name: user.name, role: user.role, customRoleId: user.customRoleId, storeIds: user.storeIds },
      after: { name: input.name ?? user.name, role, customRoleId, storeIds },
      sessionsRevoked,
    },
  });
  return staffOf(ctx, userId);
}

/**
 * Enables a disabled user again (they sign in anew; nothing of the old sessions comes back).
 * Recorded as `user.enabled`. @throws AppError 404 `not_found`; 403 `forbidden`.
 */
export async function enableUser(ctx: Ctx, userId: string): Promise<StaffUser> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, userId);
  if (!user) throw userNotFound(userId);
  checkGrantable(ctx, await rolePermissions(ctx, user.role, user.customRoleId));
  if (!user.active) {
    await repo.updateUser(ctx.tx, ctx.companyId, userId, { active: true });
    await recordAudit(ctx, { action: 'user.enabled', subject: { type: 'user', id: userId } });
  }
  return staffOf(ctx, userId);
}

/**
 * Sets (resets) a user's PIN, e.g. after they forgot it or after a PIN lockout; clears their PIN
 * lockout. Recorded as `user.pin_reset` (the PIN itself never appears anywhere but as a hash).
 * @throws AppError 404 `not_found`; 403 `forbidden`.
 */
export async function setPin(ctx: Ctx, userId: string, pin: string): Promise<StaffUser> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, userId);
  if (!user) throw userNotFound(userId);
  if (userId !== ctx.userId) checkGrantable(ctx, await rolePermissions(ctx, user.role, user.customRoleId));
  await repo.updateUser(ctx.tx, ctx.companyId, userId, { pinHash: await hashSecret(pin) });
  await repo.clearPinThrottle(ctx.tx, ctx.companyId, `user:${userId}`);
  await recordAudit(ctx, { action: 'user.pin_reset', subject: { type: 'user', id: userId } });
  return staffOf(ctx, userId);
}

function toRole(row: repo.RoleRow, userCount: number): CustomRole {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions as Permission[],
    storeIds: row.storeIds,
    userCount,
  };
}

/** The company's custom roles, and the permission names a role can hold. */
export async function listRoles(ctx: Ctx): Promise<CustomRoleList> {
  const rows = await repo.listRoles(ctx.tx, ctx.companyId);
  return { items: rows.map((r) => toRole(r.role, Number(r.userCount))), permissions: [...PERMISSIONS] };
}

/** @throws AppError 400 `unknown_permission` naming the unknown names. */
function parsePermissions(names: readonly string[]): Permission[] {
  const unknown = names.filter((n) => !(PERMISSIONS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new AppError('unknown_permission', 400, 'Unknown permission names', { unknown });
  return PERMISSIONS.filter((p) => names.includes(p));
}

/**
 * Creates a custom role. Recorded as `role.created`.
 * @throws AppError 400 `unknown_permission`; 409 `role_name_taken`; 404 `store_not_found`;
 *   403 `forbidden` (permissions the caller does not hold).
 */
export async function createRole(ctx: Ctx, input: SaveRoleRequest): Promise<CustomRole> {
  const permissions = parsePermissions(input.permissions);
  checkGrantable(ctx, permissions);
  await checkStores(ctx, input.storeIds);
  if (await repo.findRoleByName(ctx.tx, ctx.companyId, input.name))
    throw new AppError('role_name_taken', 409, 'A role of this name exists', { name: input.name });
  const id = newDocumentId();
  const storeIds = input.storeIds ? [...new Set(input.storeIds)] : null;
  await repo.insertRole(ctx.tx, { companyId: ctx.companyId, id, name: input.name, permissions, storeIds });
  await recordAudit(ctx, {
    action: 'role.created',
    subject: { type: 'role', id },
    details: { name: input.name, permissions, storeIds },
  });
  const row = await repo.findRole(ctx.tx, ctx.companyId, id);
  return toRole(row!, 0);
}

/**
 * Replaces a custom role's name, permissions and stores. Its users' sessions end, so the new
 * rights hold from their next request. Recorded as `role.updated` with old and new values.
 * @throws AppError 404 `role_not_found`, `store_not_found`; 400 `unknown_permission`;
 *   409 `role_name_taken`; 403 `forbidden`.
 */
export async function updateRole(
  ctx: Ctx,
  revocations: Revocations,
  roleId: string,
  input: SaveRoleRequest,
): Promise<CustomRole> {
  const role = await repo.findRole(ctx.tx, ctx.companyId, roleId);
  if (!role) throw roleNotFound(roleId);
  const permissions = parsePermissions(input.permissions);
  checkGrantable(ctx, role.permissions as Permission[]);
  checkGrantable(ctx, permissions);
  await checkStores(ctx, input.storeIds);
  const same = await repo.findRoleByName(ctx.tx, ctx.companyId, input.name);
  if (same && same.id !== roleId)
    throw new AppError('role_name_taken', 409, 'A role of this name exists', { name: input.name });
  const storeIds =
    input.storeIds === undefined ? role.storeIds : input.storeIds ? [...new Set(input.storeIds)] : null;
  await repo.updateRole(ctx.tx, ctx.companyId, roleId, { name: input.name, permissions, storeIds });
  const holders = await repo.usersWithRole(ctx.tx, ctx.companyId, roleId);
  let sessionsRevoked = 0;
  for (const userId of holders) {
    const ended = await authRepo.revokeSessions(ctx.tx, ctx.companyId, { userId }, 'revoked');
    await revocations.revoked(ended);
    sessionsRevoked += ended.length;
  }
  await recordAudit(ctx, {
    action: 'role.updated',
    subject: { type: 'role', id: roleId },
    details: {
      before: { name: role.name, permissions: role.permissions, storeIds: role.storeIds },
      after: { name: input.name, permissions, storeIds },
      sessionsRevoked,
    },
  });
  return toRole((await repo.findRole(ctx.tx, ctx.companyId, roleId))!, holders.length);
}

/**
 * Deletes a custom role nobody holds. Recorded as `role.deleted`.
 * @throws AppError 404 `role_not_found`; 409 `role_in_use`.
 */
export async function deleteRole(ctx: Ctx, roleId: string): Promise<void> {
  const role = await repo.findRole(ctx.tx, ctx.companyId, roleId);
  if (!role) throw roleNotFound(roleId);
  const holders = await repo.usersWithRole(ctx.tx, ctx.companyId, roleId);
  if (holders.length > 0)
    throw new AppError('role_in_use', 409, 'Users still hold this role', { roleId, users: holders.length });
  await repo.deleteRole(ctx.tx, ctx.companyId, roleId);
  await recordAudit(ctx, {
    action: 'role.deleted',
    subject: { type: 'role', id: roleId },
    details: { name: role.name, permissions: role.permissions, storeIds: role.storeIds },
  });
}
