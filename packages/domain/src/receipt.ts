/**
 * The receipt of a sale as printed text: one model that every output renders (the terminal's
 * screen and browser print, the PDF, the e-mail, ESC/POS thermal printers), so they never differ.
 * Amounts are formatted from integer minor units with `formatMoney`; dates in the store's time zone.
 */
import { formatMoney } from './money.ts';

/** What a receipt is made of: the fields of a stored sale (structurally the API's `Sale`). */
export type ReceiptSource = {
  receiptNumber: string;
  currency: string;
  storeName: string;
  storeAddress: string;
  storeTimeZone: string;
  receiptFooter: string;
  /** Header lines from the store's settings; absent or empty: none. */
  receiptHeader?: string | undefined;
  /** The store's tax registration number; absent or empty: not printed. */
  storeTaxId?: string | undefined;
  registerName: string;
  cashierName: string;
  createdAt: string;
  subtotal: number;
  discountTotal: number;
  total: number;
  cashRounding: number;
  amountDue: number;
  change: number;
  taxes: { name: string; rate: string; base: number; amount: number }[];
  lines: {
    name: string;
    quantity: string;
    unitPrice: number;
    gross: number;
    discount: number;
    discountPercent: string;
    ageRestricted: boolean;
  }[];
  tenders: { method: string; tendered: number; reference: string | null }[];
};

/** A label and a formatted amount; `strong` rows print bold (totals). */
export type ReceiptRow = { label: string; value: string; strong?: boolean };

/** A printed receipt. `copy` receipts carry a "COPY" banner (reprints), as tax authorities expect. */
export type ReceiptDocument = {
  copy: boolean;
  /** "COPY" on a reprint, else null. */
  banner: string | null;
  header: string[];
  meta: ReceiptRow[];
  /** Per line: the product name, then detail rows (quantity x price, discount). */
  lines: { name: string; rows: ReceiptRow[] }[];
  totals: ReceiptRow[];
  payments: ReceiptRow[];
  /** Encoded as Code 128 under the payments, so a return starts by scanning it. */
  barcode: string;
  footer: string[];
};

const TENDER_LABEL: Record<string, string> = { cash: 'Cash', card: 'Card', store_credit: 'Store credit' };

/** "6.0000" -> "6%", "8.875" -> "8.875%". */
export function formatRatePercent(rate: string): string {
  const trimmed = rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
  return `${trimmed}%`;
}

/** A sale's date and time on the store's clock, e.g. "03/01/2025, 12:00:00 CST". */
export function formatReceiptTime(iso: string, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/**
 * Builds the printed receipt of a sale. `minimumAge` marks age-restricted lines ("21+") when the
 * store has one. Money is shown as stored: never recomputed here.
 */
export function receiptDocument(
  sale: ReceiptSource,
  options: { copy: boolean; minimumAge?: number | null },
): ReceiptDocument {
  const money = (minor: number) => formatMoney(minor, sale.currency);
  const totals: ReceiptRow[] = [{ label: 'Subtotal', value: money(sale.subtotal) }];
  if (sale.discountTotal > 0) totals.push({ label: 'Discounts', value: `-${money(sale.discountTotal)}` });
  for (const tax of sale.taxes)
    totals.push({
      label: `${tax.name} ${formatRatePercent(tax.rate)} on ${money(tax.base)}`,
      value: money(tax.amount),
    });
  totals.push({ label: 'TOTAL', value: money(sale.total), strong: true });
  if (sale.cashRounding !== 0) {
    totals.push({ label: 'Cash rounding', value: money(sale.cashRounding) });
    totals.push({ label: 'AMOUNT DUE', value: money(sale.amountDue), strong: true });
  }
  const payments: ReceiptRow[] = sale.tenders.map((t) => ({
    label: `${TENDER_LABEL[t.method] ?? t.method}${t.reference ? ` ${t.reference}` : ''}`,
    value: money(t.tendered),
  }));
  payments.push({ label: 'Change', value: money(sale.change), strong: true });
  const age = options.minimumAge ? ` ${options.minimumAge}+` : '';
  return {
    copy: options.copy,
    banner: options.copy ? 'COPY' : null,
    header: [
      sale.storeName,
      sale.storeAddress,
      ...(sale.receiptHeader ? sale.receiptHeader.split(/\r?\n/) : []),
      sale.storeTaxId ? `Tax ID ${sale.storeTaxId}` : '',
    ].filter(Boolean),
    meta: [
      { label: 'Receipt', value: sale.receiptNumber },
      { label: 'Date', value: formatReceiptTime(sale.createdAt, sale.storeTimeZone) },
      { label: 'Register', value: sale.registerName },
      { label: 'Cashier', value: sale.cashierName },
    ],
    lines: sale.lines.map((l) => ({
      name: `${l.name}${l.ageRestricted ? age : ''}`,
      rows: [
        { label: `${l.quantity} x ${money(l.unitPrice)}`, value: money(l.gross) },
        ...(l.discount > 0
          ? [{ label: `Discount ${formatRatePercent(l.discountPercent)}`, value: `-${money(l.discount)}` }]
          : []),
      ],
    })),
    totals,
    payments,
    barcode: sale.receiptNumber,
    footer: sale.receiptFooter ? sale.receiptFooter.split(/\r?\n/) : [],
  };
}

/** The receipt as plain text `columns` characters wide (e-mail body, 58 mm = 32, 80 mm = 48). */
export function receiptText(doc: ReceiptDocument, columns = 48): string {
  const center = (s: string) => ' '.repeat(Math.max(0, Math.floor((columns - s.length) / 2))) + s;
  const row = (r: ReceiptRow) => {
    const gap = columns - r.label.length - r.value.length;
    return gap >= 1
      ? `${r.label}${' '.repeat(gap)}${r.value}`
      : `${r.label}\n${' '.repeat(Math.max(0, columns - r.value.length))}${r.value}`;
  };
  const rule = '-'.repeat(columns);
  const out: string[] = [];
  if (doc.banner) out.push(center(`*** ${doc.banner} ***`));
  out.push(...doc.header.map(center), rule, ...doc.meta.map(row), rule);
  for (const line of doc.lines)
    out.push(line.name, ...line.rows.map((r) => row({ ...r, label: `  ${r.label}` })));
  out.push(rule, ...doc.totals.map(row), rule, ...doc.payments.map(row));
  if (doc.footer.length > 0) out.push(rule, ...doc.footer.map(center));
  if (doc.banner) out.push(center(`*** ${doc.banner} ***`));
  return out.join('\n');
}
