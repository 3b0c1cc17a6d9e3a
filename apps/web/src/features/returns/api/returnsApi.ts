import type {
  CreateExchangeRequest,
  CreateRefundRequest,
  Exchange,
  Refund,
  Returnable,
  Sale,
} from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** The sale of a receipt number (scanned from the receipt's barcode or typed). */
export function lookupSale(receiptNumber: string): Promise<Sale> {
  return api.get<Sale>('/sales/lookup', { receiptNumber });
}

export function fetchReturnable(saleId: string): Promise<Returnable> {
  return api.get<Returnable>(`/sales/${saleId}/returnable`);
}

/** Records a refund; posting the same id again returns the stored refund. */
export function createRefund(request: CreateRefundRequest): Promise<Refund> {
  return api.post<Refund>('/refunds', request);
}

/**
 * Records an exchange (a refund and a new sale, one net amount); posting the same id again returns
 * the stored exchange. Rejects with the API's problem (over_return, tenders_short...).
 */
export function createExchange(request: CreateExchangeRequest): Promise<Exchange> {
  return api.post<Exchange>('/exchanges', request);
}
