import { DomainError, type DomainErrorCode } from '@kassa/domain';

/** Stable error codes of the HTTP API, beyond the domain's own (see @kassa/domain DomainErrorCode). */
export type AppErrorCode =
  | 'malformed_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'invalid_token'
  | 'token_expired'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'register_not_found'
  | 'cashier_invalid'
  | 'product_not_found'
  | 'product_inactive'
  | 'listed_price_mismatch'
  | 'sku_taken'
  | 'barcode_taken'
  | 'category_not_found'
  | 'category_name_taken'
  | 'category_in_use'
  | 'customer_not_found'
  | 'customer_code_taken'
  | 'customer_in_use'
  | 'import_invalid'
  | 'file_too_large'
  | 'unsupported_file'
  | 'store_not_found'
  | 'store_code_taken'
  | 'register_code_taken'
  | 'invalid_time_zone'
  | 'sale_id_conflict'
  | 'totals_mismatch'
  | 'shift_not_open'
  | 'shift_already_open'
  | 'shift_closed'
  | 'shift_not_closed'
  | 'shift_id_conflict'
  | 'cash_movement_id_conflict'
  | 'insufficient_cash'
  | 'approval_required'
  | 'approval_invalid'
  | 'invalid_refund_line'
  | 'sale_line_not_found'
  | 'refund_over_tendered'
  | 'refund_tenders_mismatch'
  | 'store_credit_unknown'
  | 'store_credit_insufficient'
  | 'store_credit_not_allowed'
  | 'cash_refund_not_allowed'
  | 'sale_voided'
  | 'refund_id_conflict'
  | 'no_sale_id_conflict'
  | 'totp_enrolment_required'
  | 'void_outside_shift'
  | 'sale_already_refunded'
  | 'parked_sale_id_conflict'
  | 'parked_sale_unavailable'
  | 'exchange_id_conflict'
  | 'exchange_nothing_due'
  | 'parked_other_store'
  | 'currency_locked'
  | 'rate_limited'
  | 'cannot_disable_self'
  | 'csrf_rejected'
  | 'approval_unusable'
  // users, roles, two-factor, password reset, PIN limits (issue 4)
  | 'store_out_of_scope'
  | 'email_taken'
  | 'role_name_taken'
  | 'role_not_found'
  | 'role_in_use'
  | 'unknown_permission'
  | 'cannot_change_self'
  | 'last_owner'
  | 'totp_required'
  | 'totp_invalid'
  | 'totp_not_pending'
  | 'totp_already_enabled'
  | 'totp_not_enabled'
  | 'reset_token_invalid'
  | 'weak_password'
  | 'pin_locked'
  | 'age_check_required'
  | 'age_check_failed'
  | 'age_check_method_not_allowed'
  | 'age_check_not_required'
  | 'age_check_id_conflict'
  | 'invalid_age_policy'
  // pricing leftovers (issue 3)
  | 'price_override_not_allowed'
  | 'tax_exempt_reason_required'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'invalid_idempotency_key'
  | 'internal_error';

/**
 * An expected failure with a stable code and its HTTP status, rendered as RFC 9457 problem+json.
 * A domain code appears here when a route answers it with another status than `domainErrorStatus`
 * (the pricing quote answers every malformed input with 400).
 */
export class AppError extends Error {
  readonly code: AppErrorCode | DomainErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode | DomainErrorCode,
    status: number,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/**
 * HTTP status of each domain rule violation. 400 for a request that names something that does
 * not exist or describes an impossible tax (these only come from what the caller sent: stored
 * taxes are guarded by CHECK constraints); 422 for a well-formed request that breaks a rule.
 */
export function domainErrorStatus(error: DomainError): number {
  switch (error.code) {
    case 'unknown_currency':
    case 'unknown_tax':
    case 'duplicate_tax':
    case 'invalid_rate':
    case 'inclusive_compound_tax':
      return 400;
    default:
      return 422;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', 404, `${what} not found`);

export { DomainError };
