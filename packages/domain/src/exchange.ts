/**
 * Exchanges: a return and a new sale settled together. The refund's tenders pay for the new sale
 * first, so only the difference changes hands. Amounts are integer minor units.
 */

/** A tender with its amount in minor units. */
export type TenderAmount<M extends string = string> = { method: M; amount: number };

/** The order refund tenders are applied to the new sale: cash first, so what is left goes back to the card it came from. */
const CARRY_ORDER = ['cash', 'card'];

/**
 * Splits the tenders of an exchange's refund into the part applied to the new sale (at most
 * `saleTotal`, cash first, then card, then any other method in the given order) and the part
 * given back to the customer. Both lists leave out zero amounts; together they add up to the
 * refund exactly.
 * @throws RangeError for a negative or non-integer amount or sale total.
 */
export function carryOverTenders<M extends string>(
  refundTenders: readonly TenderAmount<M>[],
  saleTotal: number,
): { carried: TenderAmount<M>[]; returned: TenderAmount<M>[] } {
  if (!Number.isSafeInteger(saleTotal) || saleTotal < 0) throw new RangeError(`bad sale total ${saleTotal}`);
  for (const t of refundTenders)
    if (!Number.isSafeInteger(t.amount) || t.amount < 0)
      throw new RangeError(`bad tender amount ${t.amount}`);
  const rank = (m: string) => {
    const i = CARRY_ORDER.indexOf(m);
    return i === -1 ? CARRY_ORDER.length : i;
  };
  const ordered = refundTenders
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => rank(a.method) - rank(b.method) || a.i - b.i);
  const carried: TenderAmount<M>[] = [];
  const returned: TenderAmount<M>[] = [];
  let left = saleTotal;
  for (const t of ordered) {
    const take = Math.min(left, t.amount);
    left -= take;
    if (take > 0) carried.push({ method: t.method, amount: take });
    if (t.amount - take > 0) returned.push({ method: t.method, amount: t.amount - take });
  }
  return { carried, returned };
}

/**
 * Adds tenders of the same method together (a carried-over cash amount and the cash the customer
 * hands over are one cash tender of the sale), keeping the first order each method appears in.
 */
export function mergeTenders<T extends TenderAmount>(tenders: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const t of tenders) {
    const seen = merged.get(t.method);
    merged.set(t.method, seen ? { ...seen, ...t, amount: seen.amount + t.amount } : { ...t });
  }
  return [...merged.values()];
}
