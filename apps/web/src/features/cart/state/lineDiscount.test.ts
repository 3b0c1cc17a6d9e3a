import { describe, expect, it } from 'vitest';
import { checkLineDiscount } from './lineDiscount.ts';

describe('line discount check', () => {
  it('accepts a discount up to the limit and normalizes it', () => {
    expect(checkLineDiscount('5', '10')).toEqual({ ok: true, discountPercent: '5' });
    expect(checkLineDiscount(' 10% ', '10')).toEqual({ ok: true, discountPercent: '10' });
    expect(checkLineDiscount('7.50', '10')).toEqual({ ok: true, discountPercent: '7.5' });
  });

  it('treats an empty field or zero as no discount', () => {
    expect(checkLineDiscount('', '10')).toEqual({ ok: true, discountPercent: null });
    expect(checkLineDiscount('0', '10')).toEqual({ ok: true, discountPercent: null });
  });

  it('refuses a discount above the limit', () => {
    const result = checkLineDiscount('10.01', '10');
    expect(result).toMatchObject({ ok: false, code: 'discount_over_limit' });
  });

  it('refuses what is not a percent', () => {
    for (const input of ['abc', '-5', '101', '1e1']) {
      expect(checkLineDiscount(input, '100')).toMatchObject({ ok: false, code: 'invalid_discount' });
    }
  });
});
