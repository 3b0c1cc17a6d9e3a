import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { RecoveryCodesResponse, TotpSetupResponse } from '@kassa/contracts';
import { schema as s, type KassaTx } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { openSecret, recordAudit, sealSecret } from '../audit/audit.service.ts';
import type { KeyRing } from '../audit/keyring.ts';
import * as repo from './auth.repository.ts';
import { verifySecret } from './passwords.ts';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** Recovery codes given at enrolment (each signs in once). */
export const RECOVERY_CODE_COUNT = 10;

const aadOf = (userId: string, pending: boolean) => `totp/${pending ? 'pending/' : ''}${userId}`;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Kassa',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI (for a QR code) of a base32 secret, issuer Kassa, labelled e.g. by e-mail. */
export function otpauthUri(secretBase32: string, label: string): string {
  return totpFor(secretBase32, label).toString();
}

function needKeys(keys: KeyRing | undefined): KeyRing {
  if (!keys) throw new Error('two-factor sign-in needs the master key ring (KASSA_MASTER_KEY)');
  return keys;
}

/**
 * The 30-second step a code belongs to, or null when it matches none of the previous, current or
 * next step (RFC 6238 section 5.2 allows one step of clock drift).
 */
export function matchingStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secretBase32, 'x').validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** A recovery code: 10 base32 characters in two groups, e.g. `K7Q2M-9XJ4T` (50 bits). */
export function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** SHA-256 of a recovery code, case and dashes ignored (the code has 50 random bits; no salt needed). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest('hex');
}

/**
 * Starts enrolment: a new random 160-bit secret (RFC 4226 recommends 160 bits), kept sealed as
 * pending until `confirmTotp` proves the app holds it.
 * @throws AppError 409 `totp_already_enabled`.
 */
export async function setupTotp(ctx: Ctx, keys: KeyRing | undefined): Promise<TotpSetupResponse> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, ctx.userId);
  if (!user) throw new AppError('invalid_token', 401, 'The user of this token is no longer active');
  if (user.totpSecret) throw new AppError('totp_already_enabled', 409, 'Two-factor sign-in is already on');
  const secret = new Secret({ size: 20 }).base32;
  const sealed = await sealSecret(ctx.tx, ctx.companyId, needKeys(keys), secret, aadOf(user.id, true));
  await ctx.tx
    .update(s.users)
    .set({ totpPendingSecret: sealed })
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, user.id)));
  return { secret, otpauthUri: totpFor(secret, user.email).toString() };
}

/**
 * Confirms enrolment with a code from the app: two-factor is on from the next sign-in, and the
 * user receives RECOVERY_CODE_COUNT single-use recovery codes (shown once; only hashes are kept).
 * Recorded as `auth.totp.enabled`.
 * @throws AppError 409 `totp_not_pending` (no setup started); 400 `totp_invalid`.
 */
export async function confirmTotp(
  ctx: Ctx,
  keys: KeyRing | undefined,
  code: string,
): Promise<RecoveryCodesResponse> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, ctx.userId);
  if (!user?.totpPendingSecret)
    throw new AppError('totp_not_pending', 409, 'Start the two-factor setup first');
  const ring = needKeys(keys);
  const secret = await openSecret(ctx.tx, ctx.companyId, ring, user.totpPendingSecret, aadOf(user.id, true));
  const step = matchingStep(secret, code);
  if (step === null)
    throw new AppError('totp_invalid', 400, 'The code does not match; check the app and the clock');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await ctx.tx
    .update(s.users)
    .set({
      totpSecret: await sealSecret(ctx.tx, ctx.companyId, ring, secret, aadOf(user.id, false)),
      totpPendingSecret: null,
      totpLastStep: step,
    })
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, user.id)));
  await ctx.tx
    .delete(s.recoveryCodes)
    .where(and(eq(s.recoveryCodes.companyId, ctx.companyId), eq(s.recoveryCodes.userId, user.id)));
  await ctx.tx
    .insert(s.recoveryCodes)
    .values(codes.map((c) => ({ companyId: ctx.companyId, userId: user.id, codeHash: hashRecoveryCode(c) })));
  await recordAudit(ctx, { action: 'auth.totp.enabled', subject: { type: 'user', id: user.id } });
  return { recoveryCodes: codes };
}

/**
 * Turns two-factor sign-in off after the password is typed again; recovery codes are deleted.
 * Recorded as `auth.totp.disabled`.
 * @throws AppError 401 `invalid_credentials`; 409 `totp_not_enabled`.
 */
export async function disableTotp(ctx: Ctx, password: string): Promise<void> {
  const user = await repo.findUser(ctx.tx, ctx.companyId, ctx.userId);
  if (!user || !(await verifySecret(user.passwordHash, password)))
    throw new AppError('invalid_credentials', 401, 'The password is wrong');
  if (!user.totpSecret) throw new AppError('totp_not_enabled', 409, 'Two-factor sign-in is not on');
  await ctx.tx
    .update(s.users)
    .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
    .where(and(eq(s.users.companyId, ctx.companyId), eq(s.users.id, user.id)));
  await ctx.tx
    .delete(s.recoveryCodes)
    .where(and(eq(s.recoveryCodes.companyId, ctx.companyId), eq(s.recoveryCodes.userId, user.id)));
  await recordAudit(ctx, { action: 'auth.totp.disabled', subject: { type: 'user', id: user.id } });
}

/** The second factor at sign-in, as checked by `checkSecondFactor`. */
export type SecondFactor =
  { ok: true; via: 'totp' | 'recovery_code' } | { ok: false; reason: 'totp_required' | 'totp_invalid' };

/**
 * Checks the second factor of a user with two-factor sign-in: a TOTP code of a step later than
 * the last one accepted (so a code is never accepted twice), or an unused recovery code (then
 * spent). Writes only on success.
 */
export async function checkSecondFactor(
  tx: KassaTx,
  keys: KeyRing | undefined,
  user: { companyId: string; id: string; totpSecret: string | null; totpLastStep: number | null },
  input: { totpCode?: string | undefined; recoveryCode?: string | undefined },
): Promise<SecondFactor> {
  if (!user.totpSecret) return { ok: true, via: 'totp' };
  if (input.totpCode) {
    const secret = await openSecret(
      tx,
      user.companyId,
      needKeys(keys),
      user.totpSecret,
      aadOf(user.id, false),
    );
    const step = matchingStep(secret, input.totpCode);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep))
      return { ok: false, reason: 'totp_invalid' };
    await tx
      .update(s.users)
      .set({ totpLastStep: step })
      .where(and(eq(s.users.companyId, user.companyId), eq(s.users.id, user.id)));
    return { ok: true, via: 'totp' };
  }
  if (input.recoveryCode) {
    const spent = await tx
      .update(s.recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(s.recoveryCodes.companyId, user.companyId),
          eq(s.recoveryCodes.userId, user.id),
          eq(s.recoveryCodes.codeHash, hashRecoveryCode(input.recoveryCode)),
          isNull(s.recoveryCodes.usedAt),
        ),
      )
      .returning({ codeHash: s.recoveryCodes.codeHash });
    return spent.length === 1 ? { ok: true, via: 'recovery_code' } : { ok: false, reason: 'totp_invalid' };
  }
  return { ok: false, reason: 'totp_required' };
}
