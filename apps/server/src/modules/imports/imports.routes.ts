import { PassThrough, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '@kassa/domain';
import {
  CustomerImportQuery,
  Problem,
  ProductImportQuery,
  ProductImportResult,
  type ImportStreamEvent,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { problemType } from '../../http/problem.ts';
import { AppError, domainErrorStatus } from '../../errors.ts';
import { MAX_IMPORT_BYTES, type SheetFormat } from './file-rows.ts';
import * as service from './imports.service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function formatOf(given: SheetFormat | undefined, contentType: string | undefined): SheetFormat {
  if (given) return given;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === XLSX_TYPE) return 'xlsx';
  throw new AppError('unsupported_file', 415, 'Send text/csv or an .xlsx file, or say format=csv|xlsx', {
    contentType: type,
  });
}

/** Refuses an upload whose declared length is over the limit before reading it. */
function checkLength(header: string | undefined): void {
  if (Number(header ?? 0) > MAX_IMPORT_BYTES) {
    throw new AppError('file_too_large', 413, `The file is larger than ${MAX_IMPORT_BYTES} bytes`, {
      maxBytes: MAX_IMPORT_BYTES,
    });
  }
}

/**
 * The problem a streamed import ends with: the same code, status and details as the plain route's
 * answer for a known error; an unknown error is logged and says only "Internal error".
 */
function streamProblem(request: FastifyRequest, error: unknown): Problem {
  const base = { instance: request.url, requestId: request.id };
  if (error instanceof AppError || error instanceof DomainError) {
    const status = error instanceof AppError ? error.status : domainErrorStatus(error);
    return {
      type: problemType(error.code),
      title: 'Import failed',
      status,
      code: error.code,
      detail: error.message,
      details: error.details,
      ...base,
    };
  }
  request.log.error({ err: error }, 'streamed import failed');
  return {
    type: problemType('internal_error'),
    title: 'Internal Server Error',
    status: 500,
    code: 'internal_error',
    detail: 'Internal error',
    ...base,
  };
}

/**
 * Runs `work` and returns an NDJSON stream of its progress lines, then one `result` or `error`
 * line. The answer starts at once (200), so a long import shows progress while it runs.
 */
function ndjsonImport(
  request: FastifyRequest,
  work: (progress: service.OnProgress) => Promise<ProductImportResult>,
): PassThrough {
  const out = new PassThrough();
  const line = (event: ImportStreamEvent) => out.write(`${JSON.stringify(event)}\n`);
  work((p) => line({ type: 'progress', ...p }))
    .then((result) => line({ type: 'result', result }))
    .catch((error: unknown) => line({ type: 'error', problem: streamProblem(request, error) }))
    .finally(() => out.end());
  return out;
}

/** Imports of catalog data from spreadsheets. The request body is the file itself, streamed. */
export const importRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // The file is not buffered: the handler reads the request stream as it arrives.
  app.addContentTypeParser(['text/csv', XLSX_TYPE, 'application/octet-stream'], (_request, payload, done) =>
    done(null, payload),
  );

  app.post(
    '/imports/products',
    {
      config: { permission: 'product.write' },
      schema: {
        tags: ['imports'],
        summary: 'Import products from CSV or XLSX (dry run by default)',
        description:
          'Body: the file (text/csv or .xlsx). Upserts by SKU; idempotent. A dry run reports every row error, ' +
          `the mapping and a preview without writing. At most ${MAX_IMPORT_BYTES} bytes.`,
        security: [{ bearerAuth: [] }],
        querystring: ProductImportQuery,
        response: {
          200: ProductImportResult,
          400: Problem,
          403: Problem,
          413: Problem,
          415: Problem,
          422: Problem,
        },
      },
    },
    async (request) => {
      const format = formatOf(request.query.format, request.headers['content-type']);
      checkLength(request.headers['content-length']);
      const body = request.body as Readable;
      return inCompanyTx(deps.db, request, (ctx) => service.importProducts(ctx, body, format, request.query));
    },
  );

  app.post(
    '/imports/products/stream',
    {
      config: { permission: 'product.write' },
      schema: {
        tags: ['imports'],
        summary: 'Import products as /imports/products, answering with progress as NDJSON',
        description:
          'Answers 200 application/x-ndjson at once: `progress` lines (every 5,000 rows read, every 500 ' +
          'products written), then one `result` line (the ProductImportResult) or one `error` line (the ' +
          'problem /imports/products would answer, e.g. import_invalid). For large files in the back office.',
        security: [{ bearerAuth: [] }],
        querystring: ProductImportQuery,
        produces: ['application/x-ndjson'],
        response: {
          200: z.any().describe('application/x-ndjson: ImportStreamEvent lines'),
          400: Problem,
          403: Problem,
          413: Problem,
          415: Problem,
        },
      },
    },
    async (request, reply) => {
      const format = formatOf(request.query.format, request.headers['content-type']);
      checkLength(request.headers['content-length']);
      const body = request.body as Readable;
      const stream = ndjsonImport(request, (progress) =>
        inCompanyTx(deps.db, request, (ctx) =>
          service.importProducts(ctx, body, format, request.query, progress),
        ),
      );
      return reply.type('application/x-ndjson').send(stream);
    },
  );

  app.post(
    '/imports/customers',
    {
      config: { permission: 'customer.write' },
      schema: {
        tags: ['imports'],
        summary: 'Import customers from CSV or XLSX, upserting by customer number (dry run by default)',
        description: `Body: the file. \`products\` in the answer counts the distinct customers. At most ${MAX_IMPORT_BYTES} bytes.`,
        security: [{ bearerAuth: [] }],
        querystring: CustomerImportQuery,
        response: {
          200: ProductImportResult,
          400: Problem,
          403: Problem,
          413: Problem,
          415: Problem,
          422: Problem,
        },
      },
    },
    async (request) => {
      const format = formatOf(request.query.format, request.headers['content-type']);
      checkLength(request.headers['content-length']);
      const body = request.body as Readable;
      return inCompanyTx(deps.db, request, (ctx) =>
        service.importCustomers(ctx, body, format, request.query),
      );
    },
  );
};
