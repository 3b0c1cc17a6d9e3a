import { z } from 'zod';
import { MinorUnits } from './common.ts';
import { Tax } from './catalog.ts';

/** Where tax is rounded: each line's tax (`per_line`) or each tax once on the sum of lines (`global`). */
export const TaxRounding = z.enum(['per_line', 'global']);

/** How an amount between two minor units is rounded: half away from zero, or half to even. */
export const RoundingMode = z.enum(['half_up', 'half_even']);

/** How the cash part of a payment is rounded to the increment. */
export const CashRoundingMode = z.enum(['half_up', 'up', 'down']);

/**
 * Cash rounding: the part of a payment made in cash is rounded to a multiple of `increment` minor
 * units (5 = 0.05 in a currency with cents; Swiss, Australian and Canadian cash rules).
 */
export const CashRounding = z
  .object({
    increment: MinorUnits.min(1).max(1_000_000).describe('Rounding step in minor units, e.g. 5 for 0.05'),
    mode: CashRoundingMode,
  })
  .strict();
export type CashRounding = z.infer<typeof CashRounding>;

/** A decimal string, validated by the pricing engine (which names what is wrong with it). */
const DecimalString = (what: string) => z.string().max(32).describe(what);

/** A line or order discount: a percent (decimal string) or a fixed amount in minor units. */
export const Discount = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), value: DecimalString('Percent, 0 to 100, e.g. "12.5"') }).strict(),
  z.object({ type: z.literal('amount'), value: MinorUnits.min(0) }).strict(),
]);
export type Discount = z.infer<typeof Discount>;

/** A tax of a quote. `id` is the caller's own name for it, referenced by the lines' `taxIds`. */
export const QuoteTax = z
  .object({
    id: z.string().min(1).max(64),
    rate: DecimalString('Percent, e.g. "21" or "9.975"'),
    inclusive: z.boolean().default(false).describe('The price already contains this tax'),
    compound: z
      .boolean()
      .default(false)
      .describe('Base includes the taxes listed before it on the line (exclusive taxes only)'),
  })
  .strict();

export const QuoteLine = z
  .object({
    id: z.string().min(1).max(64),
    unitPrice: MinorUnits.min(0),
    quantity: DecimalString('Positive decimal, at most 3 places, e.g. "0.375"'),
    taxIds: z.array(z.string().min(1).max(64)).max(20).default([]),
    discount: Discount.optional(),
    priceOverride: MinorUnits.min(0)
      .optional()
      .describe(
        "Unit price set by hand instead of unitPrice; reported as the line's own `override` adjustment",
      ),
    taxExempt: z.boolean().optional().describe('No tax on this line'),
  })
  .strict();

export const QuoteTender = z
  .object({
    method: z.enum(['cash', 'card']),
    amount: MinorUnits.min(0).describe('Cash: what the customer hands over. Card: amount charged.'),
  })
  .strict();

/**
 * Price a cart without saving anything. Amounts are integer minor units of `currency`; rates,
 * quantities and percents are decimal strings. Without tenders nothing is settled (no cash rounding).
 */
export const QuoteRequest = z
  .object({
    currency: z.string().min(1).max(8).describe('ISO 4217 code, e.g. "EUR"'),
    taxRounding: TaxRounding,
    roundingMode: RoundingMode,
    cashRounding: CashRounding.optional(),
    taxes: z.array(QuoteTax).max(100).default([]),
    lines: z.array(QuoteLine).max(500),
    orderDiscount: Discount.optional(),
    tenders: z.array(QuoteTender).max(20).optional(),
    taxExempt: z
      .boolean()
      .optional()
      .describe('The whole sale is tax-exempt: no tax; tax-inclusive prices give up the tax they contain'),
  })
  .strict();
export type QuoteRequest = z.infer<typeof QuoteRequest>;

export const QuoteResponse = z.object({
  currency: z.string(),
  total: MinorUnits.describe('What the customer owes before cash rounding'),
  taxTotal: MinorUnits,
  discountTotal: MinorUnits,
  taxes: z.array(z.object({ id: z.string(), base: MinorUnits, amount: MinorUnits })),
  lines: z.array(
    z.object({
      id: z.string(),
      net: MinorUnits.describe('After discounts; still contains inclusive taxes'),
      discount: MinorUnits.describe('Line discount plus its share of the order discount'),
      tax: MinorUnits,
      total: MinorUnits.describe('Net plus exclusive taxes'),
      override: MinorUnits.optional().describe(
        'Only for a line with priceOverride: the signed adjustment, override price x quantity - unit price x quantity',
      ),
      exemption: MinorUnits.optional().describe(
        'Only for a tax-exempt line: minus the tax its inclusive price contained (0 without inclusive taxes)',
      ),
    }),
  ),
  cashRounding: MinorUnits.describe('Signed adjustment of the cash part; 0 without cash or rounding'),
  amountDue: MinorUnits.describe('total + cashRounding'),
  tendered: MinorUnits,
  change: MinorUnits,
});
export type QuoteResponse = z.infer<typeof QuoteResponse>;

/** A tax rate of the company. */
export const CreateTaxRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    rate: DecimalString('Percent from 0 to 100 with at most 4 decimals, e.g. "9.975"'),
    inclusive: z.boolean().default(false),
    compound: z.boolean().default(false),
  })
  .strict();
export type CreateTaxRequest = z.infer<typeof CreateTaxRequest>;

/**
 * The taxes of a product, in order of application (a compound tax's base includes those before
 * it). An empty list makes the product tax-exempt.
 */
export const ProductTaxesRequest = z
  .object({ taxIds: z.array(z.uuid()).max(10).describe('Tax rate ids, in order of application') })
  .strict();
export type ProductTaxesRequest = z.infer<typeof ProductTaxesRequest>;

export const TaxList = z.object({ items: z.array(Tax) });
export type TaxList = z.infer<typeof TaxList>;
