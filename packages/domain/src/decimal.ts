import Decimal from 'decimal.js';
import { DomainError } from './errors.ts';
import type { RoundingMode } from './pricing.types.ts';

/**
 * The domain's private Decimal constructor: 50 significant digits, enough for any product of two
 * safe integers (2^53 has 16 digits) with room for the fractions of a division. A clone, so the
 * global `Decimal` configuration of other code is never touched. Internal: not re-exported.
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

/** A Decimal made by `Dec`. */
export type Dec = Decimal;

const ZERO = new Dec(0);

/** Zero as a Decimal. */
export function zero(): Dec {
  return ZERO;
}

/**
 * Rounds to an integer: `half_up` rounds .5 away from zero, `half_even` to the even neighbour
 * (banker's rounding, IEEE 754 roundTiesToEven).
 */
export function roundDecimal(value: Dec, mode: RoundingMode): Dec {
  return value.toDecimalPlaces(0, mode === 'half_up' ? Dec.ROUND_HALF_UP : Dec.ROUND_HALF_EVEN);
}

/** Sum of Decimals (exact for the integers and decimals the domain uses). */
export function sum(values: readonly Dec[]): Dec {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

/**
 * An integer Decimal as a JS number of minor units. Throws `invalid_amount` when it is not an
 * integer or lies outside Number.MIN_SAFE_INTEGER..Number.MAX_SAFE_INTEGER.
 */
export function toSafeInteger(value: Dec, what = 'amount'): number {
  // `e` is the decimal exponent (decimal.js's documented read-only property): below 15 the value is
  // under 10^15 in magnitude, safe without a comparison, which would copy MAX_SAFE on every call.
  if (!value.isInteger() || (value.e >= 15 && value.abs().gt(MAX_SAFE))) {
    throw new DomainError('invalid_amount', `${what} is not a safe integer of minor units`, {
      value: value.toFixed(),
    });
  }
  // A safe integer's digits convert to a number exactly; `+ 0` turns -0 into 0.
  return value.toNumber() + 0;
}

/**
 * Sum of safe integers (minor units) as a safe integer, in plain numbers: exact, because every
 * partial sum is checked to be a safe integer (a sum of two safe integers within the safe range is
 * exact in IEEE 754 doubles; one past it rounds to a value outside it, which is refused). The same
 * result and error as `toSafeInteger(sum(values as Decimals))`, without a Decimal per value.
 * @throws DomainError `invalid_amount` when a partial sum leaves the safe range (details: the exact sum).
 */
export function sumMinorUnits(values: readonly number[], what = 'amount'): number {
  let total = 0;
  for (const value of values) {
    total += value;
    if (!Number.isSafeInteger(total)) {
      return toSafeInteger(sum(values.map((v) => new Dec(v))), what);
    }
  }
  return total + 0;
}

// Made once: comparing with a number would parse it into a Decimal on every call.
const MAX_SAFE = new Dec(Number.MAX_SAFE_INTEGER);

/**
 * Asserts that `value` is a safe integer (minor units), optionally not negative.
 * Throws `invalid_amount` otherwise.
 */
export function assertSafeInteger(
  value: unknown,
  what: string,
  nonNegative = false,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (nonNegative && value < 0)) {
    throw new DomainError(
      'invalid_amount',
      `${what} must be ${nonNegative ? 'a non-negative' : 'a'} safe integer of minor units`,
      { value: String(value) },
    );
  }
}

/**
 * Largest remainder rounding: `floors[i] + 1` for the `total - sum(floors)` entries with the largest
 * `remainders` (ties to the lower index), `floors[i]` for the rest. The caller guarantees that the
 * extra units fit (at most one per entry with a positive remainder); anything else is a bug.
 */
export function distributeLargestRemainder(
  total: Dec,
  floors: readonly Dec[],
  remainders: readonly Dec[],
): Dec[] {
  const extra = total.minus(sum(floors));
  const positive = remainders.filter((r) => r.gt(0)).length;
  if (!extra.isInteger() || extra.lt(0) || extra.gt(positive)) {
    throw new Error(`largest remainder: ${extra.toFixed()} units cannot be spread over ${positive} entries`);
  }
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i)
    .slice(0, extra.toNumber());
  const result = [...floors];
  for (const { i } of order) {
    result[i] = (result[i] ?? ZERO).plus(1);
  }
  return result;
}

/**
 * Largest remainder rounding of exact non-negative amounts to integers that add up to `total`
 * (which must lie between the sum of the floors and the sum of the ceilings, e.g. the rounded sum).
 */
export function roundPreservingTotal(total: Dec, exact: readonly Dec[]): Dec[] {
  const floors = exact.map((v) => v.floor());
  const remainders = exact.map((v, i) => v.minus(floors[i] ?? ZERO));
  return distributeLargestRemainder(total, floors, remainders);
}
