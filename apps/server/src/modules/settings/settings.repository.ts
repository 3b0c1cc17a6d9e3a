import { eq } from 'drizzle-orm';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type CompanyRow = typeof s.companies.$inferSelect;

/** The caller's company, or undefined. With `forUpdate`, locked until the transaction ends. */
export async function findCompany(ctx: Ctx, forUpdate = false): Promise<CompanyRow | undefined> {
  const query = ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Writes the company's pricing settings and returns the updated row. */
export async function updatePricingSettings(
  ctx: Ctx,
  values: Pick<
    CompanyRow,
    | 'taxRounding'
    | 'roundingMode'
    | 'cashRoundingIncrement'
    | 'cashRoundingMode'
    | 'defaultTaxCategoryId'
    | 'requireTotpForManagers'
    | 'maxDiscountPercent'
  >,
): Promise<CompanyRow | undefined> {
  const [row] = await ctx.tx
    .update(s.companies)
    .set(values)
    .where(eq(s.companies.id, ctx.companyId))
    .returning();
  return row;
}
