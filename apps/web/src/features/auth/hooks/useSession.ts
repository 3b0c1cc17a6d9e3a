import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from '../state/sessionStore.ts';

/** The current session (null when signed out); re-renders on sign-in, switch and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}
