import type { ReceiptDocument } from '@kassa/domain';

/** 80 mm roll width in PDF points (72 per inch). */
const WIDTH = Math.round((80 / 25.4) * 72);
const MARGIN = 10;

/**
 * Renders a receipt as a PDF on an 80 mm wide page (built-in Courier and Helvetica, so no font
 * files), with the receipt number as a Code 128 barcode. Resolves with the whole file.
 */
export async function renderReceiptPdf(doc: ReceiptDocument): Promise<Buffer> {
  // Loaded on first use: a server that never renders a receipt PDF does not keep them resident.
  const [{ default: PDFDocument }, { default: bwipjs }] = await Promise.all([
    import('pdfkit'),
    import('bwip-js/node'),
  ]);
  const barcode = await bwipjs.toBuffer({ bcid: 'code128', text: doc.barcode, scale: 2, height: 10 });
  const rowCount =
    doc.header.length +
    doc.meta.length +
    doc.totals.length +
    doc.payments.length +
    doc.footer.length +
    doc.lines.reduce((n, l) => n + 1 + l.rows.length, 0) +
    (doc.banner ? 2 : 0);
  const height = 120 + rowCount * 13 + 60;
  const pdf = new PDFDocument({
    size: [WIDTH, height],
    margin: MARGIN,
    info: { Title: `Receipt ${doc.barcode}${doc.copy ? ' (COPY)' : ''}`, Author: 'Kassa' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const inner = WIDTH - 2 * MARGIN;
  const row = (label: string, value: string, strong = false) => {
    pdf.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const y = pdf.y;
    pdf.text(label, MARGIN, y, { width: inner * 0.68 });
    const after = pdf.y;
    pdf.text(value, MARGIN + inner * 0.68, y, { width: inner * 0.32, align: 'right' });
    pdf.y = Math.max(after, pdf.y);
  };
  const rule = () => {
    pdf.moveDown(0.2);
    pdf
      .moveTo(MARGIN, pdf.y)
      .lineTo(WIDTH - MARGIN, pdf.y)
      .lineWidth(0.5)
      .stroke();
    pdf.moveDown(0.3);
  };
  const banner = () => {
    if (doc.banner)
      pdf.font('Helvetica-Bold').fontSize(12).text(`*** ${doc.banner} ***`, { align: 'center' });
  };

  banner();
  pdf
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(doc.header[0] ?? '', { align: 'center' });
  pdf.font('Helvetica').fontSize(8);
  for (const h of doc.header.slice(1)) pdf.text(h, { align: 'center' });
  rule();
  for (const m of doc.meta) row(m.label, m.value);
  rule();
  for (const line of doc.lines) {
    pdf.font('Helvetica').fontSize(8).text(line.name, MARGIN, pdf.y, { width: inner });
    for (const r of line.rows) row(`  ${r.label}`, r.value);
  }
  rule();
  for (const t of doc.totals) row(t.label, t.value, t.strong);
  rule();
  for (const p of doc.payments) row(p.label, p.value, p.strong);
  pdf.moveDown(0.5);
  pdf.image(barcode, MARGIN + inner * 0.1, pdf.y, { width: inner * 0.8 });
  pdf.moveDown(0.3);
  pdf.font('Helvetica').fontSize(8);
  for (const f of doc.footer) pdf.text(f, MARGIN, pdf.y, { width: inner, align: 'center' });
  banner();
  pdf.end();
  return done;
}
