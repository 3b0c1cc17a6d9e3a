import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateExchangeRequest, Exchange, IdParams, Problem } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './exchanges.service.ts';

export const exchangeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['refunds'];

  app.post(
    '/exchanges',
    {
      // refund.create here; the use case also requires sale.create.
      config: { permission: 'refund.create' },
      schema: {
        tags,
        summary: 'Exchange: return lines of a sale and sell new ones, settled with one net amount',
        description:
          "Writes a refund and a sale in one transaction; the refund's tenders pay for the new sale first " +
          '(cash, then card), the customer pays the rest with `tenders` or gets the remainder back. ' +
          'Idempotent by the client-made id.',
        security,
        body: CreateExchangeRequest,
        response: {
          200: Exchange,
          201: Exchange,
          400: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) => service.createExchange(ctx, request.body));
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/exchanges/:id',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'One exchange with its refund and new sale',
        security,
        params: IdParams,
        response: { 200: Exchange, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getExchange(ctx, request.params.id)),
  );
};
