import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError } from '@kassa/domain';
import type { Problem } from '@kassa/contracts';
import { AppError, domainErrorStatus } from '../errors.ts';
import { reportUnexpectedError } from '../observability/sentry.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Problem type URI of a code; a stable identifier, documented in the API docs. */
export const problemType = (code: string): string =>
  `https://kassa.dev/problems/${code.replaceAll('_', '-')}`;

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'>,
): FastifyReply {
  const body: Problem = {
    type: problemType(problem.code),
    title: TITLES[problem.status] ?? 'Error',
    ...problem,
    instance: request.url,
    requestId: request.id,
  };
  return reply.status(problem.status).type('application/problem+json').send(body);
}

/**
 * The one error handler: maps every error to an RFC 9457 problem with a stable `code`. Unknown
 * errors become a 500 whose body says nothing beyond "internal error" and the request id; the
 * error itself is logged with that request id.
 */
export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) {
    return send(request, reply, {
      status: error.status,
      code: error.code,
      detail: error.message,
      details: error.details,
    });
  }
  if (error instanceof DomainError) {
    return send(request, reply, {
      status: domainErrorStatus(error),
      code: error.code,
      detail: error.message,
      details: error.details,
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return send(request, reply, {
      status: 400,
      code: 'validation_failed',
      detail: `The request ${error.validationContext ?? 'input'} does not match its schema`,
      errors,
    });
  }
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (error instanceof SyntaxError && error.statusCode === 400)
  ) {
    return send(request, reply, {
      status: 400,
      code: 'malformed_json',
      detail: 'The request body is not valid JSON',
    });
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return send(request, reply, { status: 400, code: 'malformed_json', detail: 'The request body is empty' });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(request, reply, {
      status: 415,
      code: 'unsupported_media_type',
      detail: 'Send application/json',
    });
  }
  if (error.statusCode === 429) {
    return send(request, reply, {
      status: 429,
      code: 'rate_limited',
      detail: 'Too many requests, slow down',
    });
  }
  if (error.statusCode === 413) {
    return send(request, reply, {
      status: 413,
      code: 'body_too_large',
      detail: 'The request body is too large',
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response does not match its schema');
  } else {
    request.log.error({ err: error }, 'unhandled error');
  }
  reportUnexpectedError(error, {
    requestId: request.id,
    companyId: request.principal?.companyId,
    userId: request.principal?.userId,
    route: request.routeOptions.url,
  });
  return send(request, reply, { status: 500, code: 'internal_error', detail: 'Internal error' });
}

/** 404 for unknown API routes, as a problem. */
export function notFoundProblem(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(request, reply, {
    status: 404,
    code: 'not_found',
    detail: `No route ${request.method} ${request.url}`,
  });
}
