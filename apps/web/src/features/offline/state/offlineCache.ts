import type { Session } from '../../auth/state/sessionStore.ts';
import { ApiError } from '../../../lib/http/apiError.ts';

/** Key/value storage as localStorage offers it (tests pass a Map-backed stand-in). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'kassa.offline.';

/** True when a call failed without an answer: the network or the server is down. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

/**
 * Runs `fetcher`; keeps a successful answer under `key` and, when the server cannot be reached,
 * answers with the last kept one instead (stores, settings, categories, the open shift: small
 * data the terminal needs to open offline). Any other error, or no kept answer, is thrown.
 */
export async function withOfflineCopy<T>(
  storage: KeyValueStorage,
  key: string,
  fetcher: () => Promise<T>,
): Promise<T> {
  try {
    const fresh = await fetcher();
    keepOfflineCopy(storage, key, fresh);
    return fresh;
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    const kept = storage.getItem(PREFIX + key);
    if (kept === null) throw error;
    return (JSON.parse(kept) as { value: T }).value;
  }
}

/**
 * Replaces the copy kept under `key` with a value learned otherwise (the shift just opened or
 * closed), so an offline reload does not reopen on an outdated answer.
 */
export function keepOfflineCopy(storage: KeyValueStorage, key: string, value: unknown): void {
  storage.setItem(PREFIX + key, JSON.stringify({ value }));
}

const SESSION_KEY = `${PREFIX}session`;

/**
 * Keeps who is signed in (user and company, never the access token: that lives only in memory),
 * so a reload without network reopens the terminal for the same cashier. Cleared on sign-out.
 */
export function keepOfflineSession(storage: KeyValueStorage, session: Session | null): void {
  if (session === null) storage.removeItem(SESSION_KEY);
  else if (session.accessToken !== '')
    storage.setItem(SESSION_KEY, JSON.stringify({ user: session.user, company: session.company }));
}

/**
 * The kept session without a token (`accessToken` empty, already expired), or null. The API
 * client cannot use it; the sync renews it with the refresh cookie once the server answers.
 */
export function offlineSession(storage: KeyValueStorage): Session | null {
  const kept = storage.getItem(SESSION_KEY);
  if (kept === null) return null;
  const { user, company } = JSON.parse(kept) as Pick<Session, 'user' | 'company'>;
  return { accessToken: '', expiresAt: 0, user, company };
}
