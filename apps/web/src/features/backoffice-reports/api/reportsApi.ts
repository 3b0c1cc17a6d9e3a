import type { ReportQuery, SalesReport, Store } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** GET /reports/sales for local days `from`..`to` of one store or all. */
export function fetchSalesReport(query: ReportQuery, signal?: AbortSignal): Promise<SalesReport> {
  return api.get('/reports/sales', query, signal);
}

export async function fetchStores(signal?: AbortSignal): Promise<Store[]> {
  return (await api.get<{ items: Store[] }>('/stores', undefined, signal)).items;
}
