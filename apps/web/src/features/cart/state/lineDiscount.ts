import { DomainError, isDiscountWithinLimit, parsePercent } from '@kassa/domain';

export type LineDiscountCheck =
  | { ok: true; discountPercent: string | null }
  | { ok: false; code: 'invalid_discount' | 'discount_over_limit'; message: string };

/**
 * Checks a line discount the cashier typed against their limit (`maxPercent`, from the session
 * user) with the domain's rule, the same one the server applies. An empty field or 0 means no
 * discount. Returns the canonical percent string to keep on the line.
 */
export function checkLineDiscount(input: string, maxPercent: string): LineDiscountCheck {
  const text = input.trim().replace(/%$/, '').trim();
  if (text === '') return { ok: true, discountPercent: null };
  let percent: string;
  try {
    percent = parsePercent(text);
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, code: 'invalid_discount', message: 'Enter a percent between 0 and 100' };
    }
    throw error;
  }
  if (!isDiscountWithinLimit(percent, maxPercent)) {
    return {
      ok: false,
      code: 'discount_over_limit',
      message: `Your discount limit is ${maxPercent}%. Ask a manager for more.`,
    };
  }
  return { ok: true, discountPercent: percent === '0' ? null : percent };
}
