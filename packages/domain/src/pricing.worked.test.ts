/**
 * Worked cases from public sources: tax authorities, central banks, competition regulators, and
 * the documentation, tests and bug trackers of other open-source ERP and POS systems. Each case
 * names its source; only the numbers and the rule are taken from it. Where a peer's result differs
 * from Kassa's by design, the case shows both and says why (see docs/pricing.md).
 */
import { describe, expect, it } from 'vitest';
import { priceSale } from './pricing.ts';
import type {
  CashRounding,
  PricingInput,
  PricingLine,
  RoundingMode,
  TaxDefinition,
  TaxRounding,
  TenderInput,
} from './pricing.types.ts';

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

function line(id: string, unitPrice: number, quantity = '1', taxIds: string[] = []): PricingLine {
  return { id, unitPrice, quantity, taxIds };
}

function tax(id: string, rate: string, inclusive = false, compound = false): TaxDefinition {
  return { id, rate, inclusive, compound };
}

/** One line of `total` minor units, no tax, settled with the given tenders and cash rounding. */
function settle(currency: string, total: number, cashRounding: CashRounding, tenders: TenderInput[]) {
  return priceSale(sale({ currency, lines: [line('x', total)], cashRounding, tenders }));
}

const NICKEL: CashRounding = { increment: 5, mode: 'half_up' };

describe('per-line versus global tax rounding', () => {
  // Source: Launchpad bug 707923 "[6.0 and 5] invoice tax - rounding issue" (OpenERP), comment 2
  // by Marco Dieckhoff: 10 % on 1.99, 0.38, 5.68, 0.45, 1.05 and 2.87. Rounding each line
  // ("horizontal", as Lexware and OpenERP did) gives 1.26; rounding the sum 12.42 x 10 % = 1.242
  // ("vertical") gives 1.24. Both are accepted by the German tax office, the comment says.
  const lines = [199, 38, 568, 45, 105, 287].map((price, i) => line(`l${i}`, price, '1', ['v']));
  const taxes = [tax('v', '10')];
  const run = (taxRounding: TaxRounding, roundingMode: RoundingMode = 'half_up') =>
    priceSale(sale({ taxRounding, roundingMode, taxes, lines }));

  it('per line (half-up): 0.20 + 0.04 + 0.57 + 0.05 + 0.11 + 0.29 = 1.26', () => {
    const r = run('per_line');
    expect(r.lines.map((l) => l.tax)).toEqual([20, 4, 57, 5, 11, 29]);
    expect(r).toMatchObject({ subtotal: 1242, taxTotal: 126, total: 1368 });
  });

  it('globally: 12.42 x 10 % = 1.242 -> 1.24, and the lines still add up to it', () => {
    const r = run('global');
    expect(r).toMatchObject({ taxTotal: 124, total: 1366 });
    expect(r.taxes).toEqual([{ id: 'v', base: 1242, amount: 124 }]);
    expect(r.lines.reduce((sum, l) => sum + l.tax, 0)).toBe(124);
  });

  it('per line with half-even: the two exact halves (0.045, 0.105) go to even, 1.24', () => {
    expect(run('per_line', 'half_even').lines.map((l) => l.tax)).toEqual([20, 4, 57, 4, 10, 29]);
    expect(run('per_line', 'half_even').taxTotal).toBe(124);
  });

  // Source: KORONA POS manual, "How Does the POS Calculate Sales Tax?": 5 items of 0.99 net at
  // 19 %. Tax on the sum, (0.99 x 5) x 1.19 = 5.8905, gives 5.89; tax per item, 1.18 x 5, gives
  // 5.90 (KORONA's choice). In Kassa one line of 5 is taxed on its line amount (5.89); five lines
  // of 1 are taxed line by line with per_line (5.90) and on the sum with global (5.89).
  it('KORONA POS: 5 x 0.99 at 19 % is 5.89 on the sum and 5.90 item by item', () => {
    const v19 = [tax('v', '19')];
    expect(priceSale(sale({ taxes: v19, lines: [line('a', 99, '5', ['v'])] })).total).toBe(589);
    const fiveLines = [1, 2, 3, 4, 5].map((i) => line(`a${i}`, 99, '1', ['v']));
    expect(priceSale(sale({ taxes: v19, lines: fiveLines })).total).toBe(590);
    expect(priceSale(sale({ taxRounding: 'global', taxes: v19, lines: fiveLines })).total).toBe(589);
  });

  // Source: Odoo, addons/sale/tests/test_sale_taxes.py, test_taxes_round_globally: a line of 0.05
  // with two 10 % taxes under round_globally has 0.02 tax and totals 0.07 (each tax 0.005 -> 0.01).
  it('Odoo: 0.05 with two 10 % taxes, rounded globally: tax 0.02, total 0.07', () => {
    const r = priceSale(
      sale({
        taxRounding: 'global',
        taxes: [tax('t1', '10'), tax('t2', '10')],
        lines: [line('a', 5, '1', ['t1', 't2'])],
      }),
    );
    expect(r).toMatchObject({ subtotal: 5, taxTotal: 2, total: 7 });
    expect(r.taxes).toEqual([
      { id: 't1', base: 5, amount: 1 },
      { id: 't2', base: 5, amount: 1 },
    ]);
  });
});

describe('half-up versus half-even', () => {
  // Source: Oracle Documaker documentation, "BankRound": BankRound(123.425) = 123.42 while
  // Round(123.425) = 123.43; both give 123.44 for 123.435. Here the halves are tax amounts: 10 %
  // of 1,234.25 is exactly 123.425, 10 % of 1,234.35 exactly 123.435.
  it('Oracle BankRound: 123.425 -> 123.42 half-even, 123.43 half-up; 123.435 -> 123.44 in both', () => {
    const taxOn = (price: number, roundingMode: RoundingMode) =>
      priceSale(sale({ roundingMode, taxes: [tax('v', '10')], lines: [line('a', price, '1', ['v'])] }))
        .taxTotal;
    expect(taxOn(123_425, 'half_even')).toBe(12_342);
    expect(taxOn(123_425, 'half_up')).toBe(12_343);
    expect(taxOn(123_435, 'half_even')).toBe(12_344);
    expect(taxOn(123_435, 'half_up')).toBe(12_344);
  });

  // Source: OCA l10n-japan, account_tax_rounding_method (README): an invoice in JPY of 15 yen with
  // 10 % exclusive tax has 2 yen of tax with half-up rounding (1.5 -> 2). The module also offers
  // round-down (1 yen), common in Japan; Kassa's tax rounding is half-up or half-even only.
  it('OCA account_tax_rounding_method: 15 JPY at 10 % has 2 JPY tax, half-up', () => {
    const r = priceSale(
      sale({ currency: 'JPY', taxes: [tax('ct', '10')], lines: [line('a', 15, '1', ['ct'])] }),
    );
    expect(r).toMatchObject({ taxTotal: 2, total: 17 });
  });
});

describe('tax-inclusive prices', () => {
  // Source: Launchpad bug 707923, comment 18 by Fabien Pinckaers (OpenERP): a product at 4 EUR
  // including 19.6 % French VAT is 3.34 without VAT and 0.66 VAT (3.34 x 1.196 = 3.99 and
  // 3.35 x 1.196 = 4.01, so neither net price can be grossed up to 4.00).
  it('OpenERP: 4.00 EUR including 19.6 % VAT is 3.34 + 0.66', () => {
    const r = priceSale(sale({ taxes: [tax('tva', '19.6', true)], lines: [line('a', 400, '1', ['tva'])] }));
    expect(r).toMatchObject({ total: 400, taxTotal: 66 });
    expect(r.taxes).toEqual([{ id: 'tva', base: 334, amount: 66 }]);
  });

  // Source: odoo/odoo pull request 232186, "[FIX] account: Ref rounding of tax_details for better
  // handling of price-included": 24.99 including 20 % tax has base 20.825 and tax 4.165; rounding
  // both gives 20.83 + 4.17 = 25.00, not 24.99. Kassa rounds the tax once and takes the base as
  // the rest, so the total is the shelf price whichever way the half goes.
  it('Odoo PR 232186: 24.99 including 20 % stays 24.99 (tax 4.17 half-up, 4.16 half-even)', () => {
    const run = (roundingMode: RoundingMode) =>
      priceSale(
        sale({ roundingMode, taxes: [tax('vat', '20', true)], lines: [line('a', 2499, '1', ['vat'])] }),
      );
    expect(run('half_up')).toMatchObject({
      total: 2499,
      taxTotal: 417,
      taxes: [{ base: 2082, amount: 417 }],
    });
    expect(run('half_even')).toMatchObject({
      total: 2499,
      taxTotal: 416,
      taxes: [{ base: 2083, amount: 416 }],
    });
  });
});

describe('several taxes on one line (Québec)', () => {
  // Source: Revenu Québec, "Calculating the Taxes" (2013 onwards): a taxable good sold for
  // $100.00 carries GST $5.00 (5 %) and QST $9.98 (9.975 % of the price excluding GST), total
  // $114.98. Only fractions of half a cent or more count as a whole cent (half-up).
  it('GST 5 % + QST 9.975 % on $100.00: 5.00 + 9.98 = 114.98', () => {
    const r = priceSale(
      sale({
        currency: 'CAD',
        taxes: [tax('gst', '5'), tax('qst', '9.975')],
        lines: [line('a', 10_000, '1', ['gst', 'qst'])],
      }),
    );
    expect(r.taxes).toEqual([
      { id: 'gst', base: 10_000, amount: 500 },
      { id: 'qst', base: 10_000, amount: 998 },
    ]);
    expect(r.total).toBe(11_498);
  });

  // Source: Ministère du Revenu du Québec, "General information" (2008, archived by Library and
  // Archives Canada): QST 7.5 % on the selling price including GST; on $100.00, GST $5.00 and
  // QST ($100 + $5) x 7.5 % = $7.88, total $112.88. A compound tax in Kassa's terms.
  it('before 2013, QST 7.5 % compounded on the GST: 5.00 + 7.88 = 112.88', () => {
    const r = priceSale(
      sale({
        currency: 'CAD',
        taxes: [tax('gst', '5'), tax('qst', '7.5', false, true)],
        lines: [line('a', 10_000, '1', ['gst', 'qst'])],
      }),
    );
    expect(r.taxes).toEqual([
      { id: 'gst', base: 10_000, amount: 500 },
      { id: 'qst', base: 10_500, amount: 788 },
    ]);
    expect(r.total).toBe(11_288);
  });

  // Source: Revenu Québec, same page, "Phasing out of the penny": rounding off a cash total must
  // not change the GST and QST; they are computed on the total of the sale, not the rounded amount.
  it('cash rounding of 114.98 to 115.00 leaves GST and QST as they were', () => {
    const r = priceSale(
      sale({
        currency: 'CAD',
        taxes: [tax('gst', '5'), tax('qst', '9.975')],
        lines: [line('a', 10_000, '1', ['gst', 'qst'])],
        cashRounding: NICKEL,
        tenders: [{ method: 'cash', amount: 12_000 }],
      }),
    );
    expect(r).toMatchObject({
      taxTotal: 1_498,
      total: 11_498,
      cashRounding: 2,
      amountDue: 11_500,
      change: 500,
    });
  });
});

describe('cash rounding', () => {
  // Source: Government of Canada, Budget 2012, "Rounding": a $1.83 coffee and a $2.86 sandwich
  // are $4.92 after 5 % GST. Paid by cheque, credit or debit card: $4.92. Paid in cash: rounded
  // down 2 cents to $4.90. Taxes are tabulated before rounding.
  it('Canada 2012: 1.83 + 2.86 + 5 % GST = 4.92; 4.90 in cash, 4.92 by card', () => {
    const base = sale({
      currency: 'CAD',
      taxes: [tax('gst', '5')],
      lines: [line('coffee', 183, '1', ['gst']), line('sandwich', 286, '1', ['gst'])],
      cashRounding: NICKEL,
    });
    const cash = priceSale({ ...base, tenders: [{ method: 'cash', amount: 500 }] });
    expect(cash).toMatchObject({ total: 492, taxTotal: 23, cashRounding: -2, amountDue: 490, change: 10 });
    const card = priceSale({ ...base, tenders: [{ method: 'card', amount: 492 }] });
    expect(card).toMatchObject({ total: 492, cashRounding: 0, amountDue: 492, change: 0 });
  });

  // Source: the same Budget 2012 page, and the ACCC media release "Rounding and EFTPOS
  // transactions" (Australia, guideline of the Prices Surveillance Authority, 1991): amounts ending
  // in 1 or 2 cents round down to 0, 3 or 4 up to 5, 6 or 7 down to 5, 8 or 9 up to 10. That is
  // half-up to 0.05 (no whole-cent amount is exactly half way). Not for EFTPOS or cards.
  it('Canada and Australia: last digit 1, 2 -> 0; 3, 4 -> 5; 6, 7 -> 5; 8, 9 -> 10', () => {
    const expected = [0, 0, 0, 5, 5, 5, 5, 5, 10, 10];
    for (let digit = 0; digit <= 9; digit++) {
      const r = settle('AUD', 1000 + digit, NICKEL, [{ method: 'cash', amount: 2000 }]);
      expect(r.amountDue, `x.x${digit}`).toBe(1000 + expected[digit]!);
    }
  });

  // Source: Office de la protection du consommateur (Québec), "Phasing out the penny": $5.98 after
  // taxes is paid $6.00 in cash, $5.97 is paid $5.95.
  it('Québec OPC: 5.98 -> 6.00 and 5.97 -> 5.95 in cash', () => {
    expect(settle('CAD', 598, NICKEL, [{ method: 'cash', amount: 1000 }]).amountDue).toBe(600);
    expect(settle('CAD', 597, NICKEL, [{ method: 'cash', amount: 1000 }]).amountDue).toBe(595);
  });

  // Source: Oracle community thread "Rounding for Cash Sale transactions - Australia & New
  // Zealand": an invoice of 96.11 AUD is paid 96.10 in cash (rounding -0.01), one of 96.13 is paid
  // 96.15 (+0.02), rounding applied to the total including tax.
  it('Australia: 96.11 -> 96.10 (-0.01) and 96.13 -> 96.15 (+0.02)', () => {
    expect(settle('AUD', 9611, NICKEL, [{ method: 'cash', amount: 10_000 }])).toMatchObject({
      cashRounding: -1,
      amountDue: 9610,
      change: 390,
    });
    expect(settle('AUD', 9613, NICKEL, [{ method: 'cash', amount: 10_000 }])).toMatchObject({
      cashRounding: 2,
      amountDue: 9615,
      change: 385,
    });
  });

  // Source: Comarch Retail POS help, "Rounding of cash payments for the Swiss market": the smallest
  // Swiss coin is 5 Rappen; 16.97 CHF is rounded down to 16.95, 16.99 up to 17.00, a bill of
  // 999.99 is paid 1000.00 in cash; card payments are not rounded.
  it('Switzerland (Rappenrundung): 16.97 -> 16.95, 16.99 -> 17.00, 999.99 -> 1000.00', () => {
    const cash = (total: number) => settle('CHF', total, NICKEL, [{ method: 'cash', amount: 100_000 }]);
    expect(cash(1697)).toMatchObject({ cashRounding: -2, amountDue: 1695 });
    expect(cash(1699)).toMatchObject({ cashRounding: 1, amountDue: 1700 });
    expect(cash(99_999)).toMatchObject({ cashRounding: 1, amountDue: 100_000, change: 0 });
    expect(settle('CHF', 1697, NICKEL, [{ method: 'card', amount: 1697 }]).amountDue).toBe(1697);
  });

  // Source: Tryton, modules/account_cash_rounding/tests/scenario_account_cash_rounding.rst: an
  // invoice of 42.06 with cash rounding 0.05 and a payment term of two instalments (50 %, then the
  // rest) totals 42.10, with 0.04 booked to the cash rounding account: each instalment of 21.03 is
  // rounded to 21.05. Kassa rounds the cash part of one payment: 42.06 paid at once is 42.05,
  // while two separate cash payments of 21.03 are each 21.05, as in Tryton.
  it('Tryton: 42.06 in one cash payment is 42.05; as two instalments of 21.03, 2 x 21.05 = 42.10', () => {
    expect(settle('EUR', 4206, NICKEL, [{ method: 'cash', amount: 5000 }])).toMatchObject({
      cashRounding: -1,
      amountDue: 4205,
    });
    const instalment = settle('EUR', 2103, NICKEL, [{ method: 'cash', amount: 2105 }]);
    expect(instalment).toMatchObject({ cashRounding: 2, amountDue: 2105, change: 0 });
    expect(2 * instalment.amountDue).toBe(4210);
  });
});
