import type { TenderMethod } from '@kassa/domain';

/**
 * A tender taken on the tender screen. `amount` in minor units: cash handed over, card charged, or
 * store credit spent; `reference` is the store credit's code.
 */
export type Tender = { id: string; method: TenderMethod; amount: number; reference?: string };

export type TenderSummary = {
  /** Sum of all tenders, minor units. */
  tendered: number;
  /** What is still owed (0 once covered). */
  remaining: number;
  /** Cash to hand back (0 until covered). */
  change: number;
  covered: boolean;
};

/**
 * Where a payment stands. Only cash gives change: a card is never charged more than what is
 * remaining (see {@link checkNewTender}), so any excess is cash handed over.
 */
export function tenderSummary(amountDue: number, tenders: readonly Tender[]): TenderSummary {
  const tendered = tenders.reduce((sum, tender) => sum + tender.amount, 0);
  return {
    tendered,
    remaining: Math.max(0, amountDue - tendered),
    change: Math.max(0, tendered - amountDue),
    covered: tendered >= amountDue,
  };
}

export type TenderProblem =
  | { code: 'invalid_amount'; message: string }
  | { code: 'card_over_total'; message: string }
  | { code: 'store_credit_over_total'; message: string }
  | { code: 'already_covered'; message: string };

/**
 * Why a new tender cannot be taken, or null when it can. A card charge may not exceed what is
 * remaining (the domain's `card_over_total` rule), amounts are positive whole minor units, and
 * nothing more is taken once the sale is covered.
 */
export function checkNewTender(
  amountDue: number,
  tenders: readonly Tender[],
  next: Omit<Tender, 'id'>,
): TenderProblem | null {
  const { remaining, covered } = tenderSummary(amountDue, tenders);
  if (covered) return { code: 'already_covered', message: 'The sale is already paid' };
  if (!Number.isSafeInteger(next.amount) || next.amount <= 0) {
    return { code: 'invalid_amount', message: 'Enter an amount above zero' };
  }
  if (next.method === 'card' && next.amount > remaining) {
    return { code: 'card_over_total', message: 'A card cannot be charged more than what is remaining' };
  }
  if (next.method === 'store_credit' && next.amount > remaining) {
    return {
      code: 'store_credit_over_total',
      message: 'Store credit gives no change: at most what is remaining',
    };
  }
  return null;
}

/** Major-unit denominations offered as quick cash amounts (bills most customers hand over). */
const QUICK_NOTES = [1, 5, 10, 20, 50, 100];

/**
 * Quick cash buttons for `remaining` minor units: the exact amount first, then the next round
 * amounts a customer is likely to hand over (next whole unit, next 5, 10, 20, 50, 100), each
 * above the amount and listed once, at most `max` in all. `exponent` is the currency's ISO 4217
 * exponent (2 for USD: 1 unit = 100 minor units).
 */
export function quickCashAmounts(remaining: number, exponent: number, max = 5): number[] {
  if (remaining <= 0) return [];
  const unit = 10 ** exponent;
  const amounts = [remaining];
  for (const note of QUICK_NOTES) {
    const step = note * unit;
    const next = Math.ceil(remaining / step) * step;
    if (next > remaining && !amounts.includes(next)) amounts.push(next);
  }
  return amounts.slice(0, max);
}
