import { describe, expect, it } from 'vitest';
import { forgetDeviceRegister, loadDeviceRegister, saveDeviceRegister } from './deviceRegister.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('device register', () => {
  it('remembers the register per company', () => {
    const storage = memoryStorage();
    expect(loadDeviceRegister(storage, 'c1')).toBeNull();
    saveDeviceRegister(storage, { companyId: 'c1', storeId: 's1', registerId: 'r1' });
    expect(loadDeviceRegister(storage, 'c1')).toEqual({ companyId: 'c1', storeId: 's1', registerId: 'r1' });
    expect(loadDeviceRegister(storage, 'c2')).toBeNull();
    forgetDeviceRegister(storage);
    expect(loadDeviceRegister(storage, 'c1')).toBeNull();
  });

  it('ignores broken entries', () => {
    const storage = memoryStorage();
    storage.setItem('kassa.deviceRegister', '{not json');
    expect(loadDeviceRegister(storage, 'c1')).toBeNull();
    storage.setItem('kassa.deviceRegister', JSON.stringify({ companyId: 'c1', storeId: 5 }));
    expect(loadDeviceRegister(storage, 'c1')).toBeNull();
  });
});
