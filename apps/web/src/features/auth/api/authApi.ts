import type { LoginRequest, LoginResponse, MeResponse, PinLoginRequest } from '@kassa/contracts';
import { api } from './apiClient.ts';
import { sessionFromLogin, sessionStore } from '../state/sessionStore.ts';
import { setDeviceCashier } from '../../offline/state/deviceCashier.ts';

/** Signs in with email and password and makes that user the session of this tab. */
export async function login(input: LoginRequest): Promise<LoginResponse> {
  const reply = await api.post<LoginResponse>('/auth/login', input);
  setDeviceCashier(null);
  sessionStore.set(sessionFromLogin(reply, Date.now()));
  return reply;
}

/**
 * Switches the register to another staff member by PIN. The call carries the current session's
 * token; on success the other user's session replaces it.
 */
export async function switchCashier(input: PinLoginRequest): Promise<LoginResponse> {
  const reply = await api.post<LoginResponse>('/auth/pin', input);
  sessionStore.set(sessionFromLogin(reply, Date.now()));
  return reply;
}

/** Ends the session on the server (clears the refresh cookie) and forgets it here. */
export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout');
  } finally {
    setDeviceCashier(null);
    sessionStore.set(null);
  }
}

/** Who is signed in, according to the server. */
export function fetchMe(): Promise<MeResponse> {
  return api.get<MeResponse>('/auth/me');
}
