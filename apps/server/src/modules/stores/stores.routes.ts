import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StaffList, StoreList } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './stores.service.ts';

export const storeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/stores',
    {
      config: { permission: 'store.read' },
      schema: {
        tags: ['stores'],
        summary: 'Stores and their registers',
        security: [{ bearerAuth: [] }],
        response: { 200: StoreList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listStores(ctx)),
  );

  app.get(
    '/staff',
    {
      config: { permission: 'user.read' },
      schema: {
        tags: ['stores'],
        summary: 'Active staff, for switching user by PIN',
        security: [{ bearerAuth: [] }],
        response: { 200: StaffList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listStaff(ctx)),
  );
};
