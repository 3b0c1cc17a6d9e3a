import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { CompanySettings } from '@kassa/contracts';
import { schema as s } from '@kassa/db';
import type { AppDeps } from '../../deps.ts';
import { inCompanyTx } from '../../http/auth.ts';
import { notFound } from '../../errors.ts';
import type { Ctx } from '../../context.ts';

/** The company's pricing settings, which the terminal needs to price a cart as the server does. */
export async function getSettings(ctx: Ctx): Promise<CompanySettings> {
  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  if (!company) throw notFound('Company');
  return { currency: company.currency, taxRounding: company.taxRounding, roundingMode: company.roundingMode };
}

export const settingsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/settings',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['settings'],
        summary: 'Company pricing settings',
        security: [{ bearerAuth: [] }],
        response: { 200: CompanySettings },
      },
    },
    (request) => inCompanyTx(deps.db, request, (ctx) => getSettings(ctx)),
  );
};
