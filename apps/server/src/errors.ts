import { DomainError } from '@kassa/domain';

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
  | 'product_not_found'
  | 'product_inactive'
  | 'sale_id_conflict'
  | 'rate_limited'
  | 'internal_error';

/** An expected failure with a stable code and its HTTP status, rendered as RFC 9457 problem+json. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, status: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** HTTP status of each domain rule violation: the request was well-formed but breaks a rule. */
export function domainErrorStatus(error: DomainError): number {
  switch (error.code) {
    case 'unknown_currency':
    case 'unknown_tax':
      return 400;
    default:
      return 422;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', 404, `${what} not found`);

export { DomainError };
