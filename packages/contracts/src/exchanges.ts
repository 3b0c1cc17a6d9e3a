import { z } from 'zod';
import { AgeCheckInput } from './age-checks.ts';
import { DocumentId, MinorUnits, QuantityInput } from './common.ts';
import { Refund } from './refunds.ts';
import { ExpectedTotals, Sale, SaleLineInput, TenderInput, TenderMethod } from './sales.ts';

/**
 * An exchange: lines of a sale returned (with its receipt) and a new sale, settled together with
 * one net amount. The refund's tenders are carried over into the new sale (cash first, then card),
 * so the customer pays only the difference (`tenders`), or gets back what is left of the refund,
 * to the original tenders. Posting the same `id` again returns the stored exchange.
 */
export const CreateExchangeRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    reason: z.string().trim().min(1).max(200),
    return: z
      .object({
        refundId: DocumentId,
        saleId: z.uuid().describe('The original sale (found by its receipt number)'),
        lines: z
          .array(
            z
              .object({
                lineNo: z.number().int().positive(),
                quantity: QuantityInput,
                restock: z.boolean().describe('False for damaged goods'),
              })
              .strict(),
          )
          .min(1)
          .max(500),
      })
      .strict(),
    sale: z
      .object({
        id: DocumentId,
        lines: z.array(SaleLineInput).min(1).max(500),
        expectedTotals: ExpectedTotals.describe(
          'Totals the terminal showed for the new sale; the net is computed from `total`',
        ),
        ageCheck: AgeCheckInput.optional(),
        clientCreatedAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    tenders: z
      .array(TenderInput)
      .max(20)
      .default([])
      .describe('What the customer pays of a positive net (cash may exceed it: change). Empty otherwise.'),
  })
  .strict();
export type CreateExchangeRequest = z.input<typeof CreateExchangeRequest>;
export type CreateExchangeInput = z.output<typeof CreateExchangeRequest>;

/** A stored exchange with its two documents. */
export const Exchange = z.object({
  id: z.uuid(),
  registerId: z.uuid(),
  originalSaleId: z.uuid(),
  refund: Refund,
  sale: Sale,
  carriedOver: z
    .array(z.object({ method: TenderMethod, amount: MinorUnits }))
    .describe('Refund tenders applied to the new sale'),
  net: z
    .number()
    .int()
    .describe('New sale amount due minus the refund (minor units): > 0 paid, < 0 refunded'),
  createdAt: z.string(),
});
export type Exchange = z.infer<typeof Exchange>;
