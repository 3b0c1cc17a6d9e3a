import { z } from 'zod';
import { RoleName } from './auth.ts';
import { CashRounding, RoundingMode, TaxRounding } from './pricing.ts';

/** Largest line discount per role, percent as a decimal string ("0" to "100", at most 4 decimals). */
export const MaxDiscountPercentByRole = z.partialRecord(
  RoleName,
  z.string().max(32).describe('Percent, 0 to 100, e.g. "12.5"'),
);
export type MaxDiscountPercentByRole = z.infer<typeof MaxDiscountPercentByRole>;

/** What a terminal needs to price a cart exactly as the server will. */
export const CompanySettings = z.object({
  currency: z.string().length(3),
  taxRounding: TaxRounding,
  roundingMode: RoundingMode,
  cashRounding: CashRounding.nullable().describe('Rounding of cash payments; null when cash is not rounded'),
  defaultTaxIds: z
    .array(z.uuid())
    .optional()
    .describe('Taxes (in order of application) a product created without taxes gets; empty: none'),
  requireTotpForManagers: z
    .boolean()
    .optional()
    .describe('Owners and managers must sign in with two-factor (TOTP); without it they must enrol first'),
  maxDiscountPercent: MaxDiscountPercentByRole.optional().describe(
    'Largest line discount each role may give (every role; the role default when not set)',
  ),
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
    defaultTaxIds: z
      .array(z.uuid())
      .max(10)
      .optional()
      .describe('Taxes a product created without taxes gets, in order of application; [] for none'),
    requireTotpForManagers: z
      .boolean()
      .optional()
      .describe('true: owners and managers must sign in with two-factor (TOTP)'),
    maxDiscountPercent: MaxDiscountPercentByRole.optional().describe(
      'Roles sent get the new limit; roles omitted keep theirs',
    ),
  })
  .strict();
export type UpdateCompanySettingsRequest = z.infer<typeof UpdateCompanySettingsRequest>;
