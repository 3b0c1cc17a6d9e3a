import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateRegisterRequest,
  CreateStoreRequest,
  IdParams,
  Problem,
  Register,
  Store,
  UpdateRegisterRequest,
  UpdateStoreRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './stores-admin.service.ts';

/** Back-office setup of stores and registers (owners: `settings.write`). */
export const storesAdminRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];
  const tags = ['stores'];
  const errors = { 400: Problem, 403: Problem, 404: Problem, 409: Problem };

  app.post(
    '/stores',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: 'Create a store',
        security,
        body: CreateStoreRequest,
        response: { 201: Store, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await inCompanyTx(deps.db, request, (ctx) => service.createStore(ctx, request.body))),
  );

  app.patch(
    '/stores/:id',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: "Edit a store's name, address, time zone or receipt footer",
        security,
        params: IdParams,
        body: UpdateStoreRequest,
        response: { 200: Store, ...errors },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.updateStore(ctx, request.params.id, request.body)),
  );

  app.post(
    '/stores/:id/registers',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: 'Add a register to a store',
        security,
        params: IdParams,
        body: CreateRegisterRequest,
        response: { 201: Store, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await inCompanyTx(deps.db, request, (ctx) =>
            service.createRegister(ctx, request.params.id, request.body),
          ),
        ),
  );

  app.patch(
    '/registers/:id',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags,
        summary: 'Rename a register',
        security,
        params: IdParams,
        body: UpdateRegisterRequest,
        response: { 200: Register, ...errors },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.updateRegister(ctx, request.params.id, request.body)),
  );
};
