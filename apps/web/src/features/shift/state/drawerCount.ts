import { countCash, type Denomination, type DenominationCount } from '@kassa/domain';

/** Typed piece counts per denomination, keyed by `kind:value`. */
export type CountInputs = Record<string, string>;

export const denominationKey = (d: { kind: string; value: number }) => `${d.kind}:${d.value}`;

/**
 * The counts to send for the typed inputs (empty inputs count 0), and their total in minor
 * units; `total` is null while an input is not a whole number of pieces.
 */
export function drawerCount(
  denominations: readonly Denomination[],
  inputs: CountInputs,
): { counts: DenominationCount[]; total: number | null } {
  const counts: DenominationCount[] = [];
  for (const d of denominations) {
    const text = (inputs[denominationKey(d)] ?? '').trim();
    if (text === '') continue;
    if (!/^\d{1,9}$/.test(text)) return { counts, total: null };
    counts.push({ value: d.value, kind: d.kind, count: Number(text) });
  }
  return { counts, total: countCash(counts, denominations) };
}
