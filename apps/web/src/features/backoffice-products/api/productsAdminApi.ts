import type { Product, ProductPage, UpdateProductRequest } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** Back-office product search: active and archived products. */
export function fetchAdminProducts(q: string, offset: number, signal?: AbortSignal): Promise<ProductPage> {
  return api.get('/products', { q, status: 'all', limit: 50, offset }, signal);
}

/** PATCH /products/:id with the fields given. */
export function updateProduct(id: string, changes: UpdateProductRequest): Promise<Product> {
  return api.request(`/products/${id}`, { method: 'PATCH', body: changes });
}
