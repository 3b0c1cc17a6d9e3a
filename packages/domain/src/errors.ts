/**
 * Stable codes for rule violations raised by the domain. The server maps each code to an HTTP
 * status and an RFC 9457 problem body; the terminal shows a message per code.
 */
export type DomainErrorCode =
  | 'invalid_quantity'
  | 'invalid_amount'
  | 'invalid_rate'
  | 'invalid_discount'
  | 'discount_over_limit'
  | 'unknown_currency'
  | 'unknown_tax'
  | 'duplicate_tax'
  | 'inclusive_compound_tax'
  | 'tenders_short'
  | 'card_over_total'
  | 'store_credit_over_total'
  | 'invalid_gtin'
  | 'unknown_denomination'
  | 'invalid_count'
  | 'over_return';

/** A business rule was broken by the input. `details` carries machine-readable context. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}
