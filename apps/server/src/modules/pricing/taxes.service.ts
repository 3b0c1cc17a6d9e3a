import { DomainError, newDocumentId } from '@kassa/domain';
import type { CreateTaxRequest, Product, Tax, TaxList } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import * as catalogRepo from '../catalog/catalog.repository.ts';
import { getProduct } from '../catalog/catalog.service.ts';
import * as repo from './taxes.repository.ts';

/**
 * A storable rate: a percent from 0 to 100 with at most 4 decimals (the column is numeric(9,4),
 * which would round a fifth decimal away). Checked on the string, so no float is involved.
 */
const STORED_RATE = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/;

function toTax(row: repo.TaxRateRow): Tax {
  return {
    id: row.id,
    name: row.name,
    rate: catalogRepo.trimDecimal(row.rate),
    inclusive: row.inclusive,
    compound: row.compound,
  };
}

/** The company's tax rates, by name. */
export async function listTaxes(ctx: Ctx): Promise<TaxList> {
  return { items: (await repo.listTaxRates(ctx)).map(toTax) };
}

/**
 * Creates a tax rate. Errors (DomainError, 400): `invalid_rate` for a rate that is not a decimal
 * from 0 to 100 with at most 4 decimals, `inclusive_compound_tax` for an inclusive compound tax.
 */
export async function createTax(ctx: Ctx, input: CreateTaxRequest): Promise<Tax> {
  if (!STORED_RATE.test(input.rate)) {
    throw new DomainError('invalid_rate', 'rate must be a percent from 0 to 100 with at most 4 decimals', {
      rate: input.rate,
    });
  }
  if (input.inclusive && input.compound) {
    throw new DomainError('inclusive_compound_tax', 'an inclusive tax cannot be compound', {
      name: input.name,
    });
  }
  const row = await repo.insertTaxRate(ctx, {
    id: newDocumentId(),
    name: input.name,
    rate: input.rate,
    inclusive: input.inclusive,
    compound: input.compound,
  });
  return toTax(row);
}

/**
 * Sets the taxes of a product, in order of application; an empty list makes it tax-exempt.
 * Products point at a tax category, so this finds the company's category with exactly these rates
 * in this order, or creates one; existing categories are never changed, so no other product's
 * taxes move. Completed sales keep the taxes they copied; the next sale uses the new ones.
 * Errors: `product_not_found` (404, also for another company's product), `duplicate_tax` and
 * `unknown_tax` (400, also for another company's tax rate).
 */
export async function setProductTaxes(ctx: Ctx, productId: string, taxIds: string[]): Promise<Product> {
  if (!(await catalogRepo.findProduct(ctx, productId))) {
    throw new AppError('product_not_found', 404, 'Product not found', { productId });
  }
  await repo.setProductTaxCategory(ctx, productId, await taxCategoryFor(ctx, taxIds));
  return getProduct(ctx, productId);
}

/**
 * The company's tax category with exactly `taxIds` in this order, created when there is none
 * (categories are never edited, so no product's taxes move); null for an empty list (tax-exempt).
 * Errors (DomainError, 400): `duplicate_tax`, `unknown_tax` (also for another company's rate).
 */
export async function taxCategoryFor(ctx: Ctx, taxIds: string[]): Promise<string | null> {
  const duplicate = taxIds.find((id, i) => taxIds.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new DomainError('duplicate_tax', `tax ${duplicate} is listed twice`, { taxId: duplicate });
  }
  const rates = new Map((await repo.findTaxRates(ctx, taxIds)).map((r) => [r.id, r]));
  const unknown = taxIds.find((id) => !rates.has(id));
  if (unknown !== undefined) {
    throw new DomainError('unknown_tax', `unknown tax ${unknown}`, { taxId: unknown });
  }

  let taxCategoryId: string | null = null;
  if (taxIds.length > 0) {
    const categories = await catalogRepo.taxesByCategory(ctx.tx, ctx.companyId);
    const wanted = taxIds.join(',');
    const matches = [...categories]
      .filter(([, taxes]) => taxes.map((t) => t.id).join(',') === wanted)
      .map(([id]) => id)
      .sort();
    taxCategoryId = matches[0] ?? newDocumentId();
    if (matches.length === 0) {
      const name = taxIds.map((id) => rates.get(id)!.name).join(' + ');
      await repo.insertTaxCategory(ctx, { id: taxCategoryId, name }, taxIds);
    }
  }
  return taxCategoryId;
}
