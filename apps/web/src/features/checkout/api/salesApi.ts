import type { CreateSaleRequest, Sale } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/**
 * Records a sale. The id is the client's UUIDv7: posting it again (a retry after a lost reply)
 * returns the stored sale (200) instead of creating a second one (201).
 */
export function createSale(request: CreateSaleRequest): Promise<Sale> {
  return api.post<Sale>('/sales', request);
}
