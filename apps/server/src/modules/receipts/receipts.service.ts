import { and, eq } from 'drizzle-orm';
import { receiptDocument, receiptText, type ReceiptDocument } from '@kassa/domain';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { getSale } from '../sales/sales.service.ts';
import { renderReceiptPdf } from './receipts.pdf.ts';

/**
 * The printed receipt of a sale (packages/domain receiptDocument), marked COPY when `copy`.
 * @throws AppError 404 `not_found` for an unknown or another company's sale.
 */
export async function receiptOf(ctx: Ctx, saleId: string, copy: boolean): Promise<ReceiptDocument> {
  const sale = await getSale(ctx, saleId);
  const [store] = await ctx.tx
    .select({ minimumAge: s.stores.minimumAge })
    .from(s.stores)
    .where(and(eq(s.stores.companyId, ctx.companyId), eq(s.stores.id, sale.storeId)))
    .limit(1);
  return receiptDocument(sale, { copy, minimumAge: store?.minimumAge ?? null });
}

/**
 * E-mails a receipt: the text receipt as the body and the PDF attached. Sent after the
 * transaction that read the sale, so a slow mail server holds no database connection.
 */
export async function emailReceipt(mailer: Mailer, doc: ReceiptDocument, to: string): Promise<void> {
  const pdf = await renderReceiptPdf(doc);
  const storeName = doc.header[0] ?? 'Kassa';
  await mailer.send({
    to,
    subject: `${doc.copy ? 'COPY: ' : ''}Your receipt ${doc.barcode} from ${storeName}`,
    text: `${receiptText(doc)}\n`,
    attachments: [{ filename: `receipt-${doc.barcode}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
}
