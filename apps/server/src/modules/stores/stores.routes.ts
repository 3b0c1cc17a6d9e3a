import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  IdParams,
  Problem,
  RegisterStaffList,
  RegisterSyncStatusList,
  StaffList,
  StoreList,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './stores.service.ts';
import { registerStaff } from './register-staff.service.ts';

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

  app.get(
    '/registers/sync-status',
    {
      config: { permission: 'report.view' },
      schema: {
        tags: ['stores'],
        summary: 'Sync lag per register: the latest received sale and how late it arrived',
        security: [{ bearerAuth: [] }],
        response: { 200: RegisterSyncStatusList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.registerSyncStatus(ctx)),
  );

  app.get(
    '/registers/:id/staff',
    {
      config: { permission: 'sale.create' },
      schema: {
        tags: ['stores'],
        summary: 'Staff who may sell at this register, with PIN hashes for the offline cashier switch',
        security: [{ bearerAuth: [] }],
        params: IdParams,
        response: { 200: RegisterStaffList, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => registerStaff(ctx, request.params.id)),
  );
};
