import type { ReceiptDocument, ReceiptRow } from '@kassa/domain';

/** Characters per line of the common thermal rolls with font A: 58 mm = 32, 80 mm = 48. */
export const COLUMNS = { '58': 32, '80': 48 } as const;

/**
 * Encodes a receipt as ESC/POS commands for a thermal printer (Epson TM-T88 compatible command
 * set): initialize, text in the printer's code page, the receipt number as a Code 128 barcode, a
 * partial cut, then optionally the cash drawer kick (ESC p on pin 2), so the drawer opens only
 * once the receipt is out.
 */
export async function encodeReceiptEscPos(
  doc: ReceiptDocument,
  options: { width: '58' | '80'; openDrawer: boolean },
): Promise<Uint8Array> {
  // Loaded on first use: a server that never prints ESC/POS does not keep the encoder resident.
  const { default: ReceiptPrinterEncoder } = await import('@point-of-sale/receipt-printer-encoder');
  const columns = COLUMNS[options.width];
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns });
  const row = (r: ReceiptRow, indent = '') =>
    encoder.table(
      [
        { width: columns - 14, align: 'left' },
        { width: 13, align: 'right', marginLeft: 1 },
      ],
      [[`${indent}${r.label}`, r.value]],
    );
  const banner = () => {
    if (doc.banner) encoder.align('center').bold(true).size(2, 2).line(doc.banner).size(1, 1).bold(false);
  };

  encoder.initialize();
  banner();
  encoder
    .align('center')
    .bold(true)
    .line(doc.header[0] ?? '')
    .bold(false);
  for (const h of doc.header.slice(1)) encoder.line(h);
  encoder.align('left').rule();
  for (const m of doc.meta) row(m);
  encoder.rule();
  for (const line of doc.lines) {
    encoder.line(line.name);
    for (const r of line.rows) row(r, '  ');
  }
  encoder.rule();
  for (const t of doc.totals) {
    if (t.strong) encoder.bold(true);
    row(t);
    if (t.strong) encoder.bold(false);
  }
  encoder.rule();
  for (const p of doc.payments) row(p);
  encoder.newline().align('center').barcode(doc.barcode, 'code128', { height: 60, text: true });
  for (const f of doc.footer) encoder.line(f);
  banner();
  encoder.newline(3).cut('partial');
  if (options.openDrawer) encoder.pulse(0, 100, 500);
  return encoder.encode();
}
