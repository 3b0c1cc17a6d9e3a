/**
 * Types of the pricing engine (see `pricing.ts`). All money amounts are integer minor units of
 * the sale's currency (cents for USD, yen for JPY, fils for KWD); rates, quantities and percent
 * values are decimal strings so no binary floating point ever touches them.
 */

/** How a computed amount that falls between two minor units is rounded. */
export type RoundingMode = 'half_up' | 'half_even';

/**
 * Where tax is rounded: `per_line` rounds each line's tax and sums them; `global` computes each
 * tax on the sum of the unrounded line bases and rounds once (the Odoo "round globally" setting).
 */
export type TaxRounding = 'per_line' | 'global';

/** A tax as the engine needs it. `rate` is a percent as a decimal string, e.g. "6" or "8.875". */
export type TaxDefinition = {
  id: string;
  name?: string;
  rate: string;
  /** The price already contains this tax (VAT-style shelf prices). */
  inclusive: boolean;
  /** Base is the net amount plus the taxes listed before it on the line. Exclusive taxes only. */
  compound: boolean;
};

/** A discount: a percent of the amount (decimal string) or a fixed amount in minor units. */
export type Discount = { type: 'percent'; value: string } | { type: 'amount'; value: number };

/** Cash rounding: round the cash part of a payment to `increment` minor units (e.g. 5 = 0.05). */
export type CashRounding = { increment: number; mode: 'half_up' | 'up' | 'down' };

/** `store_credit`: a store credit (issued by a return) spent by its code; applied like a card. */
export type TenderMethod = 'cash' | 'card' | 'store_credit';

/** A tender as offered: for cash, `amount` is what the customer handed over. */
export type TenderInput = { method: TenderMethod; amount: number };

/** One cart line. `unitPrice` in minor units; `quantity` a positive decimal string, at most 3 places. */
export type PricingLine = {
  id: string;
  /** The shelf (catalog) price per unit, minor units. Kept even when the price is overridden. */
  unitPrice: number;
  quantity: string;
  taxIds: string[];
  discount?: Discount;
  /**
   * A unit price set by hand at the register instead of `unitPrice` (minor units, >= 0). The
   * difference is reported as the line's own signed `override` adjustment, apart from discounts.
   */
  priceOverride?: number;
  /** No tax on this line (e.g. an exemption certificate for this item); see `PricingInput.taxExempt`. */
  taxExempt?: boolean;
};

export type PricingInput = {
  /** ISO 4217 code; its exponent decides the minor unit. */
  currency: string;
  taxRounding: TaxRounding;
  roundingMode: RoundingMode;
  taxes: TaxDefinition[];
  lines: PricingLine[];
  orderDiscount?: Discount;
  cashRounding?: CashRounding;
  tenders?: TenderInput[];
  /**
   * The whole sale is tax-exempt (a reseller or diplomatic certificate, an export): every line is
   * priced as if `taxExempt`. Exclusive taxes are not added; tax-inclusive prices give up the tax
   * they contain (see `PricedLine.exemption`), as Odoo does when a fiscal position maps a
   * price-included tax to none.
   */
  taxExempt?: boolean;
};

/** Tax amount and the base it was computed on, per tax id. */
export type TaxSummary = { id: string; base: number; amount: number };

export type PricedLine = {
  id: string;
  /** unitPrice (the shelf price) x quantity, rounded once, before any adjustment. */
  gross: number;
  /**
   * Signed price override adjustment: priceOverride x quantity (rounded once) minus gross; 0 when
   * the price was not overridden. Negative when the price was lowered.
   */
  override: number;
  /** Line discount plus this line's share of the order discount (>= 0). */
  discount: number;
  /**
   * Tax-exempt lines with tax-inclusive prices: minus the tax the price contained (<= 0), so the
   * customer pays the price without it. 0 on every other line.
   */
  exemption: number;
  /**
   * gross + override - discount + exemption, the amount the taxes apply to (tax inclusive lines:
   * still contains the tax).
   */
  net: number;
  /** Sum of this line's taxes (per_line rounding) or its unrounded share rounded (global). */
  tax: number;
  /** What the customer pays for this line: net + exclusive taxes (inclusive: net). */
  total: number;
  taxes: TaxSummary[];
};

/** Settlement of the tenders against the amount due. */
export type TenderResult = {
  method: TenderMethod;
  /** What the customer handed over (cash) or was charged (card). */
  tendered: number;
  /** The part of `tendered` applied to the sale. */
  applied: number;
};

export type PricingResult = {
  currency: string;
  /** Sum of line gross amounts (shelf prices). */
  subtotal: number;
  /** Sum of the lines' signed price override adjustments. */
  overrideTotal: number;
  discountTotal: number;
  /** Sum of the lines' exemption amounts (<= 0). */
  exemptionTotal: number;
  taxTotal: number;
  /** What the customer owes before cash rounding. */
  total: number;
  taxes: TaxSummary[];
  lines: PricedLine[];
  /** Signed adjustment from cash rounding (0 when not applicable). */
  cashRounding: number;
  /** total + cashRounding. */
  amountDue: number;
  tendered: number;
  change: number;
  tenders: TenderResult[];
};
