import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Problem, StoreCredit, StoreCreditCodeParams } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './store-credits.service.ts';

export const storeCreditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/store-credits/:code',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags: ['store-credits'],
        summary: "A store credit's balance by the code printed on the refund receipt",
        security: [{ bearerAuth: [] }],
        params: StoreCreditCodeParams,
        response: { 200: StoreCredit, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getStoreCredit(ctx, request.params.code)),
  );
};
