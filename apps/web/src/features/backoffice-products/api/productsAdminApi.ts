import type { Product, ProductLabelsRequest, ProductPage, UpdateProductRequest } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { apiErrorFromResponse } from '../../../lib/http/apiError.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';

/** Back-office product search: active and archived products. */
export function fetchAdminProducts(q: string, offset: number, signal?: AbortSignal): Promise<ProductPage> {
  return api.get('/products', { q, status: 'all', limit: 50, offset }, signal);
}

/** PATCH /products/:id with the fields given. */
export function updateProduct(id: string, changes: UpdateProductRequest): Promise<Product> {
  return api.request(`/products/${id}`, { method: 'PATCH', body: changes });
}

/**
 * POST /products/labels: shelf or barcode labels of the selected products, downloaded as a PDF to
 * print (a download, not a blob tab: the app's CSP, inherited by blob documents, forbids plugins).
 * Rejects with an ApiError on a problem answer.
 */
export async function printLabels(request: ProductLabelsRequest): Promise<void> {
  const token = sessionStore.get()?.accessToken;
  const response = await fetch(`${API_PREFIX}/products/labels`, {
    method: 'POST',
    headers: {
      'X-Kassa-Request': '1',
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(request),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await apiErrorFromResponse(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${request.kind}-labels.pdf`;
  link.click();
  URL.revokeObjectURL(url);
}
