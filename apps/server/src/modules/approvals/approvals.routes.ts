import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Approval, CreateApprovalRequest, NoSaleEvent, NoSaleRequest, Problem } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './approvals.service.ts';

export const approvalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/approvals',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags: ['sales'],
        summary: "A manager's PIN approval of one cashier action (single use, 5 minutes)",
        description:
          'Bound to the action, register, sale id and percent. Pass its id as approvalId when posting the sale.',
        security: [{ bearerAuth: [] }],
        body: CreateApprovalRequest,
        response: { 201: Approval, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const approval = await inCompanyTx(deps.db, request, (ctx) =>
        service.createApproval(ctx, request.body),
      );
      return reply.status(201).send(approval);
    },
  );

  app.post(
    '/drawer/no-sale',
    {
      // drawer.no_sale, or a manager's approval of this event (checked by the use case).
      config: { permission: 'sale.create' },
      schema: {
        tags: ['sales'],
        summary: 'Record the cash drawer opened without a sale',
        description:
          "Idempotent by the client-made id. Without drawer.no_sale, approvalId names a manager's approval (action no_sale, saleId = this id).",
        security: [{ bearerAuth: [] }],
        body: NoSaleRequest,
        response: {
          200: NoSaleEvent,
          201: NoSaleEvent,
          400: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) =>
        service.openDrawerNoSale(ctx, request.body),
      );
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );
};
