/**
 * Refund shares: what returning part of a sale line gives back. The rule (cumulative rounding):
 * after returning a cumulative quantity r of a line sold in quantity Q, the refunds of that line
 * add up to round_half_up(A x r / Q) for each of its amounts A (net, discount, tax, the exclusive
 * tax part of the total, and each tax's base and amount). A refund's share is that target minus
 * what earlier refunds gave back, so each share is within one minor unit of its exact proportion
 * and the refund that returns the last unit takes exactly the remainder: the refunds of a fully
 * returned line add up to the line, never a unit more or less.
 */
import { Dec, toSafeInteger } from './decimal.ts';
import { DomainError } from './errors.ts';
import { parseQuantity } from './money.ts';
import type { TaxSummary } from './pricing.types.ts';

/** The amounts of a sale line (minor units) as the sale recorded them. */
export type RefundableLine = {
  /** Quantity sold, exact decimal string. */
  quantity: string;
  discount: number;
  net: number;
  tax: number;
  /** net + exclusive taxes. */
  total: number;
  taxes: readonly TaxSummary[];
};

/** What a refund gives back of one line, minor units; `gross` = net + discount. */
export type LineRefundShare = {
  gross: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
  taxes: TaxSummary[];
};

/** What earlier refunds of the line returned: the quantity and the sums of their shares. */
export type RefundedSoFar = {
  quantity: string;
  discount: number;
  net: number;
  tax: number;
  total: number;
  taxes: readonly TaxSummary[];
};

/** Nothing returned yet. */
export const NOTHING_REFUNDED: RefundedSoFar = {
  quantity: '0',
  discount: 0,
  net: 0,
  tax: 0,
  total: 0,
  taxes: [],
};

/**
 * The share of `line` that returning `quantity` more gives back, after `before` was returned.
 * @throws DomainError `invalid_quantity` (not a positive decimal with at most 3 places),
 *   `over_return` (more than sold minus already returned; details: sold, returned, requested,
 *   returnable).
 */
export function refundLineShare(
  line: RefundableLine,
  before: RefundedSoFar,
  quantity: string,
): LineRefundShare {
  const q = new Dec(parseQuantity(quantity));
  const sold = new Dec(line.quantity);
  const returned = new Dec(before.quantity);
  const cumulative = returned.plus(q);
  if (cumulative.gt(sold)) {
    throw new DomainError('over_return', 'That is more than was sold minus what was already returned', {
      sold: sold.toFixed(),
      returned: returned.toFixed(),
      requested: q.toFixed(),
      returnable: sold.minus(returned).toFixed(),
    });
  }
  const last = cumulative.eq(sold);
  const target = (amount: number): Dec =>
    last
      ? new Dec(amount)
      : new Dec(amount).times(cumulative).div(sold).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  const share = (amount: number, already: number, what: string): number => {
    const value = toSafeInteger(target(amount).minus(already), what);
    // Earlier refunds followed the same rule, so a share can only be negative if the records are broken.
    if (value < 0)
      throw new Error(`refund share of ${what} is negative: the line's refunds are inconsistent`);
    return value;
  };
  const net = share(line.net, before.net, 'net');
  const discount = share(line.discount, before.discount, 'discount');
  const exclusive = share(line.total - line.net, before.total - before.net, 'exclusive tax');
  const taxes = line.taxes.map((t) => {
    const prior = before.taxes.find((p) => p.id === t.id) ?? { base: 0, amount: 0 };
    return {
      id: t.id,
      base: share(t.base, prior.base, `base of tax ${t.id}`),
      amount: share(t.amount, prior.amount, `tax ${t.id}`),
    };
  });
  return {
    gross: net + discount,
    discount,
    net,
    tax: share(line.tax, before.tax, 'tax'),
    total: net + exclusive,
    taxes,
  };
}

/** `before` plus one more refund share of `quantity`: the running record of a line's refunds. */
export function addRefund(before: RefundedSoFar, quantity: string, share: LineRefundShare): RefundedSoFar {
  const taxes = new Map(before.taxes.map((t) => [t.id, { ...t }]));
  for (const t of share.taxes) {
    const prior = taxes.get(t.id) ?? { id: t.id, base: 0, amount: 0 };
    taxes.set(t.id, { id: t.id, base: prior.base + t.base, amount: prior.amount + t.amount });
  }
  return {
    quantity: new Dec(before.quantity).plus(quantity).toFixed(),
    discount: before.discount + share.discount,
    net: before.net + share.net,
    tax: before.tax + share.tax,
    total: before.total + share.total,
    taxes: [...taxes.values()],
  };
}

/** What is left to return of a line: sold - returned, as a canonical decimal string ("0" when none). */
export function returnableQuantity(sold: string, returned: string): string {
  const left = new Dec(sold).minus(returned);
  return left.isNegative() ? '0' : left.toFixed();
}
