import type { CreateRefundRequest, Returnable } from '@kassa/contracts';

/** Per sale line: the quantity typed to return and whether it goes back on the shelf. */
export type ReturnDraft = Record<number, { quantity: string; restock: boolean }>;

/**
 * The refund lines of a draft: lines with a positive quantity, at most what is returnable (a
 * quantity is a decimal with at most 3 places). Returns an error message instead when an input is
 * not a quantity or exceeds what is left; the server checks the same rule again.
 */
export function refundLines(
  draft: ReturnDraft,
  returnable: Returnable,
): { lines: CreateRefundRequest['lines'] } | { error: string } {
  const lines: CreateRefundRequest['lines'] = [];
  for (const line of returnable.lines) {
    const entry = draft[line.lineNo];
    const text = entry?.quantity.trim() ?? '';
    if (text === '' || /^0+(\.0*)?$/.test(text)) continue;
    if (!/^\d+(\.\d{1,3})?$/.test(text)) return { error: `Line ${line.lineNo}: type a quantity` };
    if (thousandths(text) > thousandths(line.returnable)) {
      return { error: `Line ${line.lineNo}: at most ${line.returnable} can be returned` };
    }
    lines.push({ lineNo: line.lineNo, quantity: text, restock: entry?.restock ?? true });
  }
  if (lines.length === 0) return { error: 'Choose what to return' };
  return { lines };
}

/** A decimal string with at most 3 places as an integer count of thousandths (exact). */
function thousandths(value: string): number {
  const [whole, fraction = ''] = value.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}
