import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import { NOTHING_REFUNDED, addRefund, refundLineShare, type RefundableLine } from './refunds.ts';

const line = (over: Partial<RefundableLine> = {}): RefundableLine => ({
  quantity: '3',
  discount: 100,
  net: 1_000,
  tax: 70,
  total: 1_070,
  taxes: [
    { id: 'state', base: 1_000, amount: 60 },
    { id: 'local', base: 1_000, amount: 10 },
  ],
  ...over,
});

describe('refundLineShare (worked examples)', () => {
  it('returns one of three: a third of each amount, rounded half up', () => {
    const share = refundLineShare(line(), NOTHING_REFUNDED, '1');
    // 1000/3 = 333.33 -> 333; 100/3 -> 33; 70/3 = 23.33 -> 23; exclusive 70/3 -> 23.
    expect(share).toEqual({
      gross: 366,
      discount: 33,
      net: 333,
      tax: 23,
      total: 356,
      taxes: [
        { id: 'state', base: 333, amount: 20 },
        { id: 'local', base: 333, amount: 3 },
      ],
    });
  });

  it('the last refund takes the remainder, so three single returns add up to the line', () => {
    let before = NOTHING_REFUNDED;
    const shares = [];
    for (let i = 0; i < 3; i++) {
      const share = refundLineShare(line(), before, '1');
      shares.push(share);
      before = addRefund(before, '1', share);
    }
    expect(shares.map((s) => s.net)).toEqual([333, 334, 333]);
    expect(before).toMatchObject({ quantity: '3', net: 1_000, discount: 100, tax: 70, total: 1_070 });
    expect(before.taxes).toEqual(line().taxes);
  });

  it('refuses more than sold minus returned, naming what is returnable', () => {
    const once = addRefund(NOTHING_REFUNDED, '2', refundLineShare(line(), NOTHING_REFUNDED, '2'));
    try {
      refundLineShare(line(), once, '1.5');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('over_return');
      expect((err as DomainError).details).toEqual({
        sold: '3',
        returned: '2',
        requested: '1.5',
        returnable: '1',
      });
    }
    expect(() => refundLineShare(line(), NOTHING_REFUNDED, '0')).toThrow(DomainError);
  });
});

/** A line with random amounts and a random split of its quantity (thousandths) into returns. */
const scenario = fc
  .record({
    thousandths: fc.integer({ min: 1, max: 50_000 }),
    net: fc.integer({ min: 0, max: 10_000_000 }),
    discount: fc.integer({ min: 0, max: 1_000_000 }),
    taxA: fc.integer({ min: 0, max: 1_000_000 }),
    taxB: fc.integer({ min: 0, max: 1_000_000 }),
    inclusive: fc.boolean(),
    cuts: fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 8 }),
  })
  .map((r) => {
    // Split the quantity into parts proportional to the cuts (each at least one thousandth).
    const parts: number[] = [];
    let left = r.thousandths;
    const weight = r.cuts.reduce((a, c) => a + c, 0);
    for (const c of r.cuts) {
      const part = Math.max(1, Math.floor((r.thousandths * c) / weight));
      if (part >= left) break;
      parts.push(part);
      left -= part;
    }
    parts.push(left);
    const tax = r.taxA + r.taxB;
    return {
      line: {
        quantity: (r.thousandths / 1000).toFixed(3),
        discount: r.discount,
        net: r.net,
        tax,
        total: r.inclusive ? r.net : r.net + tax,
        taxes: [
          { id: 'a', base: r.net, amount: r.taxA },
          { id: 'b', base: r.net, amount: r.taxB },
        ],
      },
      parts: parts.map((p) => (p / 1000).toFixed(3)),
      thousandths: r.thousandths,
      partsT: parts,
    };
  });

describe('refundLineShare (properties)', () => {
  it('returns in any split add up exactly to the line; each share is within one unit of its proportion', () => {
    fc.assert(
      fc.property(scenario, ({ line: l, parts, partsT, thousandths }) => {
        let before = NOTHING_REFUNDED;
        let returnedT = 0;
        for (let i = 0; i < parts.length; i++) {
          const share = refundLineShare(l, before, parts[i]!);
          for (const v of [share.net, share.discount, share.tax, share.total])
            expect(v).toBeGreaterThanOrEqual(0);
          // |share - A * part / Q| <= 1, in integers: |share * Q - A * part| <= Q.
          const exact = (a: number) => BigInt(a) * BigInt(partsT[i]!);
          const q = BigInt(thousandths);
          for (const [got, a] of [
            [share.net, l.net],
            [share.discount, l.discount],
            [share.tax, l.tax],
          ] as const) {
            const diff = BigInt(got) * q - exact(a);
            expect(diff <= q && diff >= -q).toBe(true);
          }
          expect(share.gross).toBe(share.net + share.discount);
          before = addRefund(before, parts[i]!, share);
          returnedT += partsT[i]!;
        }
        expect(returnedT).toBe(thousandths);
        expect(before.net).toBe(l.net);
        expect(before.discount).toBe(l.discount);
        expect(before.tax).toBe(l.tax);
        expect(before.total).toBe(l.total);
        expect(before.taxes).toEqual(l.taxes);
        // Nothing is left to return.
        expect(() => refundLineShare(l, before, '0.001')).toThrow(DomainError);
      }),
      { numRuns: 300 },
    );
  });

  it('refunds never exceed the original: at every step, and a request above what is left is refused', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 5_000 }), ({ line: l, parts, partsT }, extraT) => {
        let before = NOTHING_REFUNDED;
        let returnedT = 0;
        for (let i = 0; i < parts.length; i++) {
          // Asking for more than remains (by any amount) is refused, and changes nothing.
          const tooMuch = ((partsT.slice(i).reduce((a, p) => a + p, 0) + extraT) / 1000).toFixed(3);
          expect(() => refundLineShare(l, before, tooMuch)).toThrow(DomainError);
          before = addRefund(before, parts[i]!, refundLineShare(l, before, parts[i]!));
          returnedT += partsT[i]!;
          for (const [sum, original] of [
            [before.net, l.net],
            [before.discount, l.discount],
            [before.tax, l.tax],
            [before.total, l.total],
          ] as const)
            expect(sum).toBeLessThanOrEqual(original);
          for (const t of before.taxes)
            expect(t.amount).toBeLessThanOrEqual(l.taxes.find((x) => x.id === t.id)!.amount);
        }
        expect(returnedT).toBe(partsT.reduce((a, p) => a + p, 0));
      }),
      { numRuns: 300 },
    );
  });
});
