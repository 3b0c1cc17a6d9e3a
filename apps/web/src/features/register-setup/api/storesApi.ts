import type { CompanySettings, Store } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';
import { withOfflineCopy } from '../../offline/state/offlineCache.ts';

export type StaffMember = { id: string; name: string; role: 'owner' | 'manager' | 'cashier' };

export async function fetchStores(signal?: AbortSignal): Promise<Store[]> {
  return withOfflineCopy(
    window.localStorage,
    'stores',
    async () => (await api.get<{ items: Store[] }>('/stores', undefined, signal)).items,
  );
}

export async function fetchStaff(signal?: AbortSignal): Promise<StaffMember[]> {
  return (await api.get<{ items: StaffMember[] }>('/staff', undefined, signal)).items;
}

export function fetchSettings(signal?: AbortSignal): Promise<CompanySettings> {
  return withOfflineCopy(window.localStorage, 'settings', () =>
    api.get<CompanySettings>('/settings', undefined, signal),
  );
}
