import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorCode } from './errors.ts';
import {
  CURRENCY_EXPONENTS,
  allocateProportionally,
  assertDiscountWithinLimit,
  currencyExponent,
  formatMoney,
  isDiscountWithinLimit,
  parseMajor,
  parsePercent,
  parseQuantity,
  roundToMinor,
  toMajorString,
} from './money.ts';
import { DEFAULT_MAX_DISCOUNT_PERCENT } from './permissions.ts';

function expectCode(fn: () => unknown, code: DomainErrorCode): void {
  expect(fn).toThrowError(DomainError);
  expect(fn).toThrowError(expect.objectContaining({ code }));
}

/** Intl output uses no-break spaces; compare with plain ones. */
const plain = (s: string): string => s.replace(/[\s\u00a0\u202f]/g, ' ');

describe('currencyExponent', () => {
  it('covers the currencies Kassa is sold in, with their ISO 4217 exponents', () => {
    const expected: Record<string, number> = {
      USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3, BHD: 3, CHF: 2, CAD: 2, AUD: 2, SEK: 2, NOK: 2, DKK: 2,
      PLN: 2, CZK: 2, HUF: 2, MXN: 2, BRL: 2, INR: 2, CNY: 2, KRW: 0, ZAR: 2, NZD: 2, SGD: 2, HKD: 2,
      OMR: 3, JOD: 3, TND: 3, ISK: 0, CLP: 0, VND: 0,
    }; // prettier-ignore
    for (const [code, exponent] of Object.entries(expected)) {
      expect(currencyExponent(code), code).toBe(exponent);
    }
    expect(Object.keys(CURRENCY_EXPONENTS).length).toBeGreaterThanOrEqual(30);
  });

  it('rejects unknown and lower-case codes and prototype keys', () => {
    for (const code of ['XXX', 'usd', '', 'toString', '__proto__']) {
      expectCode(() => currencyExponent(code), 'unknown_currency');
    }
  });
});

describe('toMajorString', () => {
  it('places the decimal point by the exponent, from the digits', () => {
    expect(toMajorString(1234, 'USD')).toBe('12.34');
    expect(toMajorString(5, 'USD')).toBe('0.05');
    expect(toMajorString(-5, 'USD')).toBe('-0.05');
    expect(toMajorString(0, 'EUR')).toBe('0.00');
    expect(toMajorString(1234, 'JPY')).toBe('1234');
    expect(toMajorString(1234, 'KWD')).toBe('1.234');
    expect(toMajorString(7, 'BHD')).toBe('0.007');
    expect(toMajorString(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('rejects amounts that are not safe integers', () => {
    for (const bad of [1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity]) {
      expectCode(() => toMajorString(bad, 'USD'), 'invalid_amount');
    }
    expectCode(() => toMajorString(1, 'ABC'), 'unknown_currency');
  });
});

describe('formatMoney', () => {
  it('formats with Intl, in the ISO number of fraction digits', () => {
    expect(formatMoney(1234, 'USD')).toBe('$12.34');
    expect(formatMoney(-5, 'USD')).toBe('-$0.05');
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €');
    expect(formatMoney(5940, 'JPY')).toBe('¥5,940');
    expect(plain(formatMoney(1234, 'KWD'))).toBe('KWD 1.234');
  });

  it('keeps every digit of amounts far above 2^31 and up to 2^53', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(15_000_000_000, 'EUR')).toBe('€150,000,000.00');
  });
});

describe('parseMajor', () => {
  it('parses major-unit strings into minor units', () => {
    expect(parseMajor('12.34', 'USD')).toBe(1234);
    expect(parseMajor('12.3', 'USD')).toBe(1230);
    expect(parseMajor('12', 'USD')).toBe(1200);
    expect(parseMajor('1.230', 'USD')).toBe(123);
    expect(parseMajor('-0.05', 'USD')).toBe(-5);
    expect(parseMajor('-0', 'USD')).toBe(0);
    expect(Object.is(parseMajor('-0', 'USD'), 0)).toBe(true);
    expect(parseMajor('1200', 'JPY')).toBe(1200);
    expect(parseMajor('1.234', 'KWD')).toBe(1234);
    expect(parseMajor('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects more decimals than the exponent, malformed strings and unsafe results', () => {
    for (const [value, currency] of [
      ['12.345', 'USD'],
      ['12.5', 'JPY'],
      ['1.2345', 'KWD'],
      ['', 'USD'],
      ['abc', 'USD'],
      ['1e3', 'USD'],
      [' 1', 'USD'],
      ['1.', 'USD'],
      ['90071992547409.92', 'USD'],
    ] as const) {
      expectCode(() => parseMajor(value, currency), 'invalid_amount');
    }
    expectCode(() => parseMajor('1', 'ABC'), 'unknown_currency');
  });

  it('round-trips with toMajorString', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), (minor, currency) => {
        expect(parseMajor(toMajorString(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('parseQuantity', () => {
  it('normalizes positive quantities with up to 3 decimals', () => {
    expect(parseQuantity('1')).toBe('1');
    expect(parseQuantity('1.500')).toBe('1.5');
    expect(parseQuantity('007')).toBe('7');
    expect(parseQuantity('0.001')).toBe('0.001');
    expect(parseQuantity('1.2000')).toBe('1.2');
    expect(parseQuantity(0.25)).toBe('0.25');
    expect(parseQuantity(3)).toBe('3');
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      'abc',
      '0',
      '0.000',
      '-1',
      '1.2345',
      '1e3',
      ' 1',
      '',
      '.5',
      'true',
      'NaN',
      'Infinity',
    ];
    bad.push(0, -1, 1.2345, Number.NaN, Infinity, -Infinity, true, null, undefined);
    for (const value of bad) {
      expectCode(() => parseQuantity(value as string), 'invalid_quantity');
    }
  });
});

describe('parsePercent', () => {
  it('accepts 0 to 100 with up to 4 decimals', () => {
    expect(parsePercent('0')).toBe('0');
    expect(parsePercent('100')).toBe('100');
    expect(parsePercent('12.50')).toBe('12.5');
    expect(parsePercent('33.3333')).toBe('33.3333');
    expect(parsePercent(15)).toBe('15');
  });

  it('rejects values out of range or too precise', () => {
    for (const value of ['100.0001', '101', '-1', '12.34567', 'abc', '', '5%', Number.NaN, -0.5]) {
      expectCode(() => parsePercent(value), 'invalid_discount');
    }
  });
});

describe('roundToMinor', () => {
  it('rounds half away from zero (half_up) or to even (half_even)', () => {
    expect(roundToMinor('2.5', 'half_up')).toBe(3);
    expect(roundToMinor('2.5', 'half_even')).toBe(2);
    expect(roundToMinor('3.5', 'half_even')).toBe(4);
    expect(roundToMinor('-2.5', 'half_up')).toBe(-3);
    expect(roundToMinor('-2.5', 'half_even')).toBe(-2);
    expect(roundToMinor('2.4999999', 'half_up')).toBe(2);
    expect(roundToMinor('2.5000001', 'half_even')).toBe(3);
  });

  it('rejects non-decimals and unsafe results', () => {
    expectCode(() => roundToMinor('x', 'half_up'), 'invalid_amount');
    expectCode(() => roundToMinor('9007199254740992', 'half_up'), 'invalid_amount');
  });
});

describe('allocateProportionally', () => {
  it('splits by largest remainder, ties to the lower index', () => {
    expect(allocateProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportionally(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateProportionally(10, [0, 0, 5])).toEqual([0, 0, 10]);
    expect(allocateProportionally(100, [592, 152, 154, 39])).toEqual([63, 16, 17, 4]);
    expect(allocateProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateProportionally(0, [0, 0])).toEqual([0, 0]);
    expect(allocateProportionally(0, [])).toEqual([]);
  });

  it('is exact for totals and weights near 2^53', () => {
    const shares = allocateProportionally(Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER, 1, 1]);
    expect(shares).toEqual([Number.MAX_SAFE_INTEGER - 2, 1, 1]);
  });

  it('rejects bad input', () => {
    expectCode(() => allocateProportionally(1, [0, 0]), 'invalid_amount');
    expectCode(() => allocateProportionally(1, []), 'invalid_amount');
    expectCode(() => allocateProportionally(1, [1, -1]), 'invalid_amount');
    expectCode(() => allocateProportionally(1.5, [1]), 'invalid_amount');
    expectCode(() => allocateProportionally(1, [0.5]), 'invalid_amount');
  });

  it('shares add up to the total and stay within one unit of their exact quota', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const shares = allocateProportionally(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const sumOfWeights = BigInt(weights.reduce((a, b) => a + b, 0));
          shares.forEach((share, i) => {
            // |share * W - total * w| < W, in exact BigInt arithmetic.
            const diff = BigInt(share) * sumOfWeights - BigInt(total) * BigInt(weights[i] ?? 0);
            expect(diff < sumOfWeights && -diff < sumOfWeights).toBe(true);
          });
        },
      ),
    );
  });
});

describe('discount limits', () => {
  const cashier = DEFAULT_MAX_DISCOUNT_PERCENT.cashier;

  it('compares percents exactly', () => {
    expect(isDiscountWithinLimit('10', cashier)).toBe(true);
    expect(isDiscountWithinLimit('9.9999', cashier)).toBe(true);
    expect(isDiscountWithinLimit('10.0001', cashier)).toBe(false);
    expect(
      isDiscountWithinLimit({ type: 'percent', value: '50' }, DEFAULT_MAX_DISCOUNT_PERCENT.manager),
    ).toBe(true);
    expect(isDiscountWithinLimit('100', DEFAULT_MAX_DISCOUNT_PERCENT.owner)).toBe(true);
  });

  it('compares a fixed amount with the gross it comes off', () => {
    expect(isDiscountWithinLimit({ type: 'amount', value: 100 }, cashier, 1000)).toBe(true);
    expect(isDiscountWithinLimit({ type: 'amount', value: 101 }, cashier, 1000)).toBe(false);
    expect(isDiscountWithinLimit({ type: 'amount', value: 1 }, '0.0001', 0)).toBe(true);
    expect(isDiscountWithinLimit({ type: 'amount', value: 5000 }, '100', 1000)).toBe(true);
  });

  it('assertDiscountWithinLimit raises discount_over_limit with details', () => {
    expect(() => assertDiscountWithinLimit('10', cashier)).not.toThrow();
    expectCode(() => assertDiscountWithinLimit('15', cashier), 'discount_over_limit');
    expect(() => assertDiscountWithinLimit('15', cashier)).toThrowError(
      expect.objectContaining({ details: { requested: '15', maxPercent: '10' } }),
    );
    expectCode(
      () => assertDiscountWithinLimit({ type: 'amount', value: 101 }, cashier, 1000),
      'discount_over_limit',
    );
  });

  it('rejects malformed input', () => {
    expectCode(() => isDiscountWithinLimit('abc', cashier), 'invalid_discount');
    expectCode(() => isDiscountWithinLimit('5', '101'), 'invalid_discount');
    expectCode(() => isDiscountWithinLimit({ type: 'amount', value: 5 }, cashier), 'invalid_amount');
    expectCode(() => isDiscountWithinLimit({ type: 'amount', value: -5 }, cashier, 100), 'invalid_amount');
  });
});
