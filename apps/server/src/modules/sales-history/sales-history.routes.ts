import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, Problem, SaleRefunds } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './sales-history.service.ts';

/** The back office's sales history: what happened to a sale after it was rung up. */
export const salesHistoryRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/sales/:id/refunds',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags: ['sales'],
        summary: 'The refunds and voids of a sale, oldest first',
        security: [{ bearerAuth: [] }],
        params: IdParams,
        response: { 200: SaleRefunds, 403: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.saleRefunds(ctx, request.params.id)),
  );
};
