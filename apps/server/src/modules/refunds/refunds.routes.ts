import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateRefundRequest,
  IdParams,
  Problem,
  ReceiptLookupQuery,
  Refund,
  Returnable,
  Sale,
  VoidSaleRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { getSale } from '../sales/sales.service.ts';
import * as service from './refunds.service.ts';
import { refundsCounter } from '../../observability/metrics.ts';

export const refundRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['refunds'];

  app.get(
    '/sales/lookup',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'Find a sale by its receipt number (scanned from the receipt barcode or typed)',
        security,
        querystring: ReceiptLookupQuery,
        response: { 200: Sale, 404: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, async (ctx) =>
        getSale(ctx, await service.findSaleIdByReceipt(ctx, request.query.receiptNumber)),
      ),
  );

  app.get(
    '/sales/:id/returnable',
    {
      config: { permission: 'refund.create' },
      schema: {
        tags,
        summary: 'What of a sale can still be returned, per line and per tender',
        security,
        params: IdParams,
        response: { 200: Returnable, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.returnable(ctx, request.params.id)),
  );

  app.post(
    '/refunds',
    {
      // refund.create, or a manager's approval of this refund (checked by the use case).
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'Return lines of a sale, or products without a receipt (manager approval)',
        description: 'Idempotent by the client-made UUIDv7 id. Needs an open shift on the register.',
        security,
        body: CreateRefundRequest,
        response: {
          200: Refund,
          201: Refund,
          400: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) => service.createRefund(ctx, request.body));
      if (result.created) refundsCounter.inc();
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/refunds/:id',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'One refund or void',
        security,
        params: IdParams,
        response: { 200: Refund, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getRefund(ctx, request.params.id)),
  );

  app.post(
    '/sales/:id/void',
    {
      // sale.void, or a manager's approval of this void (checked by the use case).
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: "Void a sale of the register's open shift: every line and tender back, as a new document",
        description:
          "Without sale.void, approvalId names a manager's approval of this void (POST /approvals).",
        security,
        params: IdParams,
        body: VoidSaleRequest,
        response: {
          200: Refund,
          201: Refund,
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
        service.voidSale(ctx, request.params.id, request.body),
      );
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );
};
