import { DEFAULT_MAX_DISCOUNT_PERCENT, parsePercent, type CashRounding, type RoleName } from '@kassa/domain';
import type { CompanySettings, UpdateCompanySettingsRequest } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { taxesByCategory } from '../catalog/catalog.repository.ts';
import { taxCategoryFor } from '../pricing/taxes.service.ts';
import * as repo from './settings.repository.ts';

/** The company's cash rounding as the pricing engine takes it; undefined when cash is not rounded. */
export function cashRoundingOf(company: repo.CompanyRow): CashRounding | undefined {
  return company.cashRoundingIncrement === null
    ? undefined
    : { increment: company.cashRoundingIncrement, mode: company.cashRoundingMode };
}

async function toSettings(ctx: Ctx, company: repo.CompanyRow): Promise<CompanySettings> {
  const category = company.defaultTaxCategoryId;
  const defaults = category ? ((await taxesByCategory(ctx.tx, ctx.companyId)).get(category) ?? []) : [];
  return {
    currency: company.currency,
    taxRounding: company.taxRounding,
    roundingMode: company.roundingMode,
    cashRounding: cashRoundingOf(company) ?? null,
    defaultTaxIds: defaults.map((t) => t.id),
    requireTotpForManagers: company.requireTotpForManagers,
    maxDiscountPercent: maxDiscountsOf(company),
  };
}

const ROLES = Object.keys(DEFAULT_MAX_DISCOUNT_PERCENT) as RoleName[];

/** Every role's largest line discount (percent, decimal string): the company's, else the role default. */
function maxDiscountsOf(company: repo.CompanyRow): Record<RoleName, string> {
  return Object.fromEntries(
    ROLES.map((role) => [role, company.maxDiscountPercent[role] ?? DEFAULT_MAX_DISCOUNT_PERCENT[role]]),
  ) as Record<RoleName, string>;
}

/** The company's pricing settings, which the terminal needs to price a cart as the server does. */
export async function getSettings(ctx: Ctx): Promise<CompanySettings> {
  const company = await repo.findCompany(ctx);
  if (!company) throw notFound('Company');
  return toSettings(ctx, company);
}

/**
 * The tax category a product created without taxes gets (the "default taxes" setting), or null
 * when the company has none (such a product is tax-exempt).
 */
export async function defaultTaxCategoryId(ctx: Ctx): Promise<string | null> {
  const company = await repo.findCompany(ctx);
  return company?.defaultTaxCategoryId ?? null;
}

/**
 * The stored per-role discount limits after a change: roles sent get their value normalized by
 * {@link parsePercent} (throws `invalid_discount`), roles omitted keep theirs.
 */
function mergeMaxDiscounts(
  company: repo.CompanyRow,
  input: Partial<Record<RoleName, string>> | undefined,
): Record<string, string> {
  if (input === undefined) return company.maxDiscountPercent;
  const merged = { ...company.maxDiscountPercent };
  for (const role of ROLES) {
    const value = input[role];
    if (value !== undefined) merged[role] = parsePercent(value);
  }
  return merged;
}

/**
 * Changes the company's rounding level and mode, its cash rounding and its default taxes (those a
 * product created without taxes gets; products that exist keep theirs), and whether owners and
 * managers must sign in with two-factor, and the largest discount per role; omitted fields keep their value. Sales already made keep the amounts they were priced with; the next sale uses the new
 * settings.
 * Errors: `currency_locked` (422) when `currency` is sent and differs from the company's;
 * `unknown_tax`, `duplicate_tax` (400) for a bad `defaultTaxIds`; `invalid_discount` (422) for a
 * `maxDiscountPercent` value that is not a percent 0 to 100 with at most 4 decimals.
 */
export async function updateSettings(
  ctx: Ctx,
  input: UpdateCompanySettingsRequest,
): Promise<CompanySettings> {
  const company = await repo.findCompany(ctx, true);
  if (!company) throw notFound('Company');
  if (input.currency !== undefined && input.currency !== company.currency) {
    throw new AppError('currency_locked', 422, 'The currency of a company cannot be changed', {
      currency: company.currency,
      requested: input.currency,
    });
  }
  const cash = input.cashRounding === undefined ? cashRoundingOf(company) : input.cashRounding;
  const defaultTaxCategoryId =
    input.defaultTaxIds === undefined
      ? company.defaultTaxCategoryId
      : await taxCategoryFor(ctx, input.defaultTaxIds);
  const before = await toSettings(ctx, company);
  const updated = await repo.updatePricingSettings(ctx, {
    defaultTaxCategoryId,
    taxRounding: input.taxRounding ?? company.taxRounding,
    roundingMode: input.roundingMode ?? company.roundingMode,
    cashRoundingIncrement: cash?.increment ?? null,
    // Turning rounding off keeps the mode last chosen, so turning it on again restores it.
    cashRoundingMode: cash?.mode ?? company.cashRoundingMode,
    requireTotpForManagers: input.requireTotpForManagers ?? company.requireTotpForManagers,
    maxDiscountPercent: mergeMaxDiscounts(company, input.maxDiscountPercent),
  });
  if (!updated) throw notFound('Company');
  await recordAudit(ctx, {
    action: 'settings.updated',
    subject: { type: 'company', id: ctx.companyId },
    details: { before, after: await toSettings(ctx, updated) },
  });
  return toSettings(ctx, updated);
}
