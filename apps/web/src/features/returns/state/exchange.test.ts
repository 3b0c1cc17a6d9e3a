import { describe, expect, it } from 'vitest';
import type { CreateSaleRequest, Returnable, SaleLine } from '@kassa/contracts';
import { DomainError } from '@kassa/domain';
import {
  exchangeBalance,
  exchangeIdsFor,
  exchangeRequest,
  returnCredit,
  type ExchangeReturn,
} from './exchange.ts';

const SALE_ID = '0190a0a0-0000-7000-8000-000000000001';

/** Two units at 5.005 each with an exclusive 7 % tax: net 10.01, tax 0.70, total 10.71. */
const line: SaleLine = {
  id: '0190a0a0-0000-7000-8000-000000000011',
  lineNo: 1,
  productId: '0190a0a0-0000-7000-8000-000000000021',
  sku: 'TEE-M',
  name: 'T-shirt M',
  quantity: '2',
  unitPrice: 1001,
  discountPercent: '0',
  gross: 1001,
  discount: 0,
  net: 1001,
  tax: 70,
  total: 1071,
  ageRestricted: false,
  taxes: [
    {
      taxId: '0190a0a0-0000-7000-8000-000000000031',
      name: 'VAT',
      rate: '7',
      inclusive: false,
      base: 1001,
      amount: 70,
    },
  ],
};

const returnable = (returned: string): Returnable => ({
  saleId: SALE_ID,
  voided: false,
  lines: [{ lineNo: 1, sold: '2', returned, returnable: String(2 - Number(returned)) }],
  tenders: [],
});

describe('returnCredit', () => {
  it('credits the refund share of packages/domain: first unit rounded half up, the last one the remainder', () => {
    const one = [{ lineNo: 1, quantity: '1', restock: true }];
    // net 500.5 -> 501, exclusive tax 35: 536.
    expect(returnCredit({ lines: [line] }, returnable('0'), one)).toBe(536);
    // After one unit went back, the last one takes exactly what is left of 10.71.
    expect(returnCredit({ lines: [line] }, returnable('1'), one)).toBe(1071 - 536);
    expect(returnCredit({ lines: [line] }, returnable('0'), [{ ...one[0]!, quantity: '2' }])).toBe(1071);
  });

  it('refuses more than is left, and a line the sale does not have', () => {
    expect(() =>
      returnCredit({ lines: [line] }, returnable('1'), [{ lineNo: 1, quantity: '2', restock: true }]),
    ).toThrow(DomainError);
    expect(() =>
      returnCredit({ lines: [line] }, returnable('0'), [{ lineNo: 9, quantity: '1', restock: true }]),
    ).toThrow('The sale has no line 9');
  });
});

describe('exchangeBalance', () => {
  it('is an amount due when the new items cost more, an amount back when they cost less', () => {
    expect(exchangeBalance(1071, 2000)).toEqual({ net: 929, due: 929, back: 0 });
    expect(exchangeBalance(1071, 500)).toEqual({ net: -571, due: 0, back: 571 });
    expect(exchangeBalance(1071, 1071)).toEqual({ net: 0, due: 0, back: 0 });
  });
});

describe('exchangeIdsFor', () => {
  it('keeps the ids for a retry of the same new sale and makes new ones for another sale', () => {
    let n = 0;
    const newId = () => `id-${++n}`;
    const first = exchangeIdsFor(null, 'sale-a', newId);
    expect(first).toEqual({ saleId: 'sale-a', exchangeId: 'id-1', refundId: 'id-2' });
    expect(exchangeIdsFor(first, 'sale-a', newId)).toBe(first);
    expect(exchangeIdsFor(first, 'sale-b', newId)).toEqual({
      saleId: 'sale-b',
      exchangeId: 'id-3',
      refundId: 'id-4',
    });
  });
});

describe('exchangeRequest', () => {
  const ret: ExchangeReturn = {
    sale: { id: SALE_ID } as ExchangeReturn['sale'],
    lines: [{ lineNo: 1, quantity: '1', restock: false }],
    credit: 536,
  };
  const ids = { saleId: 'new-sale', exchangeId: 'exchange-1', refundId: 'refund-1' };
  const sale: CreateSaleRequest = {
    id: 'new-sale',
    registerId: '0190a0a0-0000-7000-8000-000000000041',
    lines: [{ productId: line.productId, quantity: '1', listedPrice: 2000 }],
    tenders: [{ method: 'cash', amount: 1000 }],
    clientCreatedAt: '2026-11-21T10:00:00.000Z',
  };

  it('sends the return, the new sale with the totals shown, and the cash for the difference', () => {
    expect(exchangeRequest(ret, ids, sale, { total: 2140, taxTotal: 140, discountTotal: 0 })).toEqual({
      id: 'exchange-1',
      registerId: sale.registerId,
      reason: 'Exchange',
      return: { refundId: 'refund-1', saleId: SALE_ID, lines: ret.lines },
      sale: {
        id: 'new-sale',
        lines: sale.lines,
        expectedTotals: { total: 2140, taxTotal: 140, discountTotal: 0 },
        clientCreatedAt: sale.clientCreatedAt,
      },
      tenders: sale.tenders,
    });
  });

  it('sends no tenders when the credit covers the new sale', () => {
    expect(exchangeRequest(ret, ids, sale, { total: 536, taxTotal: 35, discountTotal: 0 }).tenders).toEqual(
      [],
    );
  });
});
