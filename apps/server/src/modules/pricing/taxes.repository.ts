import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '@kassa/domain';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';

export type TaxRateRow = typeof s.taxRates.$inferSelect;

/** The company's tax rates by name. */
export async function listTaxRates(ctx: Ctx): Promise<TaxRateRow[]> {
  return ctx.tx
    .select()
    .from(s.taxRates)
    .where(eq(s.taxRates.companyId, ctx.companyId))
    .orderBy(asc(s.taxRates.name), asc(s.taxRates.id));
}

/** The company's tax rates among `ids` (unknown and other companies' ids are left out). */
export async function findTaxRates(ctx: Ctx, ids: string[]): Promise<TaxRateRow[]> {
  if (ids.length === 0) return [];
  return ctx.tx
    .select()
    .from(s.taxRates)
    .where(and(eq(s.taxRates.companyId, ctx.companyId), inArray(s.taxRates.id, ids)));
}

/** The PostgreSQL error behind a driver or Drizzle error, if any: its SQLSTATE and constraint. */
function pgError(err: unknown): { code: string; constraint: string | undefined } | undefined {
  let e: unknown = err;
  // Drizzle wraps the driver's error in `cause`; a few levels are plenty.
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const { code, constraint, cause } = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
    }
    e = cause;
  }
  return undefined;
}

/**
 * Inserts a tax rate. The CHECK constraints of tax_rates are the last wall behind the service's
 * own validation; a violation becomes `invalid_rate` or `inclusive_compound_tax`, never a 500.
 */
export async function insertTaxRate(ctx: Ctx, row: Omit<TaxRateRow, 'companyId'>): Promise<TaxRateRow> {
  try {
    const [inserted] = await ctx.tx
      .insert(s.taxRates)
      .values({ ...row, companyId: ctx.companyId })
      .returning();
    if (!inserted) throw new Error('insert into tax_rates returned no row');
    return inserted;
  } catch (err) {
    const pg = pgError(err);
    if (pg?.code === '23514' && pg.constraint === 'tax_rates_inclusive_not_compound') {
      throw new DomainError('inclusive_compound_tax', 'an inclusive tax cannot be compound', {
        name: row.name,
      });
    }
    // 22003: too many digits for numeric(9,4).
    if ((pg?.code === '23514' && pg.constraint === 'tax_rates_rate_range') || pg?.code === '22003') {
      throw new DomainError('invalid_rate', 'the tax rate is out of range', { rate: row.rate });
    }
    throw err;
  }
}

/**
 * Creates a tax category holding `rateIds` in that order of application. Concurrent requests may
 * create two equal categories; both are valid, and `setProductTaxes` picks the same one each time.
 */
export async function insertTaxCategory(
  ctx: Ctx,
  category: { id: string; name: string },
  rateIds: string[],
): Promise<void> {
  await ctx.tx.insert(s.taxCategories).values({ companyId: ctx.companyId, ...category });
  await ctx.tx.insert(s.taxCategoryRates).values(
    rateIds.map((taxRateId, position) => ({
      companyId: ctx.companyId,
      taxCategoryId: category.id,
      taxRateId,
      position,
    })),
  );
}

/** Points a product at a tax category (null: tax-exempt). False when the product does not exist. */
export async function setProductTaxCategory(
  ctx: Ctx,
  productId: string,
  taxCategoryId: string | null,
): Promise<boolean> {
  const rows = await ctx.tx
    .update(s.products)
    .set({ taxCategoryId, updatedAt: sql`now()` })
    .where(and(eq(s.products.companyId, ctx.companyId), eq(s.products.id, productId)))
    .returning({ id: s.products.id });
  return rows.length === 1;
}
