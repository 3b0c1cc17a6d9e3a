/**
 * The cash drawer: denominations, counting a drawer by denomination, and the over/short of a
 * shift close. Amounts are integer minor units; counts are whole pieces.
 */
import { Dec, toSafeInteger } from './decimal.ts';
import { DomainError } from './errors.ts';

/** One kind of note or coin, its face value in minor units. */
export type Denomination = { value: number; kind: 'bill' | 'coin'; label: string };

/**
 * Notes and coins counted at a shift close when the company configures none. USD: Federal Reserve
 * notes in circulation ($100 to $1; the $2 note is legal tender) and the circulating coins
 * (dollar, half dollar, quarter, dime, nickel, penny). EUR: the eight coins and the notes up to
 * 200 (the 500 note is no longer issued).
 */
export const DEFAULT_DENOMINATIONS: Readonly<Record<string, readonly Denomination[]>> = Object.freeze({
  USD: [
    { value: 10_000, kind: 'bill', label: '$100' },
    { value: 5_000, kind: 'bill', label: '$50' },
    { value: 2_000, kind: 'bill', label: '$20' },
    { value: 1_000, kind: 'bill', label: '$10' },
    { value: 500, kind: 'bill', label: '$5' },
    { value: 200, kind: 'bill', label: '$2' },
    { value: 100, kind: 'bill', label: '$1' },
    { value: 100, kind: 'coin', label: '$1 coin' },
    { value: 50, kind: 'coin', label: '50¢' },
    { value: 25, kind: 'coin', label: '25¢' },
    { value: 10, kind: 'coin', label: '10¢' },
    { value: 5, kind: 'coin', label: '5¢' },
    { value: 1, kind: 'coin', label: '1¢' },
  ],
  EUR: [
    { value: 20_000, kind: 'bill', label: '€200' },
    { value: 10_000, kind: 'bill', label: '€100' },
    { value: 5_000, kind: 'bill', label: '€50' },
    { value: 2_000, kind: 'bill', label: '€20' },
    { value: 1_000, kind: 'bill', label: '€10' },
    { value: 500, kind: 'bill', label: '€5' },
    { value: 200, kind: 'coin', label: '€2' },
    { value: 100, kind: 'coin', label: '€1' },
    { value: 50, kind: 'coin', label: '50c' },
    { value: 20, kind: 'coin', label: '20c' },
    { value: 10, kind: 'coin', label: '10c' },
    { value: 5, kind: 'coin', label: '5c' },
    { value: 2, kind: 'coin', label: '2c' },
    { value: 1, kind: 'coin', label: '1c' },
  ],
});

/**
 * The denominations of a currency: the configured list when there is one, else the default.
 * A currency with neither has an empty list: its drawer can only be counted as a single total.
 */
export function denominationsFor(
  currency: string,
  configured?: Readonly<Record<string, readonly Denomination[]>> | null,
): readonly Denomination[] {
  return configured?.[currency] ?? DEFAULT_DENOMINATIONS[currency] ?? [];
}

/** How many pieces of one denomination were counted. */
export type DenominationCount = { value: number; kind: 'bill' | 'coin'; count: number };

/**
 * The cash in a drawer counted by denomination, in minor units: sum of value x count.
 * @throws DomainError `unknown_denomination` (a value and kind not in `denominations`),
 *   `invalid_count` (a count that is not a non-negative safe integer, or a denomination counted
 *   twice), `invalid_amount` (a total beyond the safe integer range).
 */
export function countCash(
  counts: readonly DenominationCount[],
  denominations: readonly Denomination[],
): number {
  const seen = new Set<string>();
  let total = new Dec(0);
  counts.forEach((c, index) => {
    const key = `${c.kind}:${c.value}`;
    if (!denominations.some((d) => d.value === c.value && d.kind === c.kind)) {
      throw new DomainError(
        'unknown_denomination',
        `No ${c.kind} of ${c.value} minor units in this currency`,
        {
          index,
          value: c.value,
          kind: c.kind,
        },
      );
    }
    if (!Number.isSafeInteger(c.count) || c.count < 0) {
      throw new DomainError('invalid_count', 'A count is a whole number of pieces, 0 or more', {
        index,
        count: c.count,
      });
    }
    if (seen.has(key)) {
      throw new DomainError('invalid_count', `The ${c.kind} of ${c.value} is counted twice`, { index });
    }
    seen.add(key);
    total = total.plus(new Dec(c.value).times(c.count));
  });
  return toSafeInteger(total, 'counted cash');
}

/** The cash flows of a shift that decide what its drawer should hold, all in minor units, >= 0. */
export type DrawerFlows = {
  openingFloat: number;
  cashSales: number;
  cashRefunds: number;
  paidIn: number;
  paidOut: number;
};

/** Cash the drawer should hold: float + cash sales + paid in - cash refunds - paid out. */
export function expectedCash(flows: DrawerFlows): number {
  const total = new Dec(flows.openingFloat)
    .plus(flows.cashSales)
    .plus(flows.paidIn)
    .minus(flows.cashRefunds)
    .minus(flows.paidOut);
  return toSafeInteger(total, 'expected cash');
}

/**
 * Over (positive) or short (negative) of a counted drawer: counted - expected, minor units.
 * `needsApproval` is true when its absolute value exceeds `threshold` (a store setting; equal to
 * the threshold is still accepted).
 */
export function overShort(
  expected: number,
  counted: number,
  threshold: number,
): { overShort: number; needsApproval: boolean } {
  const diff = toSafeInteger(new Dec(counted).minus(expected), 'over/short');
  return { overShort: diff, needsApproval: Math.abs(diff) > threshold };
}
