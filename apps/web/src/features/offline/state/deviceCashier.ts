import { useSyncExternalStore } from 'react';
import type { KeyValueStorage } from './offlineCache.ts';

/**
 * The cashier switched to by PIN on this device while the server could not be reached (issue 8).
 * The signed-in token stays the register user's; sales carry this cashier as `cashierId`, and the
 * server credits them to it. Null: sales are the signed-in user's. Kept in localStorage so an
 * offline reload keeps the cashier; cleared by an online switch and by sign-out.
 */
export type DeviceCashier = { id: string; name: string; role: 'owner' | 'manager' | 'cashier' };

const KEY = 'kassa.offline.deviceCashier';
const listeners = new Set<() => void>();
let current: DeviceCashier | null | undefined;

function storage(): KeyValueStorage | null {
  return typeof window === 'undefined' ? null : window.localStorage;
}

/** The switched cashier, or null. */
export function getDeviceCashier(): DeviceCashier | null {
  if (current === undefined) {
    try {
      const raw = storage()?.getItem(KEY);
      current = raw ? (JSON.parse(raw) as DeviceCashier) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

/** Sets (or with null, clears) the switched cashier. */
export function setDeviceCashier(cashier: DeviceCashier | null): void {
  current = cashier;
  if (cashier) storage()?.setItem(KEY, JSON.stringify(cashier));
  else storage()?.removeItem(KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The switched cashier, re-rendering on change. */
export function useDeviceCashier(): DeviceCashier | null {
  return useSyncExternalStore(subscribe, getDeviceCashier, () => null);
}
