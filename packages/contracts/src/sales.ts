import { z } from 'zod';
import { DocumentId, MinorUnits, Pagination, QuantityInput } from './common.ts';

export const TenderMethod = z.enum(['cash', 'card']);

export const SaleLineInput = z
  .object({
    productId: z.uuid(),
    quantity: QuantityInput,
    discountPercent: z
      .union([z.string(), z.number()])
      .optional()
      .describe('Line discount in percent, at most the user maximum'),
  })
  .strict();

export const TenderInput = z
  .object({
    method: TenderMethod,
    amount: MinorUnits.positive().describe('Cash: what the customer handed over. Card: amount charged.'),
    reference: z.string().max(100).optional().describe('Card terminal approval code or slip number'),
  })
  .strict();

/**
 * The totals the terminal showed the customer, before cash rounding (the engine's `total`,
 * `taxTotal` and `discountTotal`, in minor units). The server prices the sale again from its lines
 * and refuses it with 422 `totals_mismatch` if any of them differs by even one minor unit, so a
 * customer is never charged other than what the screen said. Details carry both sets of totals.
 */
export const ExpectedTotals = z
  .object({ total: MinorUnits, taxTotal: MinorUnits, discountTotal: MinorUnits })
  .strict();
export type ExpectedTotals = z.infer<typeof ExpectedTotals>;

/** Create a sale. Posting the same `id` again returns the stored sale and creates nothing. */
export const CreateSaleRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    lines: z.array(SaleLineInput).min(1).max(500),
    tenders: z.array(TenderInput).min(1).max(20),
    clientCreatedAt: z.iso.datetime({ offset: true }).optional().describe('When the terminal completed it'),
    expectedTotals: ExpectedTotals.optional().describe(
      'Totals the terminal showed; the sale is refused with totals_mismatch if the server computes others',
    ),
    approvalId: z
      .uuid()
      .optional()
      .describe("A manager's approval (POST /approvals) of line discounts above the cashier's limit"),
  })
  .strict();
export type CreateSaleRequest = z.infer<typeof CreateSaleRequest>;

export const SaleLineTax = z.object({
  taxId: z.uuid(),
  name: z.string(),
  rate: z.string(),
  inclusive: z.boolean(),
  base: MinorUnits,
  amount: MinorUnits,
});

export const SaleLine = z.object({
  id: z.uuid(),
  lineNo: z.number().int(),
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.string(),
  unitPrice: MinorUnits,
  discountPercent: z.string(),
  gross: MinorUnits,
  discount: MinorUnits,
  net: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
  ageRestricted: z.boolean(),
  taxes: z.array(SaleLineTax),
});
export type SaleLine = z.infer<typeof SaleLine>;

export const SaleTender = z.object({
  id: z.uuid(),
  method: TenderMethod,
  amount: MinorUnits.describe('Applied to the sale'),
  tendered: MinorUnits.describe('Handed over or charged'),
  reference: z.string().nullable(),
});

export const SaleTaxSummary = z.object({
  taxId: z.uuid(),
  name: z.string(),
  rate: z.string(),
  base: MinorUnits,
  amount: MinorUnits,
});

export const Sale = z.object({
  id: z.uuid(),
  receiptNumber: z.string(),
  status: z.enum(['completed']),
  currency: z.string(),
  storeId: z.uuid(),
  storeName: z.string(),
  storeAddress: z.string().describe('One line'),
  storeTimeZone: z.string(),
  receiptFooter: z.string(),
  registerId: z.uuid(),
  registerName: z.string(),
  cashierId: z.uuid(),
  cashierName: z.string(),
  subtotal: MinorUnits,
  discountTotal: MinorUnits,
  taxTotal: MinorUnits,
  total: MinorUnits.describe('Sum of the line totals, before cash rounding'),
  cashRounding: MinorUnits.describe('Signed cash rounding of the part paid in cash; 0 when none'),
  amountDue: MinorUnits.describe('What was paid: total + cashRounding'),
  tendered: MinorUnits,
  change: MinorUnits,
  lines: z.array(SaleLine),
  taxes: z.array(SaleTaxSummary),
  tenders: z.array(SaleTender),
  createdAt: z.string().describe('ISO 8601, when the server recorded the sale'),
  clientCreatedAt: z.string().nullable(),
});
export type Sale = z.infer<typeof Sale>;

export const SaleListQuery = Pagination.extend({
  storeId: z.uuid().optional(),
  registerId: z.uuid().optional(),
  cashierId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive lower bound of createdAt'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive upper bound of createdAt'),
}).strict();
export type SaleListQuery = z.infer<typeof SaleListQuery>;

export const SaleSummary = Sale.omit({ lines: true, taxes: true, tenders: true });
export const SalePage = z.object({
  items: z.array(SaleSummary),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type SalePage = z.infer<typeof SalePage>;
