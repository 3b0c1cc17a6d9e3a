import type { RegisterStaffList, RegisterStaffMember } from '@kassa/contracts';
import { argon2Verify } from 'hash-wasm';
import type { OfflineDb } from './offlineDb.ts';

const staffKey = (registerId: string) => `staff:${registerId}`;

/**
 * Replaces the device's copy of the staff who may sell at `registerId` (names, roles and argon2id
 * PIN hashes from GET /registers/:id/staff), kept in the Dexie `meta` table.
 */
export async function syncRegisterStaff(
  db: OfflineDb,
  registerId: string,
  fetchStaff: (registerId: string) => Promise<RegisterStaffList>,
): Promise<number> {
  const { items } = await fetchStaff(registerId);
  await db.meta.put({ key: staffKey(registerId), value: items });
  return items.length;
}

/** The staff of `registerId` the device holds, by name; empty before the first download. */
export async function deviceStaff(db: OfflineDb, registerId: string): Promise<RegisterStaffMember[]> {
  return ((await db.meta.get(staffKey(registerId)))?.value as RegisterStaffMember[] | undefined) ?? [];
}

/**
 * Checks a PIN against a staff member's argon2id PHC hash on the device (hash-wasm, WebAssembly),
 * for the offline cashier switch. False for a wrong PIN or a hash it cannot read.
 */
export async function verifyPinOffline(
  member: Pick<RegisterStaffMember, 'pinHash'>,
  pin: string,
): Promise<boolean> {
  try {
    return await argon2Verify({ password: pin, hash: member.pinHash });
  } catch {
    return false;
  }
}
