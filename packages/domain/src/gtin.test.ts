import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { gtin13FromItemNumber, gtinCheckDigit, isValidGtin } from './gtin.ts';

describe('gtinCheckDigit', () => {
  it('computes the GS1 mod-10 check digit (weights 3, 1 from the right)', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('03600029145')).toBe(2);
    expect(gtinCheckDigit('978030640615')).toBe(7);
    expect(gtinCheckDigit('9638507')).toBe(4);
    expect(gtinCheckDigit('1001234567890')).toBe(2);
    expect(gtinCheckDigit('000000000000')).toBe(0);
  });

  it('rejects bodies that are not 1 to 17 digits', () => {
    for (const body of ['', 'abc', '12a4', '1'.repeat(18), ' 123']) {
      expect(() => gtinCheckDigit(body)).toThrowError(expect.objectContaining({ code: 'invalid_gtin' }));
    }
    expect(() => gtinCheckDigit('x')).toThrowError(DomainError);
  });
});

describe('isValidGtin', () => {
  it('accepts real GTIN-8, GTIN-12, GTIN-13 and GTIN-14', () => {
    expect(isValidGtin('96385074')).toBe(true); // GTIN-8
    expect(isValidGtin('036000291452')).toBe(true); // GTIN-12 (UPC-A)
    expect(isValidGtin('4006381333931')).toBe(true); // GTIN-13 (EAN-13)
    expect(isValidGtin('9780306406157')).toBe(true); // ISBN-13 as GTIN-13
    expect(isValidGtin('10012345678902')).toBe(true); // GTIN-14
  });

  it('rejects wrong check digits, wrong lengths and non-digits', () => {
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('036000291453')).toBe(false);
    expect(isValidGtin('9780306406158')).toBe(false);
    expect(isValidGtin('96385075')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // a GTIN-12 whose check digit is wrong
    expect(isValidGtin('123456789')).toBe(false);
    expect(isValidGtin('')).toBe(false);
    expect(isValidGtin('40063813339a1')).toBe(false);
    expect(isValidGtin(4006381333931 as unknown as string)).toBe(false);
  });

  it('rejects every single-digit change of a valid code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const code = '4006381333931';
        const digit = (Number(code[position]) + delta) % 10;
        const changed = code.slice(0, position) + String(digit) + code.slice(position + 1);
        expect(isValidGtin(changed)).toBe(false);
      }),
    );
  });
});

describe('gtin13FromItemNumber', () => {
  it('makes a restricted circulation GTIN-13 with prefix 20', () => {
    expect(gtin13FromItemNumber(123)).toBe('2000000001234');
    expect(gtin13FromItemNumber('123')).toBe('2000000001234');
    expect(gtin13FromItemNumber('0000000123')).toBe('2000000001234');
    expect(gtin13FromItemNumber(9_999_999_999)).toBe('2099999999998');
  });

  it('is valid, 13 digits and deterministic for every item number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (n) => {
        const code = gtin13FromItemNumber(n);
        expect(code).toMatch(/^20\d{11}$/);
        expect(isValidGtin(code)).toBe(true);
        expect(gtin13FromItemNumber(String(n))).toBe(code);
      }),
    );
  });

  it('rejects item numbers that are not 1 to 10 digits', () => {
    for (const bad of ['', '12345678901', 'abc', '-1', '1.5', -1, 1.5, 10_000_000_000, Number.NaN]) {
      expect(() => gtin13FromItemNumber(bad)).toThrowError(expect.objectContaining({ code: 'invalid_gtin' }));
    }
  });
});
