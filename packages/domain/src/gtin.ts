/**
 * GTINs (the numbers behind barcodes): check digits, validation, and in-store numbers for items
 * that have no GTIN of their own.
 */
import { DomainError } from './errors.ts';

/**
 * The GS1 mod-10 check digit of `body` (the digits before the check digit): from the right, digits
 * are weighted 3, 1, 3, 1, ...; the check digit brings the weighted sum up to a multiple of 10.
 * Source: GS1 General Specifications, section 7.9 (check digit calculation).
 * `body` is 1 to 17 digits (GTIN-8/12/13/14 bodies are 7/11/12/13); throws `invalid_gtin` otherwise.
 */
export function gtinCheckDigit(body: string): number {
  if (typeof body !== 'string' || !/^\d{1,17}$/.test(body)) {
    throw new DomainError('invalid_gtin', 'a GTIN body is 1 to 17 digits', { body: String(body) });
  }
  let weighted = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    weighted += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (weighted % 10)) % 10;
}

/**
 * True when `code` is a GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14 with a correct check
 * digit (GS1 General Specifications, section 7.9). Never throws: anything else is false.
 */
export function isValidGtin(code: string): boolean {
  if (typeof code !== 'string' || !/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/**
 * A deterministic GTIN-13 for a store's own item number: prefix "20" (GS1 prefixes 20-29 are
 * restricted circulation numbers, for use within a company and never on goods sold elsewhere),
 * the item number zero-padded to 10 digits, and the check digit of GS1 General Specifications,
 * section 7.9. Example: item 123 -> "2000000001234".
 * `itemNumber` is 1 to 10 digits (a string of digits, or a non-negative safe integer);
 * throws `invalid_gtin` otherwise.
 */
export function gtin13FromItemNumber(itemNumber: string | number): string {
  const digits =
    typeof itemNumber === 'number' && Number.isSafeInteger(itemNumber) && itemNumber >= 0
      ? String(itemNumber)
      : itemNumber;
  if (typeof digits !== 'string' || !/^\d{1,10}$/.test(digits)) {
    throw new DomainError('invalid_gtin', 'an item number is 1 to 10 digits', {
      itemNumber: String(itemNumber),
    });
  }
  const body = `20${digits.padStart(10, '0')}`;
  return body + String(gtinCheckDigit(body));
}
