import { DomainError, priceSale, type DomainErrorCode, type PricingResult } from '@kassa/domain';
import type { QuoteRequest, QuoteResponse } from '@kassa/contracts';
import { AppError } from '../../errors.ts';

/**
 * Domain codes that, in a quote, can only mean that the caller's cart is malformed: the quote
 * answers them with 400 (issue 3), where a sale answers some of them with 422. `tenders_short` and
 * `card_over_total` describe tenders that do not fit the total and stay 422.
 */
const MALFORMED_INPUT: ReadonlySet<DomainErrorCode> = new Set<DomainErrorCode>([
  'unknown_currency',
  'invalid_amount',
  'invalid_quantity',
  'invalid_rate',
  'invalid_discount',
  'unknown_tax',
  'duplicate_tax',
  'inclusive_compound_tax',
]);

/**
 * Prices a cart with packages/domain and saves nothing: the same arithmetic as a sale, with the
 * currency, rounding settings and taxes given in the request rather than the company's.
 * Errors: 400 with the domain's code for malformed input (see MALFORMED_INPUT); 422
 * `tenders_short` and `card_over_total` when tenders are given and do not fit the total.
 */
export function quote(input: QuoteRequest): QuoteResponse {
  let result: PricingResult;
  try {
    result = priceSale(input);
  } catch (err) {
    if (err instanceof DomainError && MALFORMED_INPUT.has(err.code)) {
      throw new AppError(err.code, 400, err.message, err.details);
    }
    throw err;
  }
  return {
    currency: result.currency,
    total: result.total,
    taxTotal: result.taxTotal,
    discountTotal: result.discountTotal,
    taxes: result.taxes.map(({ id, base, amount }) => ({ id, base, amount })),
    // The shape; `override` and `exemption` only appear on lines that asked for them.
    lines: result.lines.map(({ id, net, discount, tax, total, override, exemption }, i) => ({
      id,
      net,
      discount,
      tax,
      total,
      ...(input.lines[i]?.priceOverride !== undefined ? { override } : {}),
      ...(input.taxExempt === true || input.lines[i]?.taxExempt === true ? { exemption } : {}),
    })),
    cashRounding: result.cashRounding,
    amountDue: result.amountDue,
    tendered: result.tendered,
    change: result.change,
  };
}
