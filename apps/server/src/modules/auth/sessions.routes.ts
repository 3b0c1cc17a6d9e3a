import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DisableUserResponse, IdParams, Problem, SessionList } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './sessions.service.ts';

export const sessionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/auth/sessions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: "The signed-in user's active sessions",
        security,
        response: { 200: SessionList },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.listSessions(ctx)),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End one of your sessions (its tokens stop working on their next request)',
        security,
        params: IdParams,
        response: { 204: z.null(), 404: Problem },
      },
    },
    async (request, reply) => {
      await inCompanyTx(deps.db, request, (ctx) =>
        service.revokeSession(ctx, deps.revocations, request.params.id),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/disable',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: 'Disable a user and end all of their sessions at once',
        security,
        params: IdParams,
        response: { 200: DisableUserResponse, 403: Problem, 404: Problem, 422: Problem },
      },
    },
    (request) =>
      inCompanyTx(deps.db, request, (ctx) => service.disableUser(ctx, deps.revocations, request.params.id)),
  );
};
