import { switchCashier } from '../../auth/api/authApi.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { setDeviceCashier } from '../state/deviceCashier.ts';
import { isUnreachable } from '../state/offlineCache.ts';
import { offlineDb } from '../state/offlineDb.ts';
import { deviceStaff, verifyPinOffline } from '../state/staffCache.ts';

/** How the switch went: `online` (a new session from POST /auth/pin) or `offline` (checked on the device). */
export type SwitchOutcome = 'online' | 'offline';

/**
 * Switches the register's cashier by PIN: online through POST /auth/pin (the other user's session
 * replaces this one); when the server cannot be reached, against the PIN hash the device holds for
 * `registerId` (GET /registers/:id/staff), keeping the cashier for the sales rung up next.
 * @throws the server's refusal online; Error "Wrong PIN" offline for an unknown user or wrong PIN.
 */
export async function switchCashierByPin(
  registerId: string,
  userId: string,
  pin: string,
): Promise<SwitchOutcome> {
  try {
    await switchCashier({ userId, pin });
    setDeviceCashier(null);
    return 'online';
  } catch (error) {
    if (!isUnreachable(error)) throw error;
  }
  const member = (await deviceStaff(offlineDb(), registerId)).find((m) => m.id === userId);
  if (!member || !(await verifyPinOffline(member, pin)))
    throw new Error('Wrong PIN (checked on this device, offline)');
  setDeviceCashier(
    member.id === sessionStore.get()?.user.id
      ? null
      : { id: member.id, name: member.name, role: member.role },
  );
  return 'offline';
}
