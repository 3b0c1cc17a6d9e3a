import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ExportQuery, Problem, ReportExportQuery, ReportQuery, SalesReport } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import type { Ctx } from '../../context.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { salesReport } from '../reports/reports.service.ts';
import { auditedExport } from './exports.audit.ts';
import * as service from './exports.service.ts';
import { EXPORT_TYPES } from './tables.ts';

/**
 * Opens an export in the company transaction and keeps the transaction open until its stream has
 * been written out: resolves as soon as `open` succeeds (its errors reject, so they are answered as
 * problems and roll back); a failure while streaming aborts the response and rolls back.
 */
function streamedExport(
  deps: AppDeps,
  request: FastifyRequest,
  open: (ctx: Ctx) => Promise<service.ExportFile>,
): Promise<service.ExportFile> {
  return new Promise((resolve, reject) => {
    let opened = false;
    inCompanyTx(deps.db, request, async (ctx) => {
      const file = await open(ctx);
      opened = true;
      if (!(file.body instanceof Readable)) {
        resolve(file);
        return;
      }
      const out = new PassThrough();
      resolve({ ...file, body: out });
      await pipeline(file.body, out);
    }).catch((error: unknown) => {
      if (!opened) reject(error instanceof Error ? error : new Error(String(error)));
      else request.log.error({ err: error }, 'export stream failed');
    });
  });
}

/** Reports and file exports of the back office. */
export const reportAndExportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/reports/sales',
    {
      config: { permission: 'report.view' },
      schema: {
        tags: ['reports'],
        summary: 'Sales report of a period: totals, by day, hour, category, product, cashier, tender; taxes',
        description: 'Days are local days of each store. Amounts are minor units.',
        security,
        querystring: ReportQuery,
        response: { 200: SalesReport, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => salesReport(ctx, request.query)),
  );

  const send = (reply: FastifyReply, f: service.ExportFile) =>
    reply
      .header('content-type', EXPORT_TYPES[f.format].type)
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .send(f.body);

  app.get(
    '/reports/sales/export',
    {
      config: { permission: 'report.view' },
      schema: {
        tags: ['reports'],
        summary: 'The sales report as CSV (one section) or XLSX (all sections)',
        security,
        querystring: ReportExportQuery,
        response: { 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await inCompanyTx(deps.db, request, (ctx) =>
          auditedExport(ctx, 'sales-report', request.query, service.exportReport),
        ),
      ),
  );

  const exports = [
    ['/exports/products', 'Products (re-importable)', service.exportProducts],
    ['/exports/stock', 'Stock levels per store', service.exportStock],
    ['/exports/sales', 'Completed sales, one row each', service.exportSales],
    ['/exports/customers', 'Customers (re-importable)', service.exportCustomers],
  ] as const;
  for (const [url, summary, run] of exports) {
    app.get(
      url,
      {
        config: { permission: 'export.run' },
        schema: {
          tags: ['exports'],
          summary,
          security,
          querystring: ExportQuery,
          response: { 400: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await streamedExport(deps, request, (ctx) =>
            auditedExport(ctx, url.slice('/exports/'.length), request.query, run),
          ),
        ),
    );
  }
};
