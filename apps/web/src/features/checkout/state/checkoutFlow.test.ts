import type { Sale } from '@kassa/contracts';
import { describe, expect, it } from 'vitest';
import { checkoutReducer, START_CHECKOUT, type CheckoutState } from './checkoutFlow.ts';
import { saleRequest } from './saleRequest.ts';

const sale = { id: 's1', receiptNumber: 'S1-R1-000001' } as Sale;

describe('checkout flow', () => {
  it('goes sell -> tender -> receipt -> sell', () => {
    let state: CheckoutState = checkoutReducer(START_CHECKOUT, {
      type: 'pay',
      fingerprint: 'a:1:',
      newSaleId: 'id1',
    });
    expect(state).toEqual({ screen: 'tender', pending: { saleId: 'id1', fingerprint: 'a:1:' }, tenders: [] });
    state = checkoutReducer(state, { type: 'addTender', tender: { id: 't1', method: 'cash', amount: 500 } });
    expect(state.screen === 'tender' && state.tenders).toHaveLength(1);
    state = checkoutReducer(state, { type: 'completed', sale });
    expect(state).toEqual({ screen: 'receipt', sale });
    expect(checkoutReducer(state, { type: 'newSale' })).toEqual(START_CHECKOUT);
  });

  it('keeps the sale id for the same cart and makes a new one when the cart changed', () => {
    let state = checkoutReducer(START_CHECKOUT, { type: 'pay', fingerprint: 'a:1:', newSaleId: 'id1' });
    state = checkoutReducer(state, { type: 'addTender', tender: { id: 't1', method: 'card', amount: 100 } });
    state = checkoutReducer(state, { type: 'back' });
    expect(state).toEqual({ screen: 'sell', pending: { saleId: 'id1', fingerprint: 'a:1:' } });
    const again = checkoutReducer(state, { type: 'pay', fingerprint: 'a:1:', newSaleId: 'id2' });
    expect(again).toEqual({ screen: 'tender', pending: { saleId: 'id1', fingerprint: 'a:1:' }, tenders: [] });
    const changed = checkoutReducer(state, { type: 'pay', fingerprint: 'a:2:', newSaleId: 'id3' });
    expect(changed.screen === 'tender' && changed.pending.saleId).toBe('id3');
  });

  it('does not pay for an empty cart and ignores actions of other screens', () => {
    expect(checkoutReducer(START_CHECKOUT, { type: 'pay', fingerprint: '', newSaleId: 'x' })).toBe(
      START_CHECKOUT,
    );
    expect(checkoutReducer(START_CHECKOUT, { type: 'completed', sale })).toBe(START_CHECKOUT);
    expect(checkoutReducer(START_CHECKOUT, { type: 'back' })).toBe(START_CHECKOUT);
  });

  it('removes a tender', () => {
    let state = checkoutReducer(START_CHECKOUT, { type: 'pay', fingerprint: 'a:1:', newSaleId: 'id1' });
    state = checkoutReducer(state, { type: 'addTender', tender: { id: 't1', method: 'card', amount: 100 } });
    state = checkoutReducer(state, { type: 'removeTender', tenderId: 't1' });
    expect(state.screen === 'tender' && state.tenders).toEqual([]);
  });
});

describe('sale request', () => {
  it('sends quantities as strings, discounts only when given, and the tenders as taken', () => {
    const product = {
      id: 'p1',
      sku: '1',
      name: 'Gin',
      price: 1999,
      taxes: [],
      ageRestricted: true,
      volumeMl: 750,
    };
    const request = saleRequest(
      'sale-1',
      'reg-1',
      [
        { lineId: 'l1', product, quantity: 2, discountPercent: null },
        { lineId: 'l2', product, quantity: 1, discountPercent: '5' },
      ],
      [
        { id: 't1', method: 'card', amount: 1000 },
        { id: 't2', method: 'cash', amount: 5000 },
      ],
      new Date('2026-01-02T03:04:05.000Z'),
    );
    expect(request).toEqual({
      id: 'sale-1',
      registerId: 'reg-1',
      lines: [
        { productId: 'p1', quantity: '2', listedPrice: 1999 },
        { productId: 'p1', quantity: '1', discountPercent: '5', listedPrice: 1999 },
      ],
      tenders: [
        { method: 'card', amount: 1000 },
        { method: 'cash', amount: 5000 },
      ],
      clientCreatedAt: '2026-01-02T03:04:05.000Z',
    });
  });
});
