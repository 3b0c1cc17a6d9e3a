import type { CreateRefundRequest, Refund, Returnable, Sale } from '@kassa/contracts';
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
