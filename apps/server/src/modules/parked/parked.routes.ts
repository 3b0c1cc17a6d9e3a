import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  IdParams,
  ParkSaleRequest,
  ParkedSale,
  ParkedSaleListQuery,
  ParkedSalePage,
  Problem,
  ResumeParkedSaleRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './parked.service.ts';

export const parkedRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['parked sales'];

  app.post(
    '/parked-sales',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'Park the cart of a register',
        description: 'Idempotent by the client-made UUIDv7 id. Needs an open shift on the register.',
        security,
        body: ParkSaleRequest,
        response: {
          200: ParkedSale,
          201: ParkedSale,
          400: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) => service.parkSale(ctx, request.body));
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/parked-sales',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'Carts parked in a store, oldest first',
        security,
        querystring: ParkedSaleListQuery,
        response: { 200: ParkedSalePage },
      },
    },
    async (request) => ({
      items: await inCompanyTx(deps.db, request, (ctx) => service.listParked(ctx, request.query.storeId)),
    }),
  );

  app.post(
    '/parked-sales/:id/resume',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'Resume a parked cart on a register of the same store',
        security,
        params: IdParams,
        body: ResumeParkedSaleRequest,
        response: { 200: ParkedSale, 400: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) =>
        service.resumeParked(ctx, request.params.id, request.body.registerId),
      ),
  );
};
