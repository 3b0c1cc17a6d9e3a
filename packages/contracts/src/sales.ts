import { z } from 'zod';
import { AgeCheckInput } from './age-checks.ts';
import { DocumentId, MinorUnits, Pagination, QuantityInput } from './common.ts';

/** `store_credit`: a store credit spent by its code (the tender's `reference`). */
export const TenderMethod = z.enum(['cash', 'card', 'store_credit']);

export const SaleLineInput = z
  .object({
    productId: z.uuid(),
    quantity: QuantityInput,
    discountPercent: z
      .union([z.string(), z.number()])
      .optional()
      .describe('Line discount in percent, at most the user maximum'),
    priceOverride: MinorUnits.min(0)
      .optional()
      .describe(
        'Unit price set by hand instead of the shelf price (minor units). Needs sale.price_override, ' +
          "or a manager's approval (priceOverrideApprovalId). Stored as its own signed adjustment.",
      ),
    listedPrice: MinorUnits.min(0)
      .optional()
      .describe(
        "The shelf price (minor units) in the terminal's catalog when the line was rung up. When it " +
          "differs from today's price, the sale keeps it only if the product changed after the sale's " +
          'catalogVersion (an offline terminal held an older catalog); the difference is recorded for review.',
      ),
  })
  .strict();

/**
 * A tax-exempt sale: why, and the customer's certificate (resale, diplomatic, charity...). Needs
 * sale.tax_exempt or a manager's approval (taxExemptApprovalId). No tax is charged; tax-inclusive
 * prices give up the tax they contain.
 */
export const TaxExemptInput = z
  .object({
    reason: z.string().trim().min(1).max(200).describe('e.g. "Resale", "Diplomatic mission", "Export"'),
    certificate: z.string().trim().min(1).max(100).optional().describe('Exemption certificate number'),
  })
  .strict();

export const TenderInput = z
  .object({
    method: TenderMethod,
    amount: MinorUnits.positive().describe(
      'Cash: what the customer handed over. Card: amount charged. Store credit: amount spent.',
    ),
    reference: z
      .string()
      .max(100)
      .optional()
      .describe('Card terminal approval code or slip number; for store credit, its code (required)'),
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
    cashierId: z
      .uuid()
      .optional()
      .describe(
        'The cashier who rang it up when not the signed-in user (switched by PIN on the device, offline); ' +
          'must be an active user of the company who may sell in the store, else 422 cashier_invalid',
      ),
    catalogVersion: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("The terminal's catalog version (newest product updatedAt it held) when it rang the sale up"),
    expectedTotals: ExpectedTotals.optional().describe(
      'Totals the terminal showed; the sale is refused with totals_mismatch if the server computes others',
    ),
    approvalId: z
      .uuid()
      .optional()
      .describe("A manager's approval (POST /approvals) of line discounts above the cashier's limit"),
    priceOverrideApprovalId: z
      .uuid()
      .optional()
      .describe(
        "A manager's approval (POST /approvals, action price_override) of the lines' price overrides",
      ),
    taxExempt: TaxExemptInput.optional().describe('Sell without tax, with the reason and certificate'),
    taxExemptApprovalId: z
      .uuid()
      .optional()
      .describe("A manager's approval (POST /approvals, action tax_exempt) of the exemption"),
    ageCheck: AgeCheckInput.optional().describe(
      "The customer's age check; required when a line is age-restricted and the store has a minimum age",
    ),
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
  unitPrice: MinorUnits.describe('The shelf price at the moment of sale, even when overridden'),
  discountPercent: z.string(),
  gross: MinorUnits.describe('unitPrice x quantity'),
  overrideUnitPrice: MinorUnits.nullable()
    .optional()
    .describe('The unit price set by hand; null when the shelf price was used'),
  priceOverride: MinorUnits.optional().describe(
    'Signed adjustment of the override: overrideUnitPrice x quantity - gross (0 without one)',
  ),
  discount: MinorUnits,
  exemption: MinorUnits.optional().describe(
    'Tax-exempt line with a tax-inclusive price: minus the tax the price contained',
  ),
  taxExempt: z.boolean().optional(),
  net: MinorUnits.describe('gross + priceOverride - discount + exemption'),
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
  receiptHeader: z
    .string()
    .optional()
    .describe("The store's receipt header lines (settings), printed under its name"),
  storeTaxId: z.string().optional().describe("The store's tax registration number (settings); empty: none"),
  registerId: z.uuid(),
  registerName: z.string(),
  cashierId: z.uuid(),
  cashierName: z.string(),
  subtotal: MinorUnits.describe('Sum of the lines at shelf prices (gross)'),
  overrideTotal: MinorUnits.optional().describe("Sum of the lines' signed price override adjustments"),
  discountTotal: MinorUnits,
  exemptionTotal: MinorUnits.optional().describe(
    'Tax given up on tax-inclusive prices of a tax-exempt sale (<= 0)',
  ),
  taxExempt: TaxExemptInput.nullable().optional().describe('Set when the sale was sold without tax'),
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
  tender: TenderMethod.optional().describe('Sales paid (at least partly) with this tender'),
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
