import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LoginResponse, QuoteResponse } from '@kassa/contracts';
import { bearer, companyFootprint, createTestApp, login, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let cashier: LoginResponse;

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
});
afterAll(async () => {
  await t?.close();
});

function quote(payload: unknown, token: string | null = cashier.accessToken) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/pricing/quote',
    headers: token ? bearer(token) : {},
    payload: payload as object,
  });
}

const vat21 = { id: 'vat21', rate: '21', inclusive: false, compound: false };

/** The worked case: 21 % VAT on 1.48 x 4, 1.52, 1.54 and 0.39. */
function fourLines(taxRounding: 'per_line' | 'global') {
  return {
    currency: 'EUR',
    taxRounding,
    roundingMode: 'half_up',
    taxes: [vat21],
    lines: [
      { id: 'l1', unitPrice: 148, quantity: '4', taxIds: ['vat21'] },
      { id: 'l2', unitPrice: 152, quantity: '1', taxIds: ['vat21'] },
      { id: 'l3', unitPrice: 154, quantity: '1', taxIds: ['vat21'] },
      { id: 'l4', unitPrice: 39, quantity: '1', taxIds: ['vat21'] },
    ],
  };
}

describe('POST /api/v1/pricing/quote', () => {
  it('rounds tax per line: 1.96 tax, 11.33 total', async () => {
    const res = await quote(fourLines('per_line'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      currency: 'EUR',
      total: 1133,
      taxTotal: 196,
      discountTotal: 0,
      taxes: [{ id: 'vat21', base: 937, amount: 196 }],
      lines: [
        { id: 'l1', net: 592, discount: 0, tax: 124, total: 716 },
        { id: 'l2', net: 152, discount: 0, tax: 32, total: 184 },
        { id: 'l3', net: 154, discount: 0, tax: 32, total: 186 },
        { id: 'l4', net: 39, discount: 0, tax: 8, total: 47 },
      ],
      cashRounding: 0,
      amountDue: 1133,
      tendered: 0,
      change: 0,
    });
  });

  it('rounds tax globally: 1.97 tax, 11.34 total, and the lines add up to it', async () => {
    const res = await quote(fourLines('global'));
    expect(res.statusCode).toBe(200);
    const body = res.json<QuoteResponse>();
    expect(body).toMatchObject({ total: 1134, taxTotal: 197, amountDue: 1134 });
    expect(body.taxes).toEqual([{ id: 'vat21', base: 937, amount: 197 }]);
    expect(body.lines.reduce((sum, l) => sum + l.tax, 0)).toBe(197);
    expect(body.lines.reduce((sum, l) => sum + l.total, 0)).toBe(1134);
  });

  it('rounds cash to 0.05 half-up: 10.99, 10.97, 10.94, 10.92 paid with 11.00', async () => {
    const cases = [
      { total: 1099, cashRounding: 1, amountDue: 1100, change: 0 },
      { total: 1097, cashRounding: -2, amountDue: 1095, change: 5 },
      { total: 1094, cashRounding: 1, amountDue: 1095, change: 5 },
      { total: 1092, cashRounding: -2, amountDue: 1090, change: 10 },
    ];
    for (const c of cases) {
      const res = await quote({
        currency: 'EUR',
        taxRounding: 'per_line',
        roundingMode: 'half_up',
        cashRounding: { increment: 5, mode: 'half_up' },
        lines: [{ id: 'x', unitPrice: c.total, quantity: '1' }],
        tenders: [{ method: 'cash', amount: 1100 }],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ...c, tendered: 1100 });
    }
  });

  it('takes the request shape of the issue and answers exactly its response shape', async () => {
    const res = await quote({
      currency: 'EUR',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      cashRounding: { increment: 5, mode: 'half_up' },
      taxes: [vat21],
      lines: [
        {
          id: 'l1',
          unitPrice: 148,
          quantity: '4',
          taxIds: ['vat21'],
          discount: { type: 'percent', value: '4' },
        },
      ],
      orderDiscount: { type: 'amount', value: 100 },
      tenders: [{ method: 'cash', amount: 2000 }],
    });
    expect(res.statusCode).toBe(200);
    // 592 gross, 4 % = 23.68 -> 24 off, then 1.00 off the order: net 468, 21 % = 98.28 -> 98.
    // 566 due in cash rounds to 565 (half-up to 0.05); change from 20.00 is 14.35.
    expect(res.json()).toEqual({
      currency: 'EUR',
      total: 566,
      taxTotal: 98,
      discountTotal: 124,
      taxes: [{ id: 'vat21', base: 468, amount: 98 }],
      lines: [{ id: 'l1', net: 468, discount: 124, tax: 98, total: 566 }],
      cashRounding: -1,
      amountDue: 565,
      tendered: 2000,
      change: 1435,
    });
  });

  it('keeps an inclusive shelf price: 8.01 including 20 % VAT totals 8.01', async () => {
    const res = await quote({
      currency: 'GBP',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      taxes: [{ id: 'vat', rate: '20', inclusive: true, compound: false }],
      lines: [{ id: 'x', unitPrice: 801, quantity: '1', taxIds: ['vat'] }],
    });
    expect(res.json()).toMatchObject({
      total: 801,
      taxTotal: 134,
      taxes: [{ id: 'vat', base: 667, amount: 134 }],
    });
  });

  it('prices an empty cart, and a card payment without cash rounding', async () => {
    const empty = await quote({
      currency: 'JPY',
      taxRounding: 'global',
      roundingMode: 'half_even',
      lines: [],
    });
    expect(empty.json()).toMatchObject({ currency: 'JPY', total: 0, taxes: [], lines: [] });
    const card = await quote({
      currency: 'CHF',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      cashRounding: { increment: 5, mode: 'half_up' },
      lines: [{ id: 'x', unitPrice: 1697, quantity: '1' }],
      tenders: [{ method: 'card', amount: 1697 }],
    });
    expect(card.json()).toMatchObject({ total: 1697, cashRounding: 0, amountDue: 1697, change: 0 });
  });

  it('is open to any signed-in user, not to anonymous callers, and saves nothing', async () => {
    const before = await companyFootprint(t.db, cashier.company.id);
    const owner = await login(t.app, 'owner@demo.kassa.dev');
    expect((await quote(fourLines('per_line'), owner.accessToken)).statusCode).toBe(200);
    const anonymous = await quote(fourLines('per_line'), null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthorized' });
    // Login wrote a refresh token; take it out of the comparison.
    const after = await companyFootprint(t.db, cashier.company.id);
    expect({ ...after, refresh_tokens: before.refresh_tokens }).toEqual(before);
  });
});

describe('POST /api/v1/pricing/quote: price override and tax exemption (docs/pricing.md)', () => {
  const vat20incl = { id: 'vat20', rate: '20', inclusive: true, compound: false };

  it('a price override is its own adjustment, before the discount; the shelf price stays', async () => {
    // 2 bottles at 12.99 including 20 % VAT, sold at 9.99 each by hand, then 10 % off.
    const res = await quote({
      currency: 'EUR',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      taxes: [vat20incl],
      lines: [
        {
          id: 'wine',
          unitPrice: 1299,
          quantity: '2',
          taxIds: ['vat20'],
          priceOverride: 999,
          discount: { type: 'percent', value: '10' },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    // 25.98 at the shelf; override 19.98 - 25.98 = -6.00; 10 % of 19.98 = 1.998 -> 2.00 off;
    // net 17.98, which contains 17.98 x 20/120 = 2.9967 -> 3.00 VAT.
    expect(res.json<QuoteResponse>()).toMatchObject({
      total: 1798,
      taxTotal: 300,
      discountTotal: 200,
      taxes: [{ id: 'vat20', base: 1498, amount: 300 }],
      lines: [{ id: 'wine', override: -600, discount: 200, net: 1798, tax: 300, total: 1798 }],
    });
  });

  it('a tax-exempt sale charges no tax; inclusive prices give up the tax they contain', async () => {
    const res = await quote({
      currency: 'EUR',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
      taxExempt: true,
      taxes: [vat20incl, vat21],
      lines: [
        { id: 'incl', unitPrice: 1200, quantity: '1', taxIds: ['vat20'] },
        { id: 'excl', unitPrice: 1000, quantity: '1', taxIds: ['vat21'] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    // 12.00 including 20 % contains 2.00 VAT: the exempt customer pays 10.00. 10.00 plus 21 %
    // would be 12.10: exempt, 10.00.
    expect(res.json<QuoteResponse>()).toMatchObject({
      total: 2000,
      taxTotal: 0,
      taxes: [],
      lines: [
        { id: 'incl', exemption: -200, tax: 0, total: 1000 },
        { id: 'excl', exemption: 0, tax: 0, total: 1000 },
      ],
    });
  });
});

describe('POST /api/v1/pricing/quote refuses invalid input with a problem, never a 500', () => {
  const base = () => fourLines('per_line');
  const withLine = (line: Record<string, unknown>) => ({
    ...base(),
    lines: [{ id: 'x', quantity: '1', ...line }],
  });
  const cases: [string, unknown, number, string][] = [
    ['an unknown tax id', withLine({ unitPrice: 100, taxIds: ['gst'] }), 400, 'unknown_tax'],
    ['a negative price', withLine({ unitPrice: -1 }), 400, 'validation_failed'],
    ['a price that is not an integer', withLine({ unitPrice: 1.5 }), 400, 'validation_failed'],
    [
      'more than 3 decimals in a quantity',
      withLine({ unitPrice: 100, quantity: '1.2345' }),
      400,
      'invalid_quantity',
    ],
    ['a zero quantity', withLine({ unitPrice: 100, quantity: '0' }), 400, 'invalid_quantity'],
    [
      'a quantity that is not a number',
      withLine({ unitPrice: 100, quantity: 'two' }),
      400,
      'invalid_quantity',
    ],
    [
      'a quantity given as a JSON number',
      withLine({ unitPrice: 100, quantity: 2 }),
      400,
      'validation_failed',
    ],
    [
      'an inclusive compound tax',
      { ...base(), taxes: [{ id: 'vat21', rate: '21', inclusive: true, compound: true }] },
      400,
      'inclusive_compound_tax',
    ],
    ['an unknown currency', { ...base(), currency: 'XYZ' }, 400, 'unknown_currency'],
    ['a lower-case currency', { ...base(), currency: 'eur' }, 400, 'unknown_currency'],
    ['a tax defined twice', { ...base(), taxes: [vat21, vat21] }, 400, 'duplicate_tax'],
    [
      'a tax listed twice on a line',
      withLine({ unitPrice: 100, taxIds: ['vat21', 'vat21'] }),
      400,
      'duplicate_tax',
    ],
    ['a rate above 100', { ...base(), taxes: [{ ...vat21, rate: '101' }] }, 400, 'invalid_rate'],
    ['a negative rate', { ...base(), taxes: [{ ...vat21, rate: '-5' }] }, 400, 'invalid_rate'],
    ['a rate that is not a decimal', { ...base(), taxes: [{ ...vat21, rate: '2e1' }] }, 400, 'invalid_rate'],
    [
      'a discount above 100 %',
      withLine({ unitPrice: 100, discount: { type: 'percent', value: '150' } }),
      400,
      'invalid_discount',
    ],
    [
      'a negative discount amount',
      { ...base(), orderDiscount: { type: 'amount', value: -1 } },
      400,
      'validation_failed',
    ],
    [
      'an unknown discount type',
      { ...base(), orderDiscount: { type: 'bogo', value: 1 } },
      400,
      'validation_failed',
    ],
    ['an unknown rounding mode', { ...base(), roundingMode: 'bankers' }, 400, 'validation_failed'],
    ['an unknown tax rounding level', { ...base(), taxRounding: 'per_order' }, 400, 'validation_failed'],
    [
      'an unknown cash rounding mode',
      { ...base(), cashRounding: { increment: 5, mode: 'nearest' } },
      400,
      'validation_failed',
    ],
    [
      'a zero cash rounding increment',
      { ...base(), cashRounding: { increment: 0, mode: 'up' } },
      400,
      'validation_failed',
    ],
    [
      'an unknown tender method',
      { ...base(), tenders: [{ method: 'voucher', amount: 100 }] },
      400,
      'validation_failed',
    ],
    ['an unknown field', { ...base(), storeId: 'x' }, 400, 'validation_failed'],
    [
      'no lines',
      { currency: 'EUR', taxRounding: 'global', roundingMode: 'half_up' },
      400,
      'validation_failed',
    ],
    [
      'a total beyond the largest safe integer',
      withLine({ unitPrice: Number.MAX_SAFE_INTEGER, quantity: '2' }),
      400,
      'invalid_amount',
    ],
    [
      'tenders short of the total',
      { ...base(), tenders: [{ method: 'cash', amount: 1000 }] },
      422,
      'tenders_short',
    ],
    [
      'a card tender above the total',
      { ...base(), tenders: [{ method: 'card', amount: 2000 }] },
      422,
      'card_over_total',
    ],
  ];

  it.each(cases)('%s', async (_name, payload, status, code) => {
    const res = await quote(payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code, type: expect.stringContaining('https://') });
  });

  it('malformed JSON is a 400 malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pricing/quote',
      headers: { ...bearer(cashier.accessToken), 'content-type': 'application/json' },
      payload: '{"currency": "EUR", lines: [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json' });
  });

  it('answers arbitrary carts with 200 or a 4xx problem, never a 500', async () => {
    const weird = fc.oneof(
      fc.constantFrom('1', '0', '-1', '1.5', '1.2345', '', 'abc', '1e3', '100', '101', ' 2', '0.001'),
      fc.integer({ min: -1000, max: 10_000 }),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, 0.5, -0, null, true, [], {}),
    );
    const tax = fc.record({
      id: fc.constantFrom('a', 'b', 'c'),
      rate: weird,
      inclusive: fc.boolean(),
      compound: fc.boolean(),
    });
    const line = fc.record({
      id: fc.constantFrom('l1', 'l2', 'l3'),
      unitPrice: weird,
      quantity: weird,
      taxIds: fc.array(fc.constantFrom('a', 'b', 'c', 'z'), { maxLength: 3 }),
      discount: fc.option(fc.record({ type: fc.constantFrom('percent', 'amount'), value: weird }), {
        nil: undefined,
      }),
    });
    const cart = fc.record({
      currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'XYZ'),
      taxRounding: fc.constantFrom('per_line', 'global'),
      roundingMode: fc.constantFrom('half_up', 'half_even'),
      cashRounding: fc.option(
        fc.record({ increment: weird, mode: fc.constantFrom('half_up', 'up', 'down') }),
        {
          nil: undefined,
        },
      ),
      taxes: fc.array(tax, { maxLength: 3 }),
      lines: fc.array(line, { maxLength: 4 }),
      orderDiscount: fc.option(fc.record({ type: fc.constantFrom('percent', 'amount'), value: weird }), {
        nil: undefined,
      }),
      tenders: fc.option(
        fc.array(fc.record({ method: fc.constantFrom('cash', 'card'), amount: weird }), { maxLength: 2 }),
        {
          nil: undefined,
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(cart, async (payload) => {
        const res = await quote(JSON.parse(JSON.stringify(payload)));
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode !== 200) expect(res.json()).toMatchObject({ code: expect.any(String) });
      }),
      { numRuns: 200 },
    );
  });
});
