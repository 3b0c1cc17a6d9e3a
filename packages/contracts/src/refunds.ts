import { z } from 'zod';
import { DocumentId, MinorUnits, QuantityInput } from './common.ts';
import { SaleLineTax, TenderMethod } from './sales.ts';

/** A manager's approval given at the terminal: their user id and PIN. */
export const ManagerApproval = z.object({ managerId: z.uuid(), pin: z.string().regex(/^\d{4,6}$/) }).strict();
export type ManagerApproval = z.infer<typeof ManagerApproval>;

export const RefundTenderInput = z
  .object({
    method: TenderMethod,
    amount: MinorUnits.positive(),
    reference: z.string().max(100).optional().describe('Card terminal refund reference'),
  })
  .strict();

/**
 * Return lines of a sale (with its receipt), or products without a receipt (`saleId` absent: a
 * manager approves, at the current price). `tenders` may be left out: the refund then goes back to
 * the sale's card first, then cash (without a receipt: cash).
 */
export const CreateRefundRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    saleId: z.uuid().optional(),
    reason: z.string().trim().min(1).max(200),
    lines: z
      .array(
        z
          .object({
            lineNo: z
              .number()
              .int()
              .positive()
              .optional()
              .describe("The sale line's number (with a receipt)"),
            productId: z.uuid().optional().describe('The product (without a receipt)'),
            quantity: QuantityInput,
            restock: z.boolean().describe('False for damaged goods'),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    tenders: z.array(RefundTenderInput).min(1).max(10).optional(),
    approval: ManagerApproval.optional(),
    refundTo: z
      .enum(['cash', 'store_credit'])
      .optional()
      .describe(
        'Without a receipt: where the money goes (default: the store setting, cash when it allows ' +
          'cash). store_credit issues a credit whose code is the refund tender reference.',
      ),
    approvalId: z
      .uuid()
      .optional()
      .describe(
        "A manager's approval (POST /approvals, action refund, saleId = the sale, or this refund's id " +
          'without a receipt; amount at least the refund total) for users without refund.create',
      ),
  })
  .strict();
export type CreateRefundRequest = z.infer<typeof CreateRefundRequest>;

/** Void a completed sale of the open shift (a manager): every line back, every tender back. */
export const VoidSaleRequest = z
  .object({
    id: DocumentId,
    reason: z.string().trim().min(1).max(200),
    approvalId: z
      .uuid()
      .optional()
      .describe(
        "A manager's approval (POST /approvals, action void, this sale, amount at least its total) for users without sale.void",
      ),
  })
  .strict();
export type VoidSaleRequest = z.infer<typeof VoidSaleRequest>;

export const RefundLine = z.object({
  lineNo: z.number().int(),
  saleLineNo: z.number().int().nullable(),
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.string(),
  unitPrice: MinorUnits,
  gross: MinorUnits,
  discount: MinorUnits,
  net: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
  taxes: z.array(SaleLineTax),
  restock: z.boolean(),
});

export const Refund = z.object({
  id: z.uuid(),
  kind: z.enum(['refund', 'void']),
  refundNumber: z.string(),
  saleId: z.uuid().nullable(),
  saleReceiptNumber: z.string().nullable(),
  storeId: z.uuid(),
  registerId: z.uuid(),
  shiftId: z.uuid(),
  cashierId: z.uuid(),
  currency: z.string(),
  discountTotal: MinorUnits,
  netTotal: MinorUnits,
  taxTotal: MinorUnits,
  total: MinorUnits.describe('Given back to the customer'),
  reason: z.string(),
  approvedBy: z.uuid().nullable(),
  lines: z.array(RefundLine),
  tenders: z.array(z.object({ method: TenderMethod, amount: MinorUnits, reference: z.string().nullable() })),
  createdAt: z.string(),
});
export type Refund = z.infer<typeof Refund>;

/** What of a sale can still be returned: per line and per tender method, and whether it was voided. */
export const Returnable = z.object({
  saleId: z.uuid(),
  voided: z.boolean(),
  lines: z.array(
    z.object({ lineNo: z.number().int(), sold: z.string(), returned: z.string(), returnable: z.string() }),
  ),
  tenders: z.array(
    z.object({ method: TenderMethod, paid: MinorUnits, refunded: MinorUnits, refundable: MinorUnits }),
  ),
});
export type Returnable = z.infer<typeof Returnable>;

export const ReceiptLookupQuery = z.object({ receiptNumber: z.string().trim().min(1).max(40) }).strict();

/** The refunds and voids that point at a sale, oldest first. */
export const SaleRefunds = z.object({
  saleId: z.uuid(),
  voided: z.boolean(),
  items: z.array(Refund),
});
export type SaleRefunds = z.infer<typeof SaleRefunds>;
