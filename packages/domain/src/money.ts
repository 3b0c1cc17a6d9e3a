/**
 * Money: integer minor units, ISO 4217 exponents, parsing and formatting, rounding and allocation.
 * The one module that owns these rules (house style, "Money in one module"); no binary floating
 * point arithmetic touches an amount, rate, quantity or percent here.
 */
import { DomainError } from './errors.ts';
import {
  Dec,
  assertSafeInteger,
  distributeLargestRemainder,
  roundDecimal,
  sum,
  toSafeInteger,
} from './decimal.ts';
import type { Discount, RoundingMode } from './pricing.types.ts';

/**
 * Minor unit exponents (digits after the decimal point) of ISO 4217 currencies, from the ISO 4217
 * "List one" maintained by SIX. JPY has 0 (1 yen is the minor unit), KWD has 3 (fils).
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2,
  ARS: 2,
  AUD: 2,
  BHD: 3,
  BIF: 0,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLF: 4,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DJF: 0,
  DKK: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  GNF: 0,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PEN: 2,
  PHP: 2,
  PLN: 2,
  PYG: 0,
  RON: 2,
  RWF: 0,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  UYI: 0,
  UYU: 2,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  ZAR: 2,
});

/**
 * The ISO 4217 exponent of `currency` (an upper-case alphabetic code such as "EUR").
 * Throws `unknown_currency` for a code not in {@link CURRENCY_EXPONENTS}.
 */
export function currencyExponent(currency: string): number {
  const exponent = Object.hasOwn(CURRENCY_EXPONENTS, currency) ? CURRENCY_EXPONENTS[currency] : undefined;
  if (exponent === undefined) {
    throw new DomainError('unknown_currency', `unknown currency ${JSON.stringify(currency)}`, { currency });
  }
  return exponent;
}

/**
 * An amount of minor units as a plain decimal string in major units: 1234 USD -> "12.34",
 * -5 USD -> "-0.05", 1234 JPY -> "1234", 1234 KWD -> "1.234". Built from the digits of the integer,
 * never by division. Throws `invalid_amount` (not a safe integer) or `unknown_currency`.
 */
export function toMajorString(minor: number, currency: string): string {
  assertSafeInteger(minor, 'amount');
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor));
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * Formats minor units for display with `Intl.NumberFormat` (style currency, exactly the ISO exponent
 * in fraction digits). The number is handed to Intl as an exact decimal string (ECMA-402
 * Intl.NumberFormat v3), so amounts above 2^53 / 100 keep every digit.
 * Throws `invalid_amount` or `unknown_currency`.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  const major = toMajorString(minor, currency) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(major);
}

const MAJOR_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * Parses a major unit decimal string ("12.34", "-0.5", "1200") into minor units of `currency`.
 * Throws `invalid_amount` when the string is not a plain decimal number, has more significant
 * decimals than the currency's exponent ("1.234" in USD; "1.230" is accepted), or the result is
 * not a safe integer; `unknown_currency` for an unknown code.
 */
export function parseMajor(value: string, currency: string): number {
  const exponent = currencyExponent(currency);
  if (typeof value !== 'string' || !MAJOR_PATTERN.test(value)) {
    throw new DomainError('invalid_amount', 'amount must be a decimal number such as "12.34"', {
      value: String(value),
    });
  }
  const major = new Dec(value);
  if (major.decimalPlaces() > exponent) {
    throw new DomainError('invalid_amount', `${currency} amounts have at most ${exponent} decimals`, {
      value,
      currency,
    });
  }
  return toSafeInteger(major.times(new Dec(10).pow(exponent)));
}

const DECIMAL_PATTERN = /^\d+(\.\d+)?$/;

/**
 * Parses a plain non-negative decimal (string such as "1.5", or a finite number) into a Decimal.
 * Returns undefined for anything else: exponents, signs, spaces, NaN, Infinity, booleans.
 */
function parseUnsignedDecimal(value: unknown): Dec | undefined {
  if (typeof value === 'number') {
    // A finite number's shortest round-trip string is what the caller wrote (0.1 -> "0.1").
    return Number.isFinite(value) && value >= 0 ? new Dec(value).abs() : undefined;
  }
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return new Dec(value);
  return undefined;
}

/**
 * Normalizes a sale quantity to a canonical decimal string ("1.500" -> "1.5", "007" -> "7").
 * A quantity is positive, finite, and has at most 3 decimals (thousandths, e.g. grams of a kilo).
 * Throws `invalid_quantity` otherwise ("abc", "0", "-1", "1.2345", "1e3", NaN, "true").
 */
export function parseQuantity(value: string | number): string {
  const quantity = parseUnsignedDecimal(value);
  if (quantity === undefined || quantity.lte(0) || quantity.decimalPlaces() > 3) {
    throw new DomainError('invalid_quantity', 'quantity must be a positive number with at most 3 decimals', {
      value: String(value),
    });
  }
  return quantity.toFixed();
}

/**
 * Normalizes a percent to a canonical decimal string: 0 to 100 inclusive, at most 4 decimals.
 * Throws `invalid_discount` otherwise (percent values in Kassa are discounts and limits).
 */
export function parsePercent(value: string | number): string {
  const percent = parseUnsignedDecimal(value);
  if (percent === undefined || percent.gt(100) || percent.decimalPlaces() > 4) {
    throw new DomainError('invalid_discount', 'percent must be between 0 and 100 with at most 4 decimals', {
      value: String(value),
    });
  }
  return percent.toFixed();
}

/**
 * Rounds a decimal string to whole minor units: `half_up` rounds .5 away from zero, `half_even` to
 * the even neighbour (banker's rounding). Throws `invalid_amount` when `value` is not a decimal
 * string or the result is not a safe integer.
 */
export function roundToMinor(value: string, mode: RoundingMode): number {
  if (typeof value !== 'string' || !MAJOR_PATTERN.test(value)) {
    throw new DomainError('invalid_amount', 'value must be a decimal string', { value: String(value) });
  }
  return toSafeInteger(roundDecimal(new Dec(value), mode));
}

/**
 * Splits `total` minor units over `weights` in proportion, by the largest remainder method (Hamilton):
 * each share is the floor of its exact quota, and the units left over go one each to the largest
 * remainders, ties to the lower index. The shares add up to `total` exactly and none exceeds its
 * exact quota rounded up. A negative total is split like its absolute value and negated.
 * Throws `invalid_amount` for weights that are not non-negative safe integers, a total that is not a
 * safe integer, or a non-zero total over weights that sum to zero.
 */
export function allocateProportionally(total: number, weights: number[]): number[] {
  assertSafeInteger(total, 'total');
  weights.forEach((w) => assertSafeInteger(w, 'weight', true));
  const sumOfWeights = sum(weights.map((w) => new Dec(w)));
  if (sumOfWeights.isZero()) {
    if (total !== 0) {
      throw new DomainError('invalid_amount', 'cannot allocate a non-zero total over zero weights', {
        total,
      });
    }
    return weights.map(() => 0);
  }
  const magnitude = new Dec(total).abs();
  // Quota of line i is magnitude * w / W; integer division and modulo keep it exact.
  const products = weights.map((w) => magnitude.times(w));
  const floors = products.map((p) => p.divToInt(sumOfWeights));
  const remainders = products.map((p) => p.mod(sumOfWeights));
  const shares = distributeLargestRemainder(magnitude, floors, remainders);
  return shares.map((s) => toSafeInteger(total < 0 ? s.negated() : s));
}

/**
 * True when a requested discount is within a user's limit, `maxPercent` percent of the amount
 * (decimal string; e.g. the role default in DEFAULT_MAX_DISCOUNT_PERCENT). `requested` is a percent
 * (decimal string) or a {@link Discount}; a fixed amount is compared with `gross` (minor units, the
 * amount it is taken from; the amount is capped at gross like in pricing). The server and the
 * terminal both call this, so they agree on every edge.
 * Throws `invalid_discount` for a malformed percent, `invalid_amount` for an amount discount
 * without a valid `gross`.
 */
export function isDiscountWithinLimit(
  requested: string | Discount,
  maxPercent: string,
  gross?: number,
): boolean {
  const max = new Dec(parsePercent(maxPercent));
  if (typeof requested === 'string') return new Dec(parsePercent(requested)).lte(max);
  if (requested.type === 'percent') return new Dec(parsePercent(requested.value)).lte(max);
  assertSafeInteger(requested.value, 'discount amount', true);
  assertSafeInteger(gross, 'gross', true);
  const amount = Dec.min(requested.value, gross);
  // amount / gross <= max / 100, cross-multiplied so no division is needed.
  return amount.times(100).lte(max.times(gross));
}

/**
 * Asserts {@link isDiscountWithinLimit}. Throws `discount_over_limit` with details
 * `{ requested, maxPercent }` when the discount is above the limit, plus the errors of
 * {@link isDiscountWithinLimit} for malformed input.
 */
export function assertDiscountWithinLimit(
  requested: string | Discount,
  maxPercent: string,
  gross?: number,
): void {
  if (!isDiscountWithinLimit(requested, maxPercent, gross)) {
    throw new DomainError('discount_over_limit', `discount above the limit of ${maxPercent}%`, {
      requested: typeof requested === 'string' ? requested : requested.value,
      maxPercent,
    });
  }
}
