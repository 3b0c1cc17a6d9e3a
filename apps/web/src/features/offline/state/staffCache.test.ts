import 'fake-indexeddb/auto';
import type { RegisterStaffList } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOfflineDb, type OfflineDb } from './offlineDb.ts';
import { deviceStaff, syncRegisterStaff, verifyPinOffline } from './staffCache.ts';

// Issue 8: the offline cashier switch checks a PIN against the argon2id hash on the device.
// This PHC string was made by the server's own hashing code (apps/server/src/modules/auth/
// passwords.ts `hashSecret('4821')`, @node-rs/argon2, m=19456 t=2 p=1), as GET
// /registers/:id/staff hands it out.
const SERVER_HASH_OF_4821 =
  '$argon2id$v=19$m=19456,t=2,p=1$hbYDaVW4x3W8NsuyfJwVSw$nwVkXkYrl86orYE46Dn/CaefxZmeq+o8ZdyahVP01Q0';

let db: OfflineDb;

beforeEach(() => {
  db = openOfflineDb(`staff-${newDocumentId()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('offline PIN verification', () => {
  it('accepts the right PIN and refuses a wrong one against a server-made argon2id hash', async () => {
    expect(await verifyPinOffline({ pinHash: SERVER_HASH_OF_4821 }, '4821')).toBe(true);
    expect(await verifyPinOffline({ pinHash: SERVER_HASH_OF_4821 }, '4822')).toBe(false);
    expect(await verifyPinOffline({ pinHash: SERVER_HASH_OF_4821 }, '')).toBe(false);
  });

  it('refuses (does not throw) for a hash it cannot read', async () => {
    expect(await verifyPinOffline({ pinHash: 'not-a-phc-string' }, '4821')).toBe(false);
  });
});

describe('the register staff on the device', () => {
  it('keeps the downloaded staff per register and replaces them on the next refresh', async () => {
    const registerId = newDocumentId();
    const member = {
      id: newDocumentId(),
      name: 'Max Manager',
      role: 'manager' as const,
      pinHash: SERVER_HASH_OF_4821,
    };
    const asked: string[] = [];
    const fetchStaff = (id: string): Promise<RegisterStaffList> => {
      asked.push(id);
      return Promise.resolve({ items: asked.length === 1 ? [member] : [] });
    };
    expect(await deviceStaff(db, registerId)).toEqual([]);
    expect(await syncRegisterStaff(db, registerId, fetchStaff)).toBe(1);
    expect(asked).toEqual([registerId]);
    const [kept] = await deviceStaff(db, registerId);
    expect(kept).toEqual(member);
    expect(await verifyPinOffline(kept!, '4821')).toBe(true);
    expect(await deviceStaff(db, newDocumentId())).toEqual([]);
    // A user disabled on the server disappears from the device at the next refresh.
    await syncRegisterStaff(db, registerId, fetchStaff);
    expect(await deviceStaff(db, registerId)).toEqual([]);
  });
});
