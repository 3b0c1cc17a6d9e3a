import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateUserRequest,
  CustomRole,
  CustomRoleList,
  IdParams,
  Problem,
  SaveRoleRequest,
  SetPinRequest,
  StaffUser,
  StaffUserList,
  UpdateUserRequest,
} from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { mailDeps } from '../../mail/deps.ts';
import * as service from './users.service.ts';

/** Staff management (back office "Staff"): users, their roles and stores, custom roles. */
export const userRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Every member of staff',
        security,
        response: { 200: StaffUserList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listUsers(ctx)),
  );

  app.post(
    '/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a member of staff, or invite them by e-mail when no password is given',
        security,
        body: CreateUserRequest,
        response: { 201: StaffUser, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const tasks: (() => Promise<void>)[] = [];
      const user = await inCompanyTx(deps.db, request, (ctx) =>
        service.createUser(ctx, request.body, mailDeps(app, deps), (task) => tasks.push(task)),
      );
      for (const task of tasks)
        await task().catch((err: unknown) => request.log.error({ err }, 'invitation e-mail failed'));
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: "Change a user's name, role, custom role or stores (rights changes end their sessions)",
        security,
        params: IdParams,
        body: UpdateUserRequest,
        response: { 200: StaffUser, 400: Problem, 403: Problem, 404: Problem, 422: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) =>
        service.updateUser(ctx, deps.revocations, request.params.id, request.body),
      ),
  );

  app.post(
    '/users/:id/enable',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Enable a disabled user again',
        security,
        params: IdParams,
        response: { 200: StaffUser, 403: Problem, 404: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.enableUser(ctx, request.params.id)),
  );

  app.put(
    '/users/:id/pin',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: "Set (reset) a user's PIN; clears their PIN lockout",
        security,
        params: IdParams,
        body: SetPinRequest,
        response: { 200: StaffUser, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.setPin(ctx, request.params.id, request.body.pin)),
  );

  app.get(
    '/roles',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Custom roles, and every permission a role can hold',
        security,
        response: { 200: CustomRoleList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listRoles(ctx)),
  );

  app.post(
    '/roles',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a custom role (a named set of permissions, optionally limited to stores)',
        security,
        body: SaveRoleRequest,
        response: { 201: CustomRole, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const role = await inCompanyTx(deps.db, request, (ctx) => service.createRole(ctx, request.body));
      return reply.status(201).send(role);
    },
  );

  app.put(
    '/roles/:id',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: "Replace a custom role (its users' sessions end)",
        security,
        params: IdParams,
        body: SaveRoleRequest,
        response: { 200: CustomRole, 400: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) =>
        service.updateRole(ctx, deps.revocations, request.params.id, request.body),
      ),
  );

  app.delete(
    '/roles/:id',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Delete a custom role nobody holds',
        security,
        params: IdParams,
        response: { 204: z.null(), 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      await inCompanyTx(deps.db, request, (ctx) => service.deleteRole(ctx, request.params.id));
      return reply.status(204).send(null);
    },
  );
};
