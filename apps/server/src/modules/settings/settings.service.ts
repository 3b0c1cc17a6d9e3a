import type { CashRounding } from '@kassa/domain';
import type { CompanySettings, UpdateCompanySettingsRequest } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './settings.repository.ts';

/** The company's cash rounding as the pricing engine takes it; undefined when cash is not rounded. */
export function cashRoundingOf(company: repo.CompanyRow): CashRounding | undefined {
  return company.cashRoundingIncrement === null
    ? undefined
    : { increment: company.cashRoundingIncrement, mode: company.cashRoundingMode };
}

function toSettings(company: repo.CompanyRow): CompanySettings {
  return {
    currency: company.currency,
    taxRounding: company.taxRounding,
    roundingMode: company.roundingMode,
    cashRounding: cashRoundingOf(company) ?? null,
  };
}

/** The company's pricing settings, which the terminal needs to price a cart as the server does. */
export async function getSettings(ctx: Ctx): Promise<CompanySettings> {
  const company = await repo.findCompany(ctx);
  if (!company) throw notFound('Company');
  return toSettings(company);
}

/**
 * Changes the company's rounding level and mode and its cash rounding; omitted fields keep their
 * value. Sales already made keep the amounts they were priced with; the next sale uses the new
 * settings.
 * Errors: `currency_locked` (422) when `currency` is sent and differs from the company's.
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
  const updated = await repo.updatePricingSettings(ctx, {
    taxRounding: input.taxRounding ?? company.taxRounding,
    roundingMode: input.roundingMode ?? company.roundingMode,
    cashRoundingIncrement: cash?.increment ?? null,
    // Turning rounding off keeps the mode last chosen, so turning it on again restores it.
    cashRoundingMode: cash?.mode ?? company.cashRoundingMode,
  });
  if (!updated) throw notFound('Company');
  await recordAudit(ctx, {
    action: 'settings.updated',
    subject: { type: 'company', id: ctx.companyId },
    details: { before: toSettings(company), after: toSettings(updated) },
  });
  return toSettings(updated);
}
