import type { ParkedSale, ParkedSalePage, ParkSaleRequest, Product } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** Parks a cart (POST /parked-sales); posting the same id again returns the stored one. */
export function parkSale(request: ParkSaleRequest): Promise<ParkedSale> {
  return api.post<ParkedSale>('/parked-sales', request);
}

/** Carts waiting in the store, oldest first. */
export async function fetchParkedSales(storeId: string, signal?: AbortSignal): Promise<ParkedSale[]> {
  return (await api.get<ParkedSalePage>('/parked-sales', { storeId }, signal)).items;
}

/** Takes a parked cart to this register (once; the server refuses a second resume). */
export function resumeParkedSale(id: string, registerId: string): Promise<ParkedSale> {
  return api.post<ParkedSale>(`/parked-sales/${id}/resume`, { registerId });
}

/** A product by id, as sold today (a resumed cart is priced again). */
export function fetchProduct(id: string): Promise<Product> {
  return api.get<Product>(`/products/${id}`);
}
