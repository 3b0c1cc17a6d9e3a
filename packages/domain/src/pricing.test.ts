import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorCode } from './errors.ts';
import { priceSale } from './pricing.ts';
import type { PricingInput, PricingLine, TaxDefinition } from './pricing.types.ts';

function sale(overrides: Partial<PricingInput>): PricingInput {
  return {
    currency: 'EUR',
    taxRounding: 'per_line',
    roundingMode: 'half_up',
    taxes: [],
    lines: [],
    ...overrides,
  };
}

function line(id: string, unitPrice: number, quantity = '1', taxIds: string[] = [], extra = {}): PricingLine {
  return { id, unitPrice, quantity, taxIds, ...extra };
}

function tax(id: string, rate: string, inclusive = false, compound = false): TaxDefinition {
  return { id, rate, inclusive, compound };
}

function expectCode(input: PricingInput, code: DomainErrorCode, details?: Record<string, unknown>): void {
  const run = (): unknown => priceSale(input);
  expect(run).toThrowError(DomainError);
  expect(run).toThrowError(expect.objectContaining(details ? { code, details } : { code }));
}

describe('priceSale: tax rounding', () => {
  // Four lines at 21% VAT where rounding per line and rounding globally differ by one cent.
  const vat = tax('vat', '21');
  const lines = [line('a', 148, '4', ['vat']), line('b', 152, '1', ['vat'])];
  lines.push(line('c', 154, '1', ['vat']), line('d', 39, '1', ['vat']));

  it('per_line rounds each line tax: 196 tax, 1133 total', () => {
    const r = priceSale(sale({ taxes: [vat], lines }));
    expect(r.subtotal).toBe(937);
    expect(r.taxTotal).toBe(196);
    expect(r.total).toBe(1133);
    expect(r.lines.map((l) => l.tax)).toEqual([124, 32, 32, 8]);
    expect(r.taxes).toEqual([{ id: 'vat', base: 937, amount: 196 }]);
  });

  it('global rounds once on the sum: 197 tax, 1134 total, line shares add up', () => {
    const r = priceSale(sale({ taxRounding: 'global', taxes: [vat], lines }));
    expect(r.taxTotal).toBe(197);
    expect(r.total).toBe(1134);
    // 124.32, 31.92, 32.34, 8.19: the two cents left over go to the largest remainders.
    expect(r.lines.map((l) => l.tax)).toEqual([124, 32, 33, 8]);
    expect(r.lines.map((l) => l.total)).toEqual([716, 184, 187, 47]);
    expect(r.taxes).toEqual([{ id: 'vat', base: 937, amount: 197 }]);
  });
});

describe('priceSale: inclusive taxes', () => {
  it('8.01 including 20% VAT totals 8.01 with 1.34 tax in both rounding modes', () => {
    // 801 * 20 / 120 = 133.5 -> 134 (half_up, and half_even since 134 is even); base 801 - 134 = 667.
    for (const roundingMode of ['half_up', 'half_even'] as const) {
      for (const taxRounding of ['per_line', 'global'] as const) {
        const r = priceSale(
          sale({
            roundingMode,
            taxRounding,
            taxes: [tax('vat', '20', true)],
            lines: [line('x', 801, '1', ['vat'])],
          }),
        );
        expect(r.total).toBe(801);
        expect(r.taxTotal).toBe(134);
        expect(r.lines[0]).toMatchObject({ gross: 801, net: 801, tax: 134, total: 801 });
        expect(r.taxes).toEqual([{ id: 'vat', base: 667, amount: 134 }]);
      }
    }
  });

  it('splits several inclusive taxes in proportion to their rates', () => {
    const r = priceSale(
      sale({ taxes: [tax('a', '10', true), tax('b', '5', true)], lines: [line('x', 1150, '1', ['a', 'b'])] }),
    );
    expect(r.total).toBe(1150);
    expect(r.lines[0]?.taxes).toEqual([
      { id: 'a', base: 1000, amount: 100 },
      { id: 'b', base: 1000, amount: 50 },
    ]);
  });

  it('mixes inclusive and exclusive taxes: exclusive ones apply to the price without inclusive tax', () => {
    const r = priceSale(
      sale({
        taxes: [tax('vat', '20', true), tax('levy', '5')],
        lines: [line('x', 1200, '1', ['vat', 'levy'])],
      }),
    );
    expect(r.lines[0]?.taxes).toEqual([
      { id: 'vat', base: 1000, amount: 200 },
      { id: 'levy', base: 1000, amount: 50 },
    ]);
    expect(r.total).toBe(1250);
    expect(r.taxTotal).toBe(250);
  });

  it('JPY (exponent 0): 1,980 yen x 3 including 10% consumption tax', () => {
    const r = priceSale(
      sale({ currency: 'JPY', taxes: [tax('ct', '10', true)], lines: [line('x', 1980, '3', ['ct'])] }),
    );
    expect(r).toMatchObject({ currency: 'JPY', subtotal: 5940, taxTotal: 540, total: 5940 });
  });
});

describe('priceSale: exclusive and compound taxes', () => {
  it('Iowa: 6% state and 1% local sales tax on 22.49 x 2 and 1.99 x 3 (USD)', () => {
    const taxes = [tax('ia-state', '6'), tax('ia-local', '1')];
    const lines = [
      line('a', 2249, '2', ['ia-state', 'ia-local']),
      line('b', 199, '3', ['ia-state', 'ia-local']),
    ];
    const r = priceSale(sale({ currency: 'USD', taxes, lines }));
    // 4498 * 6% = 269.88 -> 270, * 1% = 44.98 -> 45; 597 * 6% = 35.82 -> 36, * 1% = 5.97 -> 6.
    expect(r.lines.map((l) => l.taxes.map((t) => t.amount))).toEqual([
      [270, 45],
      [36, 6],
    ]);
    expect(r.taxes).toEqual([
      { id: 'ia-state', base: 5095, amount: 306 },
      { id: 'ia-local', base: 5095, amount: 51 },
    ]);
    expect(r).toMatchObject({ subtotal: 5095, taxTotal: 357, total: 5452 });
  });

  it('compound tax: base includes the taxes listed before it on the line (Quebec QST before 2013)', () => {
    const taxes = [tax('gst', '5'), tax('qst', '9.5', false, true)];
    const r = priceSale(sale({ currency: 'CAD', taxes, lines: [line('x', 1000, '1', ['gst', 'qst'])] }));
    // GST 50; QST on 1050 = 99.75 -> 100.
    expect(r.lines[0]?.taxes).toEqual([
      { id: 'gst', base: 1000, amount: 50 },
      { id: 'qst', base: 1050, amount: 100 },
    ]);
    expect(r.total).toBe(1150);
  });

  it('KWD (exponent 3): 5% on 1.250 KWD is 62.5 fils, 63 half_up and 62 half_even', () => {
    const input = sale({ currency: 'KWD', taxes: [tax('t', '5')], lines: [line('x', 1250, '1', ['t'])] });
    expect(priceSale(input)).toMatchObject({ taxTotal: 63, total: 1313 });
    expect(priceSale({ ...input, roundingMode: 'half_even' })).toMatchObject({ taxTotal: 62, total: 1312 });
  });

  it('orders the tax summary like input.taxes and leaves out unused taxes', () => {
    const taxes = [tax('z', '1'), tax('unused', '3'), tax('a', '2')];
    const r = priceSale(sale({ taxes, lines: [line('x', 1000, '1', ['a', 'z'])] }));
    expect(r.taxes.map((t) => t.id)).toEqual(['z', 'a']);
    expect(r.lines[0]?.taxes.map((t) => t.id)).toEqual(['a', 'z']);
  });

  it('handles totals far above 2^31 minor units exactly', () => {
    const r = priceSale(sale({ taxes: [tax('vat', '21')], lines: [line('x', 3_000_000_000, '5', ['vat'])] }));
    expect(r).toMatchObject({ subtotal: 15_000_000_000, taxTotal: 3_150_000_000, total: 18_150_000_000 });
    const global = priceSale(
      sale({
        taxRounding: 'global',
        taxes: [tax('vat', '21')],
        lines: [line('x', 3_000_000_000, '5', ['vat'])],
      }),
    );
    expect(global.total).toBe(18_150_000_000);
  });
});

describe('priceSale: quantities and gross', () => {
  it('rounds unit price x quantity once', () => {
    // 1999 * 0.375 = 749.625 -> 750
    expect(priceSale(sale({ lines: [line('x', 1999, '0.375')] })).lines[0]?.gross).toBe(750);
    const half = sale({ lines: [line('x', 25, '0.5')] }); // 12.5
    expect(priceSale(half).total).toBe(13);
    expect(priceSale({ ...half, roundingMode: 'half_even' }).total).toBe(12);
  });

  it('prices an empty cart as zero', () => {
    expect(priceSale(sale({}))).toMatchObject({ subtotal: 0, total: 0, taxes: [], lines: [], amountDue: 0 });
  });
});

describe('priceSale: discounts', () => {
  it('takes a line percent discount off gross, rounded', () => {
    const r = priceSale(
      sale({ lines: [line('x', 1999, '1', [], { discount: { type: 'percent', value: '10' } })] }),
    );
    expect(r.lines[0]).toMatchObject({ gross: 1999, discount: 200, net: 1799, total: 1799 });
    expect(r.discountTotal).toBe(200);
  });

  it('caps a fixed line discount at gross', () => {
    const r = priceSale(
      sale({ lines: [line('x', 1000, '1', [], { discount: { type: 'amount', value: 5000 } })] }),
    );
    expect(r.lines[0]).toMatchObject({ gross: 1000, discount: 1000, net: 0, total: 0 });
  });

  it('allocates an order discount by largest remainder, before tax', () => {
    const lines = [line('a', 100), line('b', 100), line('c', 100, '1', ['vat'])];
    const r = priceSale(
      sale({ taxes: [tax('vat', '10')], lines, orderDiscount: { type: 'amount', value: 100 } }),
    );
    expect(r.lines.map((l) => l.discount)).toEqual([34, 33, 33]);
    expect(r.lines[2]).toMatchObject({ net: 67, tax: 7, total: 74 });
    expect(r).toMatchObject({ subtotal: 300, discountTotal: 100, total: 207 });
  });

  it('applies the order discount to lines after their own discounts', () => {
    const lines = [line('a', 1000, '1', [], { discount: { type: 'percent', value: '50' } }), line('b', 500)];
    const r = priceSale(sale({ lines, orderDiscount: { type: 'percent', value: '10' } }));
    // After line discounts 500 + 500; 10% = 100, 50 each.
    expect(r.lines.map((l) => l.discount)).toEqual([550, 50]);
    expect(r).toMatchObject({ subtotal: 1500, discountTotal: 600, total: 900 });
  });

  it('caps an order discount at what is left', () => {
    const r = priceSale(sale({ lines: [line('a', 300)], orderDiscount: { type: 'amount', value: 1000 } }));
    expect(r).toMatchObject({ discountTotal: 300, total: 0 });
  });

  it('breaks allocation ties by line content, not by cart order', () => {
    const taxes = [tax('low', '5'), tax('high', '25')];
    const lines = [line('a', 100, '1', ['low']), line('b', 100, '1', ['high'])];
    const orderDiscount = { type: 'amount', value: 1 } as const;
    const forward = priceSale(sale({ taxes, lines, orderDiscount }));
    const backward = priceSale(sale({ taxes, lines: [...lines].reverse(), orderDiscount }));
    expect(backward.total).toBe(forward.total);
    expect(backward.taxes).toEqual(forward.taxes);
    expect([...backward.lines].reverse()).toEqual(forward.lines);
  });
});

describe('priceSale: tenders and cash rounding', () => {
  const nickel = { increment: 5, mode: 'half_up' } as const;

  it('rounds cash payments to 0.05: totals 10.99, 10.97, 10.94, 10.92 paid with 11.00', () => {
    const cases = [
      { total: 1099, rounding: 1, due: 1100, change: 0 },
      { total: 1097, rounding: -2, due: 1095, change: 5 },
      { total: 1094, rounding: 1, due: 1095, change: 5 },
      { total: 1092, rounding: -2, due: 1090, change: 10 },
    ];
    for (const c of cases) {
      const r = priceSale(
        sale({
          lines: [line('x', c.total)],
          cashRounding: nickel,
          tenders: [{ method: 'cash', amount: 1100 }],
        }),
      );
      expect(r).toMatchObject({
        total: c.total,
        cashRounding: c.rounding,
        amountDue: c.due,
        change: c.change,
      });
      expect(r.tenders).toEqual([{ method: 'cash', tendered: 1100, applied: c.due }]);
    }
  });

  it('supports up and down cash rounding', () => {
    const base = sale({ lines: [line('x', 1091)], tenders: [{ method: 'cash', amount: 2000 }] });
    expect(priceSale({ ...base, cashRounding: { increment: 5, mode: 'up' } }).amountDue).toBe(1095);
    expect(priceSale({ ...base, cashRounding: { increment: 5, mode: 'down' } }).amountDue).toBe(1090);
    expect(priceSale({ ...base, cashRounding: { increment: 10, mode: 'half_up' } }).amountDue).toBe(1090);
  });

  it('does not round card payments', () => {
    const r = priceSale(
      sale({ lines: [line('x', 1099)], cashRounding: nickel, tenders: [{ method: 'card', amount: 1099 }] }),
    );
    expect(r).toMatchObject({ cashRounding: 0, amountDue: 1099, tendered: 1099, change: 0 });
  });

  it('with split tenders, applies card first and rounds only the cash remainder', () => {
    const r = priceSale(
      sale({
        lines: [line('x', 1099)],
        cashRounding: nickel,
        tenders: [
          { method: 'cash', amount: 500 },
          { method: 'card', amount: 602 },
        ],
      }),
    );
    // Cash part 497 rounds to 495.
    expect(r).toMatchObject({ cashRounding: -2, amountDue: 1097, tendered: 1102, change: 5 });
    expect(r.tenders).toEqual([
      { method: 'cash', tendered: 500, applied: 495 },
      { method: 'card', tendered: 602, applied: 602 },
    ]);
  });

  it('gives change from cash without cash rounding', () => {
    const r = priceSale(
      sale({
        lines: [line('x', 1234)],
        tenders: [
          { method: 'cash', amount: 1000 },
          { method: 'cash', amount: 1000 },
        ],
      }),
    );
    expect(r).toMatchObject({ cashRounding: 0, amountDue: 1234, tendered: 2000, change: 766 });
    expect(r.tenders.map((t) => t.applied)).toEqual([1000, 234]);
  });

  it('treats a sale without tenders as a quote', () => {
    const r = priceSale(sale({ lines: [line('x', 1099)], cashRounding: nickel }));
    expect(r).toMatchObject({ cashRounding: 0, amountDue: 1099, tendered: 0, change: 0, tenders: [] });
    expect(priceSale(sale({ lines: [line('x', 1099)], tenders: [] })).tendered).toBe(0);
  });
});

describe('priceSale: errors', () => {
  const vat = tax('vat', '21');

  it('unknown_currency', () => {
    expectCode(sale({ currency: 'XYZ' }), 'unknown_currency');
  });

  it('invalid_quantity', () => {
    for (const quantity of ['0', '-1', 'abc', '1.2345', '']) {
      expectCode(sale({ lines: [line('x', 100, quantity)] }), 'invalid_quantity');
    }
  });

  it('invalid_amount: unit prices, discounts, tenders, increments that are not safe integers', () => {
    for (const unitPrice of [1.5, -1, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expectCode(sale({ lines: [line('x', unitPrice)] }), 'invalid_amount');
    }
    expectCode(
      sale({ lines: [line('x', 100, '1', [], { discount: { type: 'amount', value: 0.5 } })] }),
      'invalid_amount',
    );
    expectCode(
      sale({ lines: [line('x', 100)], tenders: [{ method: 'cash', amount: -1 }] }),
      'invalid_amount',
    );
    expectCode(
      sale({ lines: [line('x', 100)], tenders: [{ method: 'card', amount: 1.5 }] }),
      'invalid_amount',
    );
    expectCode(
      sale({ lines: [line('x', 100)], cashRounding: { increment: 0, mode: 'up' } }),
      'invalid_amount',
    );
  });

  it('invalid_amount: results beyond Number.MAX_SAFE_INTEGER', () => {
    expectCode(sale({ lines: [line('x', Number.MAX_SAFE_INTEGER, '2')] }), 'invalid_amount');
    const big = Number.MAX_SAFE_INTEGER - 10;
    expectCode(sale({ lines: [line('a', big), line('b', big)] }), 'invalid_amount');
    expectCode(sale({ taxes: [vat], lines: [line('a', big, '1', ['vat'])] }), 'invalid_amount');
  });

  it('invalid_discount', () => {
    expectCode(
      sale({ lines: [line('x', 100, '1', [], { discount: { type: 'percent', value: '101' } })] }),
      'invalid_discount',
    );
    expectCode(
      sale({ lines: [line('x', 100, '1', [], { discount: { type: 'amount', value: -1 } })] }),
      'invalid_discount',
    );
    expectCode(
      sale({ lines: [line('x', 100)], orderDiscount: { type: 'percent', value: 'ten' } }),
      'invalid_discount',
    );
  });

  it('invalid_rate', () => {
    for (const rate of ['abc', '101', '-1', '', '1e1', '5.1234567', 21]) {
      expectCode(sale({ taxes: [{ ...vat, rate: rate as string }] }), 'invalid_rate');
    }
  });

  it('unknown_tax', () => {
    expectCode(sale({ taxes: [vat], lines: [line('x', 100, '1', ['gst'])] }), 'unknown_tax', {
      lineId: 'x',
      taxId: 'gst',
    });
  });

  it('duplicate_tax', () => {
    expectCode(sale({ taxes: [vat, vat] }), 'duplicate_tax');
    expectCode(sale({ taxes: [vat], lines: [line('x', 100, '1', ['vat', 'vat'])] }), 'duplicate_tax');
  });

  it('inclusive_compound_tax', () => {
    expectCode(sale({ taxes: [tax('vat', '20', true, true)] }), 'inclusive_compound_tax');
  });

  it('card_over_total', () => {
    expectCode(
      sale({ lines: [line('x', 1000)], tenders: [{ method: 'card', amount: 1001 }] }),
      'card_over_total',
    );
    expectCode(
      sale({
        lines: [line('x', 1000)],
        tenders: [
          { method: 'card', amount: 600 },
          { method: 'card', amount: 600 },
        ],
      }),
      'card_over_total',
    );
  });

  it('store_credit_over_total: no change is given from store credit', () => {
    expectCode(
      sale({ lines: [line('x', 1000)], tenders: [{ method: 'store_credit', amount: 1001 }] }),
      'store_credit_over_total',
      { due: 1000, tendered: 1001 },
    );
  });

  it('store credit is applied like a card: only the cash remainder is rounded', () => {
    const priced = priceSale(
      sale({
        lines: [line('x', 1093)],
        cashRounding: { increment: 5, mode: 'half_up' },
        tenders: [
          { method: 'store_credit', amount: 500 },
          { method: 'cash', amount: 1000 },
        ],
      }),
    );
    expect(priced.tenders).toEqual([
      { method: 'store_credit', tendered: 500, applied: 500 },
      { method: 'cash', tendered: 1000, applied: 595 },
    ]);
    expect(priced.cashRounding).toBe(2);
    expect(priced.change).toBe(405);
  });

  it('tenders_short, with the amount due and tendered', () => {
    expectCode(
      sale({ lines: [line('x', 1000)], tenders: [{ method: 'card', amount: 999 }] }),
      'tenders_short',
      {
        due: 1000,
        tendered: 999,
      },
    );
    // 10.99 rounds up to 11.00 in cash, so 10.99 cash is short.
    expectCode(
      sale({
        lines: [line('x', 1099)],
        cashRounding: { increment: 5, mode: 'half_up' },
        tenders: [{ method: 'cash', amount: 1099 }],
      }),
      'tenders_short',
      { due: 1100, tendered: 1099 },
    );
  });
});
