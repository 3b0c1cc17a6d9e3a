import type { LoginResponse } from '@kassa/contracts';
import { createApiClient } from '../../../lib/http/apiClient.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';
import { offlineSession } from '../../offline/state/offlineCache.ts';
import { sessionFromLogin, sessionStore } from '../state/sessionStore.ts';

/**
 * Renews the session with the httpOnly refresh cookie. Resolves to null (and signs out) when the
 * cookie is missing or no longer valid.
 */
export async function refreshSession(): Promise<LoginResponse | null> {
  try {
    const response = await fetch(`${API_PREFIX}/auth/refresh`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Kassa-Request': '1' },
    });
    if (!response.ok) {
      sessionStore.set(null);
      return null;
    }
    const reply = (await response.json()) as LoginResponse;
    sessionStore.set(sessionFromLogin(reply, Date.now()));
    return reply;
  } catch {
    // No network: keep the session, or reopen the one this device kept (offline terminal, issue 8);
    // the failing call reports the problem.
    if (!sessionStore.get()) sessionStore.set(offlineSession(window.localStorage));
    return null;
  }
}

/** The authenticated client every feature uses for the Kassa API. */
export const api = createApiClient({
  baseUrl: API_PREFIX,
  getAccessToken: () => sessionStore.get()?.accessToken ?? null,
  refreshAccessToken: async () => (await refreshSession())?.accessToken ?? null,
});
