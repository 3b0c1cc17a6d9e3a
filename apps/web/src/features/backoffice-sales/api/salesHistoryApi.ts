import type { Sale, SalePage, SaleRefunds } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** Filters of the sales history; days are the browser's local days, `to` inclusive. */
export type SalesFilter = {
  storeId: string;
  registerId: string;
  cashierId: string;
  tender: '' | 'cash' | 'card';
  from: string;
  to: string;
};

/** The instant a local calendar day (YYYY-MM-DD) starts, as ISO 8601 with offset. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** GET /sales with the filters, newest first, 50 a page. */
export function fetchSalesPage(filter: SalesFilter, offset: number, signal?: AbortSignal): Promise<SalePage> {
  return api.get(
    '/sales',
    {
      storeId: filter.storeId,
      registerId: filter.registerId,
      cashierId: filter.cashierId,
      tender: filter.tender,
      from: dayStart(filter.from),
      to: dayStart(filter.to, 1),
      limit: 50,
      offset,
    },
    signal,
  );
}

export function fetchSale(id: string, signal?: AbortSignal): Promise<Sale> {
  return api.get(`/sales/${id}`, undefined, signal);
}

export function fetchSaleRefunds(id: string, signal?: AbortSignal): Promise<SaleRefunds> {
  return api.get(`/sales/${id}/refunds`, undefined, signal);
}
