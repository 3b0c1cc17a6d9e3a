import type { CompanySettings } from '@kassa/contracts';
import {
  priceSale,
  type PricingInput,
  type PricingResult,
  type TaxDefinition,
  type TenderInput,
} from '@kassa/domain';
import type { CartLine } from './cartReducer.ts';

/**
 * The pricing engine's input for the cart: every line's unit price (minor units), quantity,
 * tax ids and percent discount, and each tax used once. Currency, rounding and cash rounding come
 * from the company settings (GET /settings), so the terminal prices exactly as the server will.
 */
export function cartPricingInput(
  lines: CartLine[],
  settings: CompanySettings,
  tenders?: TenderInput[],
): PricingInput {
  const taxes = new Map<string, TaxDefinition>();
  for (const line of lines) {
    for (const tax of line.product.taxes) {
      if (!taxes.has(tax.id)) {
        taxes.set(tax.id, {
          id: tax.id,
          name: tax.name,
          rate: tax.rate,
          inclusive: tax.inclusive,
          compound: tax.compound,
        });
      }
    }
  }
  return {
    currency: settings.currency,
    taxRounding: settings.taxRounding,
    roundingMode: settings.roundingMode,
    taxes: [...taxes.values()],
    lines: lines.map((line) => ({
      id: line.lineId,
      unitPrice: line.product.price,
      quantity: String(line.quantity),
      taxIds: line.product.taxes.map((tax) => tax.id),
      ...(line.discountPercent
        ? { discount: { type: 'percent' as const, value: line.discountPercent } }
        : {}),
    })),
    ...(settings.cashRounding ? { cashRounding: settings.cashRounding } : {}),
    ...(tenders && tenders.length > 0 ? { tenders } : {}),
  };
}

/** Subtotal, discounts, taxes and total of the cart, computed by the domain's pricing engine. */
export function priceCart(lines: CartLine[], settings: CompanySettings): PricingResult {
  return priceSale(cartPricingInput(lines, settings));
}
