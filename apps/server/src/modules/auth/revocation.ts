import { sessionActive, type KassaDb, type SessionCheck } from '@kassa/db';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens.ts';

/** The session an access token names. */
export type SessionRef = SessionCheck;

/**
 * Whether the session of an access token is still active: checked on every authenticated request,
 * so logout, session revocation and disabling a user take effect on the next request instead of
 * when the 15-minute token expires.
 */
export type Revocations = {
  /** True while the session is neither revoked nor its user disabled. One lookup. */
  isActive(ref: SessionRef): Promise<boolean>;
  /**
   * True when the database is the deny-list, so a route may check the session inside its own
   * transaction instead (`kassa_session_active` with the BEGIN, see withCompanyTx): the same
   * answer, one round trip less.
   */
  checkInTransaction: boolean;
  /** Called inside the revoking transaction, before it commits (a rollback leaves the deny entry: fail-safe). */
  revoked(sessionIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
};

/**
 * The database as the deny-list: the `sessions` row (revoked_at) and the user's `active` flag, read
 * by the SECURITY DEFINER function kassa_session_active, one primary-key lookup and one round trip,
 * outside the request's transaction.
 */
export function databaseRevocations(db: KassaDb): Revocations {
  return {
    // A named prepared statement on PostgreSQL: every authenticated request runs it.
    isActive: (ref) => sessionActive(db, ref),
    checkInTransaction: true,
    async revoked() {},
    async close() {},
  };
}

const KEY_PREFIX = 'kassa:revoked-session:';

/**
 * Redis as the deny-list (REDIS_URL): a revoked session's id is kept for the lifetime of an access
 * token, after which its tokens are expired anyway; every node reads the same set. The database
 * stays the record (refresh is always checked there). When Redis cannot answer, the check falls
 * back to the database.
 */
export async function redisRevocations(db: KassaDb, url: string): Promise<Revocations> {
  // Loaded only here: a server without REDIS_URL does not keep ioredis resident.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  // Failures surface on the calls (and fall back); without a listener ioredis would log each one.
  redis.on('error', () => undefined);
  const fallback = databaseRevocations(db);
  return {
    async isActive(ref) {
      try {
        return (await redis.exists(`${KEY_PREFIX}${ref.sessionId}`)) === 0;
      } catch {
        return fallback.isActive(ref);
      }
    },
    // Redis is the deny-list here: every check asks it, not the database.
    checkInTransaction: false,
    async revoked(sessionIds) {
      if (sessionIds.length === 0) return;
      const multi = redis.multi();
      for (const id of sessionIds) multi.set(`${KEY_PREFIX}${id}`, '1', 'EX', ACCESS_TOKEN_TTL_SECONDS + 60);
      await multi.exec();
    },
    async close() {
      redis.disconnect();
    },
  };
}
