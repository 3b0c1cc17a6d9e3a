import { Dec } from './decimal.ts';
import { parseQuantity } from './money.ts';

/**
 * Exact sum of quantities (decimal strings, at most 3 places each), e.g. the units of one product
 * sold on several lines. Returns a canonical decimal string.
 * Throws `invalid_quantity` (DomainError) when an input is not a valid quantity.
 */
export function sumQuantities(values: readonly string[]): string {
  return values.reduce((acc, v) => acc.plus(parseQuantity(v)), new Dec(0)).toFixed();
}
