import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateSaleRequest, IdParams, Problem, Sale, SaleListQuery, SalePage } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx, principalOf } from '../../http/auth.ts';
import { fastSerializerCompiler } from '../../http/fast-serializer.ts';
import * as service from './sales.service.ts';
import { salesCounter } from '../../observability/metrics.ts';
import { recordSyncLag } from '../../observability/sync-lag.ts';

export const salesRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.post(
    '/sales',
    {
      // The hottest route: its session check rides on the BEGIN of its transaction.
      config: { permission: 'sale.create', sessionCheck: 'transaction' },
      // The sale reply written by a compiled serializer (see fastSerializerCompiler).
      serializerCompiler: fastSerializerCompiler,
      schema: {
        tags: ['sales'],
        summary: 'Complete a sale (idempotent by its client-made UUIDv7 id)',
        description:
          "Creates the sale, its lines and tenders, decrements stock and takes the register's next receipt number, " +
          'in one transaction. Posting an id that already exists returns the stored sale with 200 and writes nothing.',
        security,
        body: CreateSaleRequest,
        response: { 200: Sale, 201: Sale, 400: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      try {
        // The sale's first statement goes with the BEGIN of its transaction, and its COMMIT with
        // the write statement when nothing follows that (two round trips in all).
        const principal = principalOf(request);
        const sell = (commitWithWrite: boolean) =>
          inCompanyTx(
            deps.db,
            request,
            (ctx, prepared) => service.createSale(ctx, request.body, prepared, { commitWithWrite }),
            { lead: service.saleLeadStatement(principal, request.body) },
          );
        // A stock level went below zero: its alert goes in the sale's transaction, run again in full.
        const result = await sell(true).catch((err: unknown) => {
          if (err instanceof service.SaleNeedsFollowUp) return sell(false);
          throw err;
        });
        if (result.created) {
          salesCounter.inc();
          recordSyncLag(result.sale.registerId, result.sale.clientCreatedAt, new Date(result.sale.createdAt));
        }
        return reply.status(result.created ? 201 : 200).send(result.sale);
      } catch (err) {
        if (!(err instanceof service.SaleAlreadyStored)) throw err;
        // The id is stored (a retry, or a twin that committed first); our transaction rolled back
        // (giving the receipt number back), so read theirs: 200, or 409 if it is another sale.
        const stored = await inCompanyTx(deps.db, request, (ctx) => service.storedSaleFor(ctx, request.body));
        return reply.status(200).send(stored);
      }
    },
  );

  app.get(
    '/sales/:id',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags: ['sales'],
        summary: 'One sale with lines, taxes and tenders',
        security,
        params: IdParams,
        response: { 200: Sale, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getSale(ctx, request.params.id)),
  );

  app.get(
    '/sales',
    {
      config: { permission: 'report.view' },
      schema: {
        tags: ['sales'],
        summary: 'Sales, newest first',
        security,
        querystring: SaleListQuery,
        response: { 200: SalePage },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listSales(ctx, request.query)),
  );
};
