/**
 * The store and register this device sells at, remembered in localStorage so a terminal opens
 * straight on its register after the first setup. Kept per company: another company signing in
 * on the same device picks its own.
 */
export type DeviceRegister = { companyId: string; storeId: string; registerId: string };

const KEY = 'kassa.deviceRegister';

/** The remembered register of `companyId`, or null. Ignores unreadable or foreign entries. */
export function loadDeviceRegister(
  storage: Pick<Storage, 'getItem'>,
  companyId: string,
): DeviceRegister | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<DeviceRegister> | null;
    if (
      value?.companyId === companyId &&
      typeof value.storeId === 'string' &&
      typeof value.registerId === 'string'
    ) {
      return { companyId, storeId: value.storeId, registerId: value.registerId };
    }
  } catch {
    // A broken entry is as good as none.
  }
  return null;
}

export function saveDeviceRegister(storage: Pick<Storage, 'setItem'>, register: DeviceRegister): void {
  storage.setItem(KEY, JSON.stringify(register));
}

export function forgetDeviceRegister(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}
