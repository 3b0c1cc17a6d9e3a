import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CompanySettings, Problem, UpdateCompanySettingsRequest } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './settings.service.ts';

export const settingsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  app.get(
    '/settings',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['settings'],
        summary: 'Company pricing settings',
        security,
        response: { 200: CompanySettings },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.getSettings(ctx)),
  );

  app.put(
    '/settings',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags: ['settings'],
        summary: 'Change the tax rounding level and mode and the cash rounding',
        description:
          'Omitted fields keep their value; cashRounding null turns cash rounding off. Applies to sales made ' +
          'from now on; completed sales keep their amounts. The currency cannot change.',
        security,
        body: UpdateCompanySettingsRequest,
        response: { 200: CompanySettings, 400: Problem, 403: Problem, 422: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.updateSettings(ctx, request.body)),
  );
};
