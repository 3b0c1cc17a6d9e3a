import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Approval, CreateApprovalRequest, Problem } from '@kassa/contracts';
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
};
