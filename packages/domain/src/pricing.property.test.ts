import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceSale } from './pricing.ts';
import type { Discount, PricingInput, PricingLine, PricingResult, TaxDefinition } from './pricing.types.ts';

const TAXES: TaxDefinition[] = [
  { id: 'vat21', rate: '21', inclusive: false, compound: false },
  { id: 'state', rate: '6', inclusive: false, compound: false },
  { id: 'city', rate: '8.875', inclusive: false, compound: false },
  { id: 'qst', rate: '9.975', inclusive: false, compound: true },
  { id: 'vat20', rate: '20', inclusive: true, compound: false },
  { id: 'reduced', rate: '5.5', inclusive: true, compound: false },
];
const INCLUSIVE_IDS = TAXES.filter((t) => t.inclusive).map((t) => t.id);

/** A quantity with up to 3 decimals, 0.001 to 100. */
const quantity = fc
  .integer({ min: 1, max: 100_000 })
  .map((n) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`);

/** A percent with up to 4 decimals. */
const percent = fc
  .integer({ min: 0, max: 1_000_000 })
  .map((n) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`);

const discount: fc.Arbitrary<Discount> = fc.oneof(
  percent.map((value) => ({ type: 'percent', value }) as const),
  fc.integer({ min: 0, max: 200_000 }).map((value) => ({ type: 'amount', value }) as const),
);

function linesOf(taxIds: string[]): fc.Arbitrary<PricingLine[]> {
  const lineArb = fc.record(
    {
      unitPrice: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 })),
      quantity,
      taxIds: fc.shuffledSubarray(taxIds),
      discount,
      priceOverride: fc.integer({ min: 0, max: 200_000 }),
      taxExempt: fc.boolean(),
    },
    { requiredKeys: ['unitPrice', 'quantity', 'taxIds'] },
  );
  // Small prices and repeated lines make ties in allocation likely.
  const repeated = fc
    .array(lineArb, { minLength: 1, maxLength: 4 })
    .chain((distinct) => fc.array(fc.constantFrom(...distinct), { minLength: 0, maxLength: 8 }));
  return repeated.map((lines) => lines.map((l, i) => ({ ...l, id: `line-${i}` })));
}

const saleArb: fc.Arbitrary<PricingInput> = fc.record(
  {
    currency: fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
    taxRounding: fc.constantFrom('per_line', 'global'),
    roundingMode: fc.constantFrom('half_up', 'half_even'),
    taxes: fc.constant(TAXES),
    lines: linesOf(TAXES.map((t) => t.id)),
    orderDiscount: discount,
    taxExempt: fc.boolean(),
  },
  { requiredKeys: ['currency', 'taxRounding', 'roundingMode', 'taxes', 'lines'] },
);

const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** The parts of a result that must not depend on the order of the lines. */
function orderFree(r: PricingResult): unknown {
  return { ...r, lines: [...r.lines].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

describe('priceSale properties', () => {
  it('totals are the sums of the lines; lines are consistent', () => {
    fc.assert(
      fc.property(saleArb, (input) => {
        const r = priceSale(input);
        expect(r.total).toBe(total(r.lines.map((l) => l.total)));
        expect(r.subtotal).toBe(total(r.lines.map((l) => l.gross)));
        expect(r.discountTotal).toBe(total(r.lines.map((l) => l.discount)));
        expect(r.overrideTotal).toBe(total(r.lines.map((l) => l.override)));
        expect(r.exemptionTotal).toBe(total(r.lines.map((l) => l.exemption)));
        expect(
          r.subtotal +
            r.overrideTotal -
            r.discountTotal +
            r.exemptionTotal +
            total(r.lines.map((l) => l.total - l.net)),
        ).toBe(r.total);
        for (const [i, l] of r.lines.entries()) {
          const line = input.lines[i]!;
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.net).toBe(l.gross + l.override - l.discount + l.exemption);
          if (line.priceOverride === undefined) expect(l.override).toBe(0);
          else
            expect(l.gross + l.override).toBe(
              priceSale({
                ...input,
                lines: [{ ...line, unitPrice: line.priceOverride, priceOverride: undefined }],
                orderDiscount: undefined,
              }).lines[0]!.gross,
            );
          expect(l.exemption).toBeLessThanOrEqual(0);
          if (input.taxExempt || line.taxExempt) {
            expect(l.tax).toBe(0);
            expect(l.taxes).toEqual([]);
          } else expect(l.exemption).toBe(0);
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.tax).toBe(total(l.taxes.map((t) => t.amount)));
          const exclusive = l.taxes.filter((t) => !INCLUSIVE_IDS.includes(t.id));
          expect(l.total).toBe(l.net + total(exclusive.map((t) => t.amount)));
        }
      }),
    );
  });

  it('tax summaries add up to the tax total and to the lines', () => {
    fc.assert(
      fc.property(saleArb, (input) => {
        const r = priceSale(input);
        expect(r.taxTotal).toBe(total(r.taxes.map((t) => t.amount)));
        expect(r.taxTotal).toBe(total(r.lines.map((l) => l.tax)));
        for (const s of r.taxes) {
          const perLine = r.lines.flatMap((l) => l.taxes.filter((t) => t.id === s.id));
          expect(s.amount).toBe(total(perLine.map((t) => t.amount)));
          expect(s.base).toBe(total(perLine.map((t) => t.base)));
        }
        const order = TAXES.map((t) => t.id);
        expect(r.taxes.map((t) => order.indexOf(t.id))).toEqual(
          r.taxes.map((t) => order.indexOf(t.id)).sort((a, b) => a - b),
        );
      }),
    );
  });

  it('an order discount is allocated exactly over the lines', () => {
    fc.assert(
      fc.property(saleArb, fc.integer({ min: 0, max: 10_000_000 }), (input, amount) => {
        const withoutLineDiscounts = { ...input, lines: input.lines.map(({ discount: _, ...l }) => l) };
        const r = priceSale({ ...withoutLineDiscounts, orderDiscount: { type: 'amount', value: amount } });
        expect(r.discountTotal).toBe(Math.min(amount, r.subtotal + r.overrideTotal));
        for (const l of r.lines) expect(l.discount).toBeLessThanOrEqual(l.gross + l.override);
      }),
    );
  });

  it('global and per_line tax rounding differ by less than one unit per line and tax', () => {
    fc.assert(
      fc.property(saleArb, (input) => {
        const perLine = priceSale({ ...input, taxRounding: 'per_line' });
        const global = priceSale({ ...input, taxRounding: 'global' });
        expect(global.subtotal).toBe(perLine.subtotal);
        expect(global.discountTotal).toBe(perLine.discountTotal);
        const pairs = total(perLine.lines.map((l) => l.taxes.length));
        expect(Math.abs(global.taxTotal - perLine.taxTotal)).toBeLessThanOrEqual(pairs);
      }),
    );
  });

  it('with only inclusive taxes, each line totals the shelf (or overridden) price less discount', () => {
    const inclusiveSale = saleArb.chain((input) =>
      linesOf(INCLUSIVE_IDS).map((lines) => ({
        ...input,
        taxExempt: false,
        lines: lines.map((l) => ({ ...l, taxExempt: false })),
      })),
    );
    fc.assert(
      fc.property(inclusiveSale, (input) => {
        const r = priceSale(input);
        for (const l of r.lines) expect(l.total).toBe(l.gross + l.override - l.discount);
        expect(r.total).toBe(r.subtotal + r.overrideTotal - r.discountTotal);
        for (const l of r.lines) {
          // The base plus the inclusive taxes is the net.
          for (const t of l.taxes) expect(t.base + l.tax).toBe(l.net);
        }
      }),
    );
  });

  it('a tax-exempt sale charges no tax and gives up exactly the tax its inclusive prices contain', () => {
    fc.assert(
      fc.property(saleArb, (input) => {
        const taxed = priceSale({
          ...input,
          taxExempt: false,
          lines: input.lines.map((l) => ({ ...l, taxExempt: false })),
        });
        const exempt = priceSale({ ...input, taxExempt: true });
        expect(exempt.taxTotal).toBe(0);
        expect(exempt.taxes).toEqual([]);
        expect(exempt.discountTotal).toBe(taxed.discountTotal);
        for (const [i, l] of exempt.lines.entries()) {
          const t = taxed.lines[i]!;
          const inclusiveTax = total(
            t.taxes.filter((x) => INCLUSIVE_IDS.includes(x.id)).map((x) => x.amount),
          );
          // One rounding of the combined inclusive rate versus one per tax: at most a unit per tax apart.
          expect(Math.abs(-l.exemption - inclusiveTax)).toBeLessThanOrEqual(t.taxes.length);
          expect(l.total).toBe(t.net + l.exemption);
          expect(l.total).toBeLessThanOrEqual(t.total);
        }
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    const permuted = saleArb.chain((input) =>
      fc
        .shuffledSubarray(input.lines, { minLength: input.lines.length, maxLength: input.lines.length })
        .map((lines) => [input, { ...input, lines }] as const),
    );
    fc.assert(
      fc.property(permuted, ([a, b]) => {
        expect(orderFree(priceSale(b))).toEqual(orderFree(priceSale(a)));
      }),
    );
  });

  it('tenders that cover the amount due settle with non-negative change', () => {
    const settled = fc.tuple(
      saleArb,
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 0, max: 100_000 }),
      fc.option(
        fc.record({
          increment: fc.constantFrom(1, 5, 10, 25, 50, 100),
          mode: fc.constantFrom('half_up', 'up', 'down'),
        }),
        { nil: undefined },
      ),
    );
    fc.assert(
      fc.property(settled, ([input, cardPercent, extraCash, cashRounding]) => {
        const quote = priceSale(input);
        const card = Math.floor((quote.total * cardPercent) / 100);
        const cash = quote.total - card + (cashRounding?.increment ?? 0) + extraCash;
        const tenders = [
          { method: 'card', amount: card },
          { method: 'cash', amount: cash },
        ] as const;
        const r = priceSale({ ...input, cashRounding, tenders: [...tenders] });
        expect(r.total).toBe(quote.total);
        expect(r.change).toBeGreaterThanOrEqual(0);
        expect(r.tendered).toBe(card + cash);
        expect(r.tendered - r.change).toBe(r.amountDue);
        expect(r.amountDue).toBe(r.total + r.cashRounding);
        expect(total(r.tenders.map((t) => t.applied))).toBe(r.amountDue);
        if (cashRounding !== undefined) {
          expect(Math.abs(r.cashRounding)).toBeLessThan(cashRounding.increment);
          expect((r.amountDue - card) % cashRounding.increment).toBe(0);
        } else {
          expect(r.cashRounding).toBe(0);
        }
      }),
    );
  });
});
