import type { Problem } from '@kassa/contracts';

/**
 * A failed API call. `code` is the server's stable problem code (`tenders_short`, `token_expired`,
 * ...) or one of the client's own: `network_error` (no response) and `http_error` (a response
 * that was not problem+json). `detail` is the sentence to show the cashier.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly problem: Problem | undefined;

  constructor(status: number, code: string, detail: string, problem?: Problem) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.problem = problem;
  }

  /**
   * True when the server may have done the work even though we saw no success: the request
   * never got an answer or the server failed. Only such a call may be retried with the same id.
   */
  get outcomeUnknown(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** The message to show a person for any error thrown by a call or by our own code. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
}

/** Builds the ApiError of a non-2xx response, reading its problem+json body when there is one. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isProblem(body)) {
    const firstFieldError = body.errors?.[0];
    const detail =
      body.detail ??
      (firstFieldError ? `${firstFieldError.path}: ${firstFieldError.message}` : undefined) ??
      body.title;
    return new ApiError(response.status, body.code, detail, body);
  }
  return new ApiError(
    response.status,
    'http_error',
    `The server answered ${response.status} ${response.statusText}`.trim(),
  );
}
