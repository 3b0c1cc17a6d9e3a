import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CustomerImportQuery, Problem, ProductImportQuery, ProductImportResult } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { AppError } from '../../errors.ts';
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
