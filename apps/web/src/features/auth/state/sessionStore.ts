import type { LoginResponse, SessionUser } from '@kassa/contracts';

/** The signed-in user of this device. The access token lives only in memory, never in storage. */
export type Session = {
  accessToken: string;
  /** Epoch milliseconds after which the server will answer `token_expired`. */
  expiresAt: number;
  user: SessionUser;
  company: LoginResponse['company'];
};

export type SessionStore = {
  get: () => Session | null;
  set: (session: Session | null) => void;
  subscribe: (listener: () => void) => () => void;
};

/** Turns a login, PIN switch or refresh reply into a session; `now` in epoch milliseconds. */
export function sessionFromLogin(reply: LoginResponse, now: number): Session {
  return {
    accessToken: reply.accessToken,
    expiresAt: now + reply.expiresIn * 1000,
    user: reply.user,
    company: reply.company,
  };
}

/** A tiny observable holder, read by React through useSyncExternalStore. */
export function createSessionStore(): SessionStore {
  let current: Session | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set: (session) => {
      current = session;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The one session of this browser tab. */
export const sessionStore = createSessionStore();
