import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** The header every Kassa client sends; a cross-site form or image cannot, and a cross-site script needs CORS to. */
export const CSRF_HEADER = 'x-kassa-request';

/**
 * CSRF protection of the routes that authenticate by cookie (refresh, logout): the request must
 * carry `X-Kassa-Request: 1` (OWASP CSRF Prevention Cheat Sheet, "custom request headers"), which
 * a browser only lets another site send after a CORS preflight that the allow-list refuses.
 * The SameSite=Strict cookie is the first wall; this is the second.
 * @throws AppError 403 `csrf_rejected`.
 */
export async function requireCsrfHeader(request: FastifyRequest): Promise<void> {
  if (request.headers[CSRF_HEADER] !== '1')
    throw new AppError(
      'csrf_rejected',
      403,
      `Cookie-authenticated requests must send the header ${CSRF_HEADER}: 1`,
    );
}
