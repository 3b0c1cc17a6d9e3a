import { z } from 'zod';
import { CashRounding, RoundingMode, TaxRounding } from './pricing.ts';

/** What a terminal needs to price a cart exactly as the server will. */
export const CompanySettings = z.object({
  currency: z.string().length(3),
  taxRounding: TaxRounding,
  roundingMode: RoundingMode,
  cashRounding: CashRounding.nullable().describe('Rounding of cash payments; null when cash is not rounded'),
});
export type CompanySettings = z.infer<typeof CompanySettings>;

/**
 * Changes the company's pricing settings. Each field is optional and an omitted one keeps its
 * value, so the settings may be sent back whole as read, or one at a time. The currency cannot
 * change (every price and document is in it): when sent, it must equal the company's currency.
 */
export const UpdateCompanySettingsRequest = z
  .object({
    currency: z.string().length(3).optional().describe("Must equal the company's currency"),
    taxRounding: TaxRounding.optional(),
    roundingMode: RoundingMode.optional(),
    cashRounding: CashRounding.nullable().optional().describe('null turns cash rounding off'),
  })
  .strict();
export type UpdateCompanySettingsRequest = z.infer<typeof UpdateCompanySettingsRequest>;
