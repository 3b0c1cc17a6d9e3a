import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditExportQuery, AuditPage, AuditQuery, Problem } from '@kassa/contracts';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import * as service from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const security = [{ bearerAuth: [] }];

  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log, newest first',
        description:
          'Filters by action, actor (who acted or approved) and time. Sensitive fields are decrypted.',
        security,
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: Problem, 403: Problem },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => service.searchAudit(ctx, deps.keys, request.query)),
  );

  app.get(
    '/audit/export',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Export the audit log as CSV',
        description: `Same filters as the search, newest first, at most ${service.AUDIT_EXPORT_MAX_ROWS} rows. The export is itself recorded.`,
        security,
        querystring: AuditExportQuery,
        response: { 200: z.string(), 400: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const csv = await inCompanyTx(deps.db, request, (ctx) =>
        service.exportAuditCsv(ctx, deps.keys, request.query),
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kassa-audit-${day}.csv"`)
        .send(csv);
    },
  );
};
