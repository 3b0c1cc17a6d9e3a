import type { StoreCredit } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** A store credit's balance by the code on the customer's receipt (404 `store_credit_unknown`). */
export function getStoreCredit(code: string): Promise<StoreCredit> {
  return api.get<StoreCredit>(`/store-credits/${encodeURIComponent(code.trim())}`);
}
