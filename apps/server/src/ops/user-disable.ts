/**
 * `kassa user disable`: emergency revocation and offboarding from the command line, for when
 * nobody who could do it in the back office can sign in (a stolen owner laptop, a leaver's
 * account at night). The same effect as `POST /api/v1/users/:id/disable`: the user can no longer
 * sign in and every session ends (the next request is a 401), recorded in the audit log as
 * `user.disabled` with no actor (an operator at the console) and `via: "kassa user disable"`.
 */
import { and, eq, sql } from 'drizzle-orm';
import { schema as s, withCompanyTx, type KassaDb } from '@kassa/db';
import { allCompanyIds } from '../modules/audit/audit.repository.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import type { KeyRing } from '../modules/audit/keyring.ts';
import { deactivateUser, revokeSessions } from '../modules/auth/auth.repository.ts';
import type { Revocations } from '../modules/auth/revocation.ts';
import { otherActiveOwners } from '../modules/users/users.repository.ts';
import { OpsError } from './errors.ts';

/** Who to disable: an e-mail address, and the company when several have a user with it. */
export type UserDisableInput = {
  email: string;
  companyId?: string | undefined;
  /** Also disable a company's last active owner (the company then has no one to sign in). */
  force?: boolean;
};

/** What was done: the user, their company, whether they were active, the sessions ended. */
export type UserDisableResult = {
  companyId: string;
  userId: string;
  wasActive: boolean;
  sessionsRevoked: number;
};

/**
 * Disables the user with `email` (case-insensitive) and ends their sessions, in one transaction.
 * Running it again on a disabled user is allowed and ends any session left.
 * @throws OpsError when no user has the address (in `companyId`, when given), when users of
 *   several companies have it and no `companyId` says which, or when the user is the company's
 *   last active owner and `force` is not set.
 */
export async function disableUserByEmail(
  db: KassaDb,
  input: UserDisableInput,
  deps: { revocations: Revocations; keys?: KeyRing | undefined },
): Promise<UserDisableResult> {
  const email = input.email.trim().toLowerCase();
  const companies = input.companyId ? [input.companyId] : await allCompanyIds(db);
  const matches: { companyId: string; userId: string }[] = [];
  for (const companyId of companies) {
    const rows = await withCompanyTx(db, companyId, (tx) =>
      tx
        .select({ id: s.users.id })
        .from(s.users)
        .where(and(eq(s.users.companyId, companyId), eq(sql`lower(${s.users.email})`, email))),
    );
    for (const r of rows) matches.push({ companyId, userId: r.id });
  }
  if (matches.length === 0)
    throw new OpsError(
      `no user has the e-mail address ${email}${input.companyId ? ` in company ${input.companyId}` : ''}`,
    );
  if (matches.length > 1)
    throw new OpsError(
      `users of ${matches.length} companies have the e-mail address ${email}; say which with --company <id>: ${matches
        .map((m) => m.companyId)
        .join(', ')}`,
    );
  const { companyId, userId } = matches[0]!;
  return withCompanyTx(db, companyId, async (tx) => {
    const [user] = await tx
      .select()
      .from(s.users)
      .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)))
      .for('update');
    if (!user) throw new OpsError(`no user has the e-mail address ${email}`);
    if (
      user.active &&
      !input.force &&
      user.role === 'owner' &&
      user.customRoleId === null &&
      (await otherActiveOwners(tx, companyId, userId)) === 0
    )
      throw new OpsError(
        `${email} is the last active owner of company ${companyId}: nobody could sign in to it afterwards; pass --force to disable them anyway`,
      );
    await deactivateUser(tx, companyId, userId);
    const ended = await revokeSessions(tx, companyId, { userId }, 'user_disabled');
    await deps.revocations.revoked(ended);
    await recordAudit(
      { companyId, tx, userId: null, keys: deps.keys },
      {
        action: 'user.disabled',
        actorId: null,
        subject: { type: 'user', id: userId },
        details: { sessionsRevoked: ended.length, via: 'kassa user disable', wasActive: user.active },
      },
    );
    return { companyId, userId, wasActive: user.active, sessionsRevoked: ended.length };
  });
}
