import { describe, expect, it } from 'vitest';
import type { Returnable } from '@kassa/contracts';
import { refundLines } from './returnDraft.ts';

const returnable: Returnable = {
  saleId: '0190a0a0-0000-7000-8000-000000000001',
  voided: false,
  lines: [
    { lineNo: 1, sold: '3', returned: '1', returnable: '2' },
    { lineNo: 2, sold: '0.5', returned: '0', returnable: '0.5' },
  ],
  tenders: [],
};

describe('refundLines', () => {
  it('keeps the lines with a quantity, with their restock choice', () => {
    expect(
      refundLines({ 1: { quantity: '2', restock: false }, 2: { quantity: '', restock: true } }, returnable),
    ).toEqual({ lines: [{ lineNo: 1, quantity: '2', restock: false }] });
    expect(refundLines({ 2: { quantity: '0.25', restock: true } }, returnable)).toEqual({
      lines: [{ lineNo: 2, quantity: '0.25', restock: true }],
    });
  });

  it('refuses more than is returnable, a malformed quantity and an empty return', () => {
    expect(refundLines({ 1: { quantity: '2.001', restock: true } }, returnable)).toEqual({
      error: 'Line 1: at most 2 can be returned',
    });
    expect(refundLines({ 1: { quantity: 'abc', restock: true } }, returnable)).toEqual({
      error: 'Line 1: type a quantity',
    });
    expect(refundLines({ 1: { quantity: '0', restock: true } }, returnable)).toEqual({
      error: 'Choose what to return',
    });
  });
});
