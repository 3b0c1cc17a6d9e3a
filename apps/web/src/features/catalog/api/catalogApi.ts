import type { Category, Product, ProductPage } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';
import { findCachedByBarcode, searchCachedProducts } from '../../offline/state/catalogCache.ts';
import { offlineDb } from '../../offline/state/offlineDb.ts';
import { isUnreachable, withOfflineCopy } from '../../offline/state/offlineCache.ts';

export type ProductQuery = {
  q?: string;
  categoryId?: string;
  storeId?: string;
  limit?: number;
  offset?: number;
};

export function fetchCategories(signal?: AbortSignal): Promise<{ items: Category[] }> {
  return withOfflineCopy(window.localStorage, 'categories', () => api.get('/categories', undefined, signal));
}

/** Searches the server; without it, the device's catalog (issue 8: the terminal sells offline). */
export async function fetchProducts(query: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
  try {
    return await api.get('/products', query, signal);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return searchCachedProducts(offlineDb(), {
      q: query.q,
      categoryId: query.categoryId,
      limit: query.limit ?? 50,
    });
  }
}

/** The product with exactly this barcode (GTIN), or null when there is none; offline, from the device. */
export async function fetchProductByBarcode(barcode: string, storeId?: string): Promise<Product | null> {
  try {
    const page = await api.get<ProductPage>('/products', { barcode, storeId, limit: 1 });
    return page.items[0] ?? null;
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return findCachedByBarcode(offlineDb(), barcode);
  }
}
