import type {
  AgePolicy,
  CompanySettings,
  Store,
  TaxList,
  UpdateCompanySettingsRequest,
  UpdateStoreRequest,
} from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

export function fetchSettings(signal?: AbortSignal): Promise<CompanySettings> {
  return api.get('/settings', undefined, signal);
}

/** PUT /settings: the fields given change, the others keep their value. */
export function saveSettings(changes: UpdateCompanySettingsRequest): Promise<CompanySettings> {
  return api.request('/settings', { method: 'PUT', body: changes });
}

/** GET /taxes: the company's tax rates, for the "default taxes" choice. */
export async function fetchTaxes(signal?: AbortSignal): Promise<TaxList['items']> {
  return (await api.get<TaxList>('/taxes', undefined, signal)).items;
}

/** GET /stores: the company's stores with their settings (never the offline copy: the back office edits them). */
export async function fetchStoreSettings(signal?: AbortSignal): Promise<Store[]> {
  return (await api.get<{ items: Store[] }>('/stores', undefined, signal)).items;
}

/** PATCH /stores/:id with the fields given. */
export function saveStore(id: string, changes: UpdateStoreRequest): Promise<Store> {
  return api.request(`/stores/${id}`, { method: 'PATCH', body: changes });
}

/** GET /stores/:id/age-policy: the store's age-check rules. */
export function fetchStoreAgePolicy(id: string, signal?: AbortSignal): Promise<AgePolicy> {
  return api.get(`/stores/${id}/age-policy`, undefined, signal);
}

/** PUT /stores/:id/age-policy: replaces the store's age-check rules. */
export function saveStoreAgePolicy(id: string, policy: AgePolicy): Promise<AgePolicy> {
  return api.request(`/stores/${id}/age-policy`, { method: 'PUT', body: policy });
}
