import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgeCheck,
  AgeCheckReport,
  AgeCheckReportQuery,
  AgePolicy,
  IdParams,
  Problem,
  RecordAgeCheckRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './age-checks.service.ts';

export const ageCheckRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['age checks'];

  app.post(
    '/age-checks',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags,
        summary: 'Record an age check on its own (a refusal)',
        description:
          'The server evaluates the check with the store minimum age in its time zone. A passing check is ' +
          'normally sent with the sale (`ageCheck`); this logs a refusal. Idempotent by the client-made id.',
        security,
        body: RecordAgeCheckRequest,
        response: { 200: AgeCheck, 201: AgeCheck, 400: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const result = await inCompanyTx(deps.db, request, (ctx) => service.recordAgeCheck(ctx, request.body));
      return reply.status(result.created ? 201 : 200).send(result.value);
    },
  );

  app.get(
    '/sales/:id/age-check',
    {
      config: { permission: 'sale.read' },
      schema: {
        tags,
        summary: 'The age check recorded with a sale',
        security,
        params: IdParams,
        response: { 200: AgeCheck, 404: Problem },
      },
    },
    async (request) => {
      const check = await inCompanyTx(deps.db, request, (ctx) =>
        service.ageCheckOfSale(ctx, request.params.id),
      );
      if (!check) throw notFoundCheck();
      return check;
    },
  );

  app.get(
    '/stores/:id/age-policy',
    {
      config: { permission: 'store.read' },
      schema: {
        tags,
        summary: "A store's age-check rules",
        security,
        params: IdParams,
        response: { 200: AgePolicy, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getAgePolicy(ctx, request.params.id)),
  );

  app.put(
    '/stores/:id/age-policy',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: "Set a store's age-check rules",
        security,
        params: IdParams,
        body: AgePolicy,
        response: { 200: AgePolicy, 400: Problem, 404: Problem, 422: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.setAgePolicy(ctx, request.params.id, request.body)),
  );

  app.get(
    '/reports/age-checks',
    {
      config: { permission: 'report.view' },
      schema: {
        tags,
        summary: 'Compliance report: age checks and refusals by day, store, register, cashier and method',
        security,
        querystring: AgeCheckReportQuery,
        response: { 200: AgeCheckReport, 400: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.ageCheckReport(ctx, request.query)),
  );
};

function notFoundCheck() {
  return new AppError('not_found', 404, 'No age check recorded for this sale');
}
