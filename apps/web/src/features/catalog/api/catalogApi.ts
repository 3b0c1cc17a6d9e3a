import type { Category, Product, ProductPage } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

export type ProductQuery = {
  q?: string;
  categoryId?: string;
  storeId?: string;
  limit?: number;
  offset?: number;
};

export function fetchCategories(signal?: AbortSignal): Promise<{ items: Category[] }> {
  return api.get('/categories', undefined, signal);
}

export function fetchProducts(query: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
  return api.get('/products', query, signal);
}

/** The product with exactly this barcode (GTIN), or null when there is none. */
export async function fetchProductByBarcode(barcode: string, storeId?: string): Promise<Product | null> {
  const page = await api.get<ProductPage>('/products', { barcode, storeId, limit: 1 });
  return page.items[0] ?? null;
}
