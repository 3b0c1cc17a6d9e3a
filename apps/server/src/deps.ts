import type { KassaDb } from '@kassa/db';
import type { AccessTokens } from './modules/auth/tokens.ts';

/** What route plugins need from the application: the database and the token signer. */
export type AppDeps = {
  db: KassaDb;
  tokens: AccessTokens;
  /** Send cookies with the Secure flag (production behind HTTPS). */
  secureCookies: boolean;
};
