/**
 * The pricing engine: from cart lines, taxes, discounts and tenders to the totals of a sale.
 * Pure and exact: amounts are integer minor units, everything in between is a Decimal, and each
 * rounding happens once at a named step. The server and the terminal run this same code.
 */
import { DomainError } from './errors.ts';
import {
  Dec,
  assertSafeInteger,
  roundDecimal,
  roundPreservingTotal,
  sum,
  sumMinorUnits,
  toSafeInteger,
  zero,
} from './decimal.ts';
import { allocateProportionally, currencyExponent, parsePercent, parseQuantity } from './money.ts';
import type {
  CashRounding,
  Discount,
  PricedLine,
  PricingInput,
  PricingLine,
  PricingResult,
  RoundingMode,
  TaxDefinition,
  TaxRounding,
  TaxSummary,
  TenderInput,
  TenderResult,
} from './pricing.types.ts';

/** A validated tax: its definition and its rate as a Decimal percent. */
type Tax = { def: TaxDefinition; rate: Dec };

/** One tax on one line before rounding to integers (global) or already rounded (per_line). */
type LineTax = { tax: Tax; base: Dec; amount: Dec };

const RATE_PATTERN = /^\d+(\.\d{1,6})?$/;

/**
 * Validates the tax table. A rate is a decimal string from 0 to 100 with at most 6 decimals
 * (`invalid_rate`); an inclusive tax cannot be compound (`inclusive_compound_tax`); ids are unique
 * (`duplicate_tax`).
 */
function indexTaxes(taxes: readonly TaxDefinition[]): Map<string, Tax> {
  const byId = new Map<string, Tax>();
  for (const def of taxes) {
    if (byId.has(def.id)) {
      throw new DomainError('duplicate_tax', `tax ${def.id} is defined twice`, { taxId: def.id });
    }
    if (typeof def.rate !== 'string' || !RATE_PATTERN.test(def.rate) || new Dec(def.rate).gt(100)) {
      throw new DomainError('invalid_rate', `tax ${def.id} has an invalid rate`, {
        taxId: def.id,
        rate: String(def.rate),
      });
    }
    if (def.inclusive && def.compound) {
      throw new DomainError('inclusive_compound_tax', `tax ${def.id} is inclusive and compound`, {
        taxId: def.id,
      });
    }
    byId.set(def.id, { def, rate: new Dec(def.rate) });
  }
  return byId;
}

/** The taxes of a line in its listed order. Throws `unknown_tax` or `duplicate_tax`. */
function lineTaxList(line: PricingLine, taxes: Map<string, Tax>): Tax[] {
  const seen = new Set<string>();
  return line.taxIds.map((id) => {
    const tax = taxes.get(id);
    if (tax === undefined) {
      throw new DomainError('unknown_tax', `line ${line.id} refers to unknown tax ${id}`, {
        lineId: line.id,
        taxId: id,
      });
    }
    if (seen.has(id)) {
      throw new DomainError('duplicate_tax', `line ${line.id} lists tax ${id} twice`, {
        lineId: line.id,
        taxId: id,
      });
    }
    seen.add(id);
    return tax;
  });
}

/**
 * The amount of a discount taken from `amount` (minor units): a percent rounded once, or a fixed
 * amount capped at `amount`. Throws `invalid_discount` (bad percent, negative amount, unknown type)
 * or `invalid_amount` (amount not a safe integer).
 */
function discountAmount(discount: Discount | undefined, amount: Dec, mode: RoundingMode): Dec {
  if (discount === undefined) return zero();
  if (discount.type === 'percent') {
    return roundDecimal(amount.times(parsePercent(discount.value)).div(100), mode);
  }
  if (discount.type === 'amount') {
    assertSafeInteger(discount.value, 'discount amount');
    if (discount.value < 0) {
      throw new DomainError('invalid_discount', 'a discount amount cannot be negative', {
        value: discount.value,
      });
    }
    return Dec.min(discount.value, amount);
  }
  throw new DomainError('invalid_discount', 'unknown discount type', { discount });
}

/**
 * Taxes of one line on its `net` (minor units, after discounts).
 * Inclusive taxes are extracted from net: together they are net * R / (100 + R), R the sum of the
 * line's inclusive rates, split in proportion to rate. Exclusive taxes apply to net less the
 * inclusive taxes; a compound one adds the taxes listed before it on the line to its base.
 * With `per_line` rounding each amount is rounded here; with `global` nothing is rounded yet.
 * The bases returned serve the computation; `setBases` sets the reported ones.
 */
function computeLineTaxes(
  net: Dec,
  taxes: readonly Tax[],
  taxRounding: TaxRounding,
  mode: RoundingMode,
): LineTax[] {
  const round = (d: Dec): Dec => (taxRounding === 'per_line' ? roundDecimal(d, mode) : d);
  const inclusive = taxes.filter((t) => t.def.inclusive);
  const divisor = sum(inclusive.map((t) => t.rate)).plus(100);
  const included = new Map(inclusive.map((t) => [t.def.id, round(net.times(t.rate).div(divisor))]));
  const baseWithoutTax = net.minus(sum([...included.values()]));
  let listedBefore = zero();
  return taxes.map((tax) => {
    let base: Dec;
    let amount: Dec;
    if (tax.def.inclusive) {
      base = baseWithoutTax;
      amount = included.get(tax.def.id) ?? zero();
    } else {
      base = tax.def.compound ? baseWithoutTax.plus(listedBefore) : baseWithoutTax;
      amount = round(base.times(tax.rate).div(100));
    }
    listedBefore = listedBefore.plus(amount);
    return { tax, base, amount };
  });
}

/**
 * Sets the reported base of each tax of a line from the line's final integer amounts, so that in
 * both rounding modes a base plus the line's inclusive taxes is its net, and a compound tax's base
 * is that plus the amounts listed before it.
 */
function setBases(net: Dec, taxes: LineTax[]): void {
  const baseWithoutTax = net.minus(sum(taxes.filter((t) => t.tax.def.inclusive).map((t) => t.amount)));
  let listedBefore = zero();
  for (const t of taxes) {
    t.base = t.tax.def.compound ? baseWithoutTax.plus(listedBefore) : baseWithoutTax;
    listedBefore = listedBefore.plus(t.amount);
  }
}

/**
 * Indices of `lines` in an order that depends only on the lines' content, never on their position,
 * so that ties in largest remainder allocation go the same way however the cart is ordered.
 */
function canonicalOrder(lines: readonly PricingLine[]): number[] {
  const keys = lines.map((l) =>
    JSON.stringify([
      l.id,
      l.unitPrice,
      l.quantity,
      l.taxIds,
      l.discount ?? null,
      l.priceOverride ?? null,
      l.taxExempt ?? false,
    ]),
  );
  return keys
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a] ?? '';
      const kb = keys[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
}

/** Applies `f` to `values` taken in `order` and puts the results back at the original positions. */
function inOrder<T, R>(values: readonly T[], order: readonly number[], f: (ordered: T[]) => R[]): R[] {
  const results = f(order.map((i) => values[i] as T));
  const out = new Array<R>(values.length);
  order.forEach((position, k) => {
    out[position] = results[k] as R;
  });
  return out;
}

/** Rounds `value` (minor units, >= 0) to a multiple of `rounding.increment`. */
function roundToIncrement(value: Dec, rounding: CashRounding): Dec {
  const modes = { half_up: Dec.ROUND_HALF_UP, up: Dec.ROUND_UP, down: Dec.ROUND_DOWN } as const;
  const rm = modes[rounding.mode];
  if (rm === undefined) throw new TypeError(`unknown cash rounding mode ${String(rounding.mode)}`);
  return value.div(rounding.increment).toDecimalPlaces(0, rm).times(rounding.increment);
}

type Settlement = { cashRounding: Dec; amountDue: Dec; tendered: Dec; change: Dec; tenders: TenderResult[] };

/**
 * Settles tenders against `total` (minor units). Card and store credit tenders are applied first, in
 * their order, and may not exceed what remains due (`card_over_total`, `store_credit_over_total`:
 * no change is given from them). The rest is paid in cash: with cash
 * rounding, only that remainder is rounded to the increment (Swedish rounding), and the change is
 * cash tendered minus the rounded remainder. Tenders that do not cover the amount due raise
 * `tenders_short` with details `{ due, tendered }`. No tenders at all is a quote: nothing is settled.
 */
function settle(
  total: Dec,
  tenders: readonly TenderInput[] | undefined,
  cashRounding: CashRounding | undefined,
): Settlement {
  if (cashRounding !== undefined) assertSafeInteger(cashRounding.increment, 'cash rounding increment', true);
  if (cashRounding !== undefined && cashRounding.increment === 0) {
    throw new DomainError('invalid_amount', 'cash rounding increment must be positive', { increment: 0 });
  }
  const list = tenders ?? [];
  if (list.length === 0) {
    return { cashRounding: zero(), amountDue: total, tendered: zero(), change: zero(), tenders: [] };
  }
  for (const t of list) {
    if (t.method !== 'cash' && t.method !== 'card' && t.method !== 'store_credit') {
      throw new TypeError(`unknown tender method ${String(t.method)}`);
    }
    assertSafeInteger(t.amount, `${t.method} tender`, true);
  }
  const tendered = sum(list.map((t) => new Dec(t.amount)));
  let remaining = total;
  for (const t of list) {
    if (t.method === 'cash') continue;
    if (remaining.lt(t.amount)) {
      const code = t.method === 'card' ? 'card_over_total' : 'store_credit_over_total';
      throw new DomainError(code, `a ${t.method} tender exceeds the amount still due`, {
        due: toSafeInteger(remaining),
        tendered: t.amount,
      });
    }
    remaining = remaining.minus(t.amount);
  }
  const hasCash = list.some((t) => t.method === 'cash');
  const cashDue =
    hasCash && cashRounding !== undefined ? roundToIncrement(remaining, cashRounding) : remaining;
  const adjustment = cashDue.minus(remaining);
  const amountDue = total.plus(adjustment);
  const cashTendered = sum(list.filter((t) => t.method === 'cash').map((t) => new Dec(t.amount)));
  if (cashTendered.lt(cashDue)) {
    throw new DomainError('tenders_short', 'the tenders do not cover the amount due', {
      due: toSafeInteger(amountDue),
      tendered: toSafeInteger(tendered),
    });
  }
  let cashLeft = cashDue;
  const results = list.map((t): TenderResult => {
    if (t.method !== 'cash') return { method: t.method, tendered: t.amount, applied: t.amount };
    const applied = Dec.min(t.amount, cashLeft);
    cashLeft = cashLeft.minus(applied);
    return { method: t.method, tendered: t.amount, applied: toSafeInteger(applied) };
  });
  return {
    cashRounding: adjustment,
    amountDue,
    tendered,
    change: cashTendered.minus(cashDue),
    tenders: results,
  };
}

/**
 * Prices a sale. Steps, each rounded once with `input.roundingMode`:
 * 1. line gross = unitPrice x quantity (the shelf price); a line with `priceOverride` gets the signed
 *    adjustment `override` = priceOverride x quantity - gross, so the line is sold at the override;
 * 2. line discount: a percent of (or a fixed amount capped at) gross + override;
 * 3. order discount: a percent of (or a fixed amount capped at) the sum of the lines after their
 *    discounts, allocated over them in proportion by largest remainder (discounts come before tax);
 * 4. taxes per line (see `TaxDefinition`): `per_line` rounds each tax of each line; `global` rounds
 *    each tax once on the sum of unrounded line amounts and hands the lines largest remainder shares.
 *    A tax-exempt line (or sale) carries no tax: its exclusive taxes are not added, and the tax its
 *    inclusive price contains (net x R / (100 + R), R the sum of its inclusive rates, rounded per
 *    line) is taken off as its `exemption`;
 * 5. tenders settled, with optional cash rounding of the part paid in cash.
 * Ties in allocation are broken by line content, so the result does not depend on line order.
 * Errors (DomainError): `unknown_currency`, `invalid_amount` (not a safe integer of minor units, as
 * input or as a result), `invalid_quantity`, `invalid_discount`, `invalid_rate`, `unknown_tax`,
 * `duplicate_tax`, `inclusive_compound_tax`, `card_over_total`, `store_credit_over_total`,
 * `tenders_short`.
 */
export function priceSale(input: PricingInput): PricingResult {
  currencyExponent(input.currency);
  const { roundingMode: mode, taxRounding } = input;
  if (mode !== 'half_up' && mode !== 'half_even') {
    throw new TypeError(`unknown rounding mode ${String(mode)}`);
  }
  if (taxRounding !== 'per_line' && taxRounding !== 'global') {
    throw new TypeError(`unknown tax rounding ${String(taxRounding)}`);
  }
  const taxes = indexTaxes(input.taxes);

  const prepared = input.lines.map((line) => {
    assertSafeInteger(line.unitPrice, `unit price of line ${line.id}`, true);
    const quantity = parseQuantity(line.quantity);
    const gross = roundDecimal(new Dec(line.unitPrice).times(quantity), mode);
    toSafeInteger(gross, `gross of line ${line.id}`);
    let override = zero();
    if (line.priceOverride !== undefined) {
      assertSafeInteger(line.priceOverride, `price override of line ${line.id}`, true);
      const overridden = roundDecimal(new Dec(line.priceOverride).times(quantity), mode);
      override = new Dec(toSafeInteger(overridden, `overridden gross of line ${line.id}`)).minus(gross);
    }
    const lineDiscount = discountAmount(line.discount, gross.plus(override), mode);
    const exempt = input.taxExempt === true || line.taxExempt === true;
    return { line, taxes: lineTaxList(line, taxes), gross, override, lineDiscount, exempt };
  });
  const order = canonicalOrder(input.lines);

  const afterLineDiscounts = prepared.map((p) => p.gross.plus(p.override).minus(p.lineDiscount));
  const orderDiscount = discountAmount(input.orderDiscount, sum(afterLineDiscounts), mode);
  const orderShares = inOrder(afterLineDiscounts, order, (weights) =>
    allocateProportionally(
      toSafeInteger(orderDiscount),
      weights.map((w) => toSafeInteger(w)),
    ),
  );

  const computed = prepared.map((p, i) => {
    const discount = p.lineDiscount.plus(orderShares[i] ?? 0);
    const priced = p.gross.plus(p.override).minus(discount);
    if (!p.exempt) {
      const lineTaxes = computeLineTaxes(priced, p.taxes, taxRounding, mode);
      return { ...p, discount, exemption: zero(), net: priced, taxes: lineTaxes };
    }
    const included = sum(p.taxes.filter((t) => t.def.inclusive).map((t) => t.rate));
    const exemption = roundDecimal(priced.times(included).div(included.plus(100)), mode).neg();
    return { ...p, discount, exemption, net: priced.plus(exemption), taxes: [] as LineTax[] };
  });

  const used = input.taxes.filter((def) =>
    computed.some((c) => c.taxes.some((t) => t.tax.def.id === def.id)),
  );
  if (taxRounding === 'global') {
    // Round each tax once on its total, then give each line its largest remainder share.
    for (const def of used) {
      // Entries in canonical line order, so remainder ties do not depend on the cart's order.
      const entries = order.flatMap((i) => computed[i]?.taxes.filter((t) => t.tax.def.id === def.id) ?? []);
      const amounts = entries.map((t) => t.amount);
      const shares = roundPreservingTotal(roundDecimal(sum(amounts), mode), amounts);
      entries.forEach((t, k) => {
        t.amount = shares[k] ?? zero();
      });
    }
  }
  computed.forEach((c) => setBases(c.net, c.taxes));
  const summaries: TaxSummary[] = used.map((def) => {
    const entries = computed.flatMap((c) => c.taxes.filter((t) => t.tax.def.id === def.id));
    return {
      id: def.id,
      base: toSafeInteger(sum(entries.map((t) => t.base))),
      amount: toSafeInteger(sum(entries.map((t) => t.amount))),
    };
  });

  const lines: PricedLine[] = computed.map((c) => {
    const tax = sum(c.taxes.map((t) => t.amount));
    const exclusive = sum(c.taxes.filter((t) => !t.tax.def.inclusive).map((t) => t.amount));
    return {
      id: c.line.id,
      gross: toSafeInteger(c.gross),
      override: toSafeInteger(c.override),
      discount: toSafeInteger(c.discount),
      exemption: toSafeInteger(c.exemption),
      net: toSafeInteger(c.net),
      tax: toSafeInteger(tax),
      total: toSafeInteger(c.net.plus(exclusive)),
      taxes: c.taxes.map((t) => ({
        id: t.tax.def.id,
        base: toSafeInteger(t.base),
        amount: toSafeInteger(t.amount),
      })),
    };
  });

  // Totals of integer minor units: exact in plain numbers (see sumMinorUnits).
  const total = sumMinorUnits(lines.map((l) => l.total));
  const settlement = settle(new Dec(total), input.tenders, input.cashRounding);
  return {
    currency: input.currency,
    subtotal: sumMinorUnits(lines.map((l) => l.gross)),
    overrideTotal: sumMinorUnits(lines.map((l) => l.override)),
    discountTotal: sumMinorUnits(lines.map((l) => l.discount)),
    exemptionTotal: sumMinorUnits(lines.map((l) => l.exemption)),
    taxTotal: sumMinorUnits(summaries.map((s) => s.amount)),
    total,
    taxes: summaries,
    lines,
    cashRounding: toSafeInteger(settlement.cashRounding),
    amountDue: toSafeInteger(settlement.amountDue),
    tendered: toSafeInteger(settlement.tendered),
    change: toSafeInteger(settlement.change),
    tenders: settlement.tenders,
  };
}
