import type { KassaDb } from '@kassa/db';
import type { LoginRateLimits } from './http/rate-limits.ts';
import type { Mailer } from './mail/mailer.ts';
import type { KeyRing } from './modules/audit/keyring.ts';
import type { LockoutPolicy } from './modules/auth/lockout.ts';
import type { PinLimits } from './modules/auth/pin-throttle.ts';
import type { Revocations } from './modules/auth/revocation.ts';
import type { AccessTokens } from './modules/auth/tokens.ts';
import type { OperationsOptions } from './observability/operations.plugin.ts';

/** What route plugins need from the application: the database and the token signer. */
export type AppDeps = {
  db: KassaDb;
  tokens: AccessTokens;
  /** Send cookies with the Secure flag (production behind HTTPS). */
  secureCookies: boolean;
  /** Readiness checks and metrics as configured (see observability/operations.plugin.ts). */
  operations?: OperationsOptions;
  /** Master keys of envelope encryption (audit log's sensitive fields); KASSA_MASTER_KEY. */
  keys?: KeyRing;
  /** Account lockout after failed sign-ins; DEFAULT_LOCKOUT_POLICY when absent. */
  lockout?: LockoutPolicy;
  /** Sign-in rate limits per IP and per account; DEFAULT_LOGIN_RATE_LIMITS when absent. */
  loginRateLimits?: LoginRateLimits;
  /** The session deny-list checked on every request (Redis when REDIS_URL, else the database). */
  revocations: Revocations;
  /** Sends password reset and invitation e-mails (SMTP_URL); printed to the log when absent. */
  mailer?: Mailer;
  /** The address users open Kassa at, for links in e-mails (KASSA_PUBLIC_URL). */
  publicUrl?: string;
  /** Wrong-PIN limits per user and per device; DEFAULT_PIN_LIMITS when absent. */
  pinLimits?: PinLimits;
};
