import { formatMoney } from '@kassa/domain';
import type { ZReport } from '@kassa/contracts';

/**
 * Renders a Z report as a one-column PDF (A4 width, built-in Helvetica, so no font files are
 * needed): header, sales, taxes, tenders, cash movements, the count by denomination and the
 * over/short. Resolves with the whole file.
 */
export async function renderZReportPdf(z: ZReport, timeZone: string): Promise<Buffer> {
  // Loaded on first use: a server that never prints a Z report does not keep pdfkit resident.
  const { default: PDFDocument } = await import('pdfkit');
  const r = z.report;
  const cur = r.shift.currency;
  const money = (minor: number) => formatMoney(minor, cur);
  const when = (iso: string) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
      new Date(iso),
    );

  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Z report ${z.reference}`, Author: 'Kassa' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.text(label, 50, y, { width: 330 });
    doc.text(value, 380, y, { width: 165, align: 'right' });
  };
  const heading = (text: string) => {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(text, 50).font('Helvetica').fontSize(10);
  };

  doc.font('Helvetica-Bold').fontSize(16).text(`Z report ${z.reference}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`${r.storeName} / ${r.shift.registerName}`);
  doc.text(`Opened ${when(r.shift.openedAt)} by ${r.shift.openedByName}`);
  doc.text(`Closed ${when(z.closedAt)} by ${z.closedByName}`);
  if (z.approvedByName) doc.text(`Over/short approved by ${z.approvedByName}`);

  heading('Sales');
  row('Number of sales', String(r.sales.count));
  row('Gross sales', money(r.sales.gross));
  row('Discounts', money(-r.sales.discounts));
  row('Taxes', money(r.sales.taxes));
  row('Total', money(r.sales.total));
  row('Cash rounding', money(r.sales.cashRounding));
  row(`Refunds (${r.refunds.count})`, money(-r.refunds.total));
  row(`Voids (${r.voids.count})`, money(-r.voids.total));

  heading('Taxes');
  if (r.taxes.length === 0) doc.text('None');
  for (const t of r.taxes) row(`${t.name} ${t.rate} % on ${money(t.base)}`, money(t.amount));

  heading('Tenders');
  if (r.tenders.length === 0) doc.text('None');
  for (const t of r.tenders) row(`${t.method} (${t.count})`, money(t.amount));

  heading('Cash drawer');
  row('Opening float', money(r.shift.openingFloat));
  row('Cash sales', money(r.cashSales));
  row('Cash refunds', money(-r.cashRefunds));
  row('Paid in', money(r.paidIn));
  row('Paid out', money(-r.paidOut));
  for (const m of r.cashMovements) {
    row(
      `  ${m.kind === 'paid_in' ? 'In' : 'Out'}: ${m.reason} (${m.userName})`,
      money(m.kind === 'paid_in' ? m.amount : -m.amount),
    );
  }
  row('Expected in drawer', money(z.expectedCash));

  heading('Count');
  for (const c of z.counts.filter((c) => c.count > 0)) {
    row(`${c.count} x ${money(c.value)} ${c.kind}`, money(c.value * c.count));
  }
  row('Counted', money(z.countedCash));
  doc.font('Helvetica-Bold');
  row(z.overShort >= 0 ? 'Over' : 'Short', money(z.overShort));
  doc.font('Helvetica');
  doc.end();
  return done;
}
