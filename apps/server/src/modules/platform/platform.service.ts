import { Secret } from 'otpauth';
import type {
  PlatformCompanyList,
  PlatformLoginRequest,
  PlatformLoginResponse,
  PlatformTotpSetupResponse,
} from '@kassa/contracts';
import type { KassaDb, KassaTx } from '@kassa/db';
import { AppError } from '../../errors.ts';
import { open, seal, type KeyRing } from '../audit/keyring.ts';
import { afterFailure, isLocked, type LockoutPolicy } from '../auth/lockout.ts';
import { verifyNothing, verifySecret } from '../auth/passwords.ts';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from '../auth/tokens.ts';
import {
  RECOVERY_CODE_COUNT,
  hashRecoveryCode,
  matchingStep,
  newRecoveryCode,
  otpauthUri,
} from '../auth/two-factor.ts';
import * as repo from './platform.repository.ts';

/**
 * Re-wraps the data key of every platform admin's sealed TOTP secret under the ring's current
 * master key (part of `kassa keys rotate`); the secret itself is not re-encrypted. Returns how
 * many were re-wrapped and how many already were current.
 * @throws KeyRingError when a secret's master key is not in the ring.
 */
export async function rewrapPlatformSecrets(
  db: KassaDb,
  keys: KeyRing,
): Promise<{ rewrapped: number; alreadyCurrent: number }> {
  return db.transaction(async (tx) => {
    const result = { rewrapped: 0, alreadyCurrent: 0 };
    for (const admin of await repo.adminsWithTotpForUpdate(tx)) {
      const [masterKeyId = '', wrappedKey = '', body = ''] = admin.totpSecret.split('.');
      if (masterKeyId === keys.current.id) {
        result.alreadyCurrent++;
        continue;
      }
      const key = keys.unwrap('platform', admin.id, masterKeyId, wrappedKey);
      const rewrapped = keys.wrap('platform', admin.id, key);
      await repo.saveTotp(tx, admin.id, {
        totpSecret: `${rewrapped.masterKeyId}.${rewrapped.wrappedKey}.${body}`,
      });
      result.rewrapped++;
    }
    return result;
  });
}

const invalidCredentials = () =>
  new AppError('invalid_credentials', 401, 'E-mail, password or code is wrong');
const inactive = () =>
  new AppError('invalid_token', 401, 'The platform admin of this token is no longer active');

function needKeys(keys: KeyRing | undefined): KeyRing {
  if (!keys) throw new Error('platform two-factor sign-in needs the master key ring (KASSA_MASTER_KEY)');
  return keys;
}

/**
 * Seals a platform admin's TOTP secret by envelope encryption: a fresh data key per secret,
 * wrapped by the current master key (aad `platform/<adminId>`), stored beside the ciphertext as
 * `<masterKeyId>.<wrappedKey>.<ciphertext>` (platform admins have no company data keys).
 */
function sealTotpSecret(keys: KeyRing, adminId: string, secret: string): string {
  const dataKey = keys.newDataKey('platform', adminId);
  const body = seal(dataKey.key, Buffer.from(secret, 'utf8'), `platform/totp/${adminId}`);
  return `${dataKey.masterKeyId}.${dataKey.wrappedKey}.${body}`;
}

/** Reverses `sealTotpSecret`. @throws KeyRingError when a key or the bytes do not match. */
export function openTotpSecret(keys: KeyRing, adminId: string, sealed: string): string {
  const [masterKeyId = '', wrappedKey = '', body = ''] = sealed.split('.');
  const key = keys.unwrap('platform', adminId, masterKeyId, wrappedKey);
  return open(key, body, `platform/totp/${adminId}`).toString('utf8');
}

/**
 * Checks the second factor of an enrolled admin: 6 digits are a TOTP code of a step later than the
 * last accepted one (never accepted twice); anything else is a recovery code, spent on success.
 * Writes only on success.
 */
async function secondFactorOk(
  tx: KassaTx,
  keys: KeyRing | undefined,
  admin: repo.PlatformAdminRow,
  code: string | undefined,
): Promise<boolean> {
  if (!code || !admin.totpSecret) return false;
  if (/^\d{6}$/.test(code)) {
    const step = matchingStep(openTotpSecret(needKeys(keys), admin.id, admin.totpSecret), code);
    if (step === null || (admin.totpLastStep !== null && step <= admin.totpLastStep)) return false;
    await repo.saveTotp(tx, admin.id, { totpLastStep: step });
    return true;
  }
  return repo.spendRecoveryCode(tx, admin.id, hashRecoveryCode(code));
}

async function session(
  tokens: AccessTokens,
  admin: repo.PlatformAdminRow,
  enrolOnly: boolean,
): Promise<PlatformLoginResponse> {
  return {
    accessToken: await tokens.issuePlatform({ adminId: admin.id, totpEnrolment: enrolOnly }),
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    admin: { id: admin.id, email: admin.email, name: admin.name, twoFactor: !enrolOnly },
    ...(enrolOnly ? { totpEnrolmentRequired: true as const } : {}),
  };
}

/**
 * Signs a platform admin in (issue 4: TOTP is mandatory for platform admins). Before TOTP is
 * confirmed, the right password gives an enrolment-only token (totp/setup, totp/confirm); after,
 * `code` (authenticator code or unused recovery code) is required too. An unknown e-mail, a wrong
 * password, a missing, wrong or replayed code, a disabled admin and a locked account all answer
 * the same 401 `invalid_credentials`. Every failure on a known admin counts toward the lockout
 * (policy of auth/lockout.ts, state on the admin's row) and is committed before the 401.
 * @throws AppError 401 `invalid_credentials`.
 */
export async function platformLogin(
  db: KassaDb,
  tokens: AccessTokens,
  keys: KeyRing | undefined,
  lockout: LockoutPolicy,
  input: PlatformLoginRequest,
): Promise<PlatformLoginResponse> {
  const outcome = await db.transaction(async (tx) => {
    const admin = await repo.findAdminByEmailForUpdate(tx, input.email);
    if (!admin) {
      await verifyNothing(input.password);
      return undefined;
    }
    const now = new Date();
    const state = repo.lockoutOf(admin);
    const locked = isLocked(state, now);
    const passwordOk = await verifySecret(admin.passwordHash, input.password);
    const enrolled = admin.totpConfirmedAt !== null;
    const ok =
      passwordOk &&
      admin.active &&
      !locked &&
      (!enrolled || (await secondFactorOk(tx, keys, admin, input.code)));
    if (!ok) {
      // Attempts while locked do not extend the lock: the lock already answers them.
      if (!locked) await repo.saveLockout(tx, admin.id, afterFailure(state, now, lockout).state);
      return undefined;
    }
    if (state) await repo.saveLockout(tx, admin.id, undefined);
    return session(tokens, admin, !enrolled);
  });
  if (!outcome) throw invalidCredentials();
  return outcome;
}

/**
 * Starts (or restarts) TOTP enrolment: a new random 160-bit secret (RFC 4226) and
 * RECOVERY_CODE_COUNT recovery codes, shown once (only SHA-256 hashes are kept); both take effect
 * when `confirmPlatformTotp` succeeds.
 * @throws AppError 401 `invalid_token` (admin gone or disabled); 409 `totp_already_enabled`.
 */
export async function setupPlatformTotp(
  db: KassaDb,
  keys: KeyRing | undefined,
  adminId: string,
): Promise<PlatformTotpSetupResponse> {
  return db.transaction(async (tx) => {
    const admin = await repo.findAdminForUpdate(tx, adminId);
    if (!admin?.active) throw inactive();
    if (admin.totpConfirmedAt)
      throw new AppError('totp_already_enabled', 409, 'Two-factor sign-in is already on');
    const secret = new Secret({ size: 20 }).base32;
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await repo.saveTotp(tx, admin.id, {
      totpSecret: sealTotpSecret(needKeys(keys), admin.id, secret),
      totpLastStep: null,
    });
    await repo.replaceRecoveryCodes(tx, admin.id, codes.map(hashRecoveryCode));
    return { secret, otpauthUri: otpauthUri(secret, `${admin.email} (platform)`), recoveryCodes: codes };
  });
}

/**
 * Confirms enrolment with a code of the app: from now on sign-in needs a code. Answers a full
 * platform session (the enrolment-only token stays restricted until it expires).
 * @throws AppError 401 `invalid_token`; 409 `totp_not_pending` (no setup, or already confirmed);
 *   400 `totp_invalid`.
 */
export async function confirmPlatformTotp(
  db: KassaDb,
  tokens: AccessTokens,
  keys: KeyRing | undefined,
  adminId: string,
  code: string,
): Promise<PlatformLoginResponse> {
  return db.transaction(async (tx) => {
    const admin = await repo.findAdminForUpdate(tx, adminId);
    if (!admin?.active) throw inactive();
    if (!admin.totpSecret || admin.totpConfirmedAt)
      throw new AppError('totp_not_pending', 409, 'Start the two-factor setup first');
    const step = matchingStep(openTotpSecret(needKeys(keys), admin.id, admin.totpSecret), code);
    if (step === null)
      throw new AppError('totp_invalid', 400, 'The code does not match; check the app and the clock');
    await repo.saveTotp(tx, admin.id, { totpConfirmedAt: new Date(), totpLastStep: step });
    return session(tokens, admin, false);
  });
}

/**
 * Every company of the platform with its number of stores, oldest first.
 * @throws AppError 401 `invalid_token` when the admin is gone, disabled or not enrolled.
 */
export async function listCompanies(db: KassaDb, adminId: string): Promise<PlatformCompanyList> {
  const admin = await repo.findAdmin(db, adminId);
  if (!admin?.active || !admin.totpConfirmedAt) throw inactive();
  const rows = await repo.listCompanies(db);
  return { companies: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}
