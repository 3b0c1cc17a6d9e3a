import { formatMoney } from '@kassa/domain';

/** What one label shows. `price` in minor units of `currency`; `barcode` a checked GTIN or null. */
export type LabelProduct = {
  sku: string;
  name: string;
  price: number;
  currency: string;
  unit: 'each' | 'kg' | 'l';
  barcode: string | null;
};

/** The bwip-js symbology of a GTIN by its length (GS1 General Specifications, 5.2). */
const GTIN_SYMBOLOGY: Readonly<Record<number, string>> = { 8: 'ean8', 12: 'upca', 13: 'ean13', 14: 'itf14' };

/**
 * The barcode of a label as a PNG: the GTIN in its GS1 symbology, or the SKU as Code 128 for a
 * product without a GTIN. bwip-js checks the GTIN's check digit again and throws on a bad one
 * (catalog GTINs are checked on the way in, so that would be a bug).
 */
export async function renderLabelBarcode(product: Pick<LabelProduct, 'sku' | 'barcode'>): Promise<Buffer> {
  // Loaded on first use: a server that never prints labels does not keep bwip-js resident.
  const { default: bwipjs } = await import('bwip-js/node');
  const bcid = product.barcode ? (GTIN_SYMBOLOGY[product.barcode.length] ?? 'code128') : 'code128';
  return bwipjs.toBuffer({
    bcid,
    text: product.barcode ?? product.sku,
    scale: 2,
    height: bcid === 'itf14' ? 8 : 10,
    ...(bcid === 'itf14' ? { borderwidth: 0 } : {}),
  });
}

const MM = 72 / 25.4;
const A4: [number, number] = [595.28, 841.89];

/** Sheet layouts: A4 label sheets of the common formats (L7159: 3 x 8 of 64 x 34 mm; L7651: 5 x 13 of 38 x 21 mm). */
const SHEETS = {
  shelf: {
    columns: 3,
    rows: 8,
    width: 64 * MM,
    height: 33.9 * MM,
    left: 6.5 * MM,
    top: 13 * MM,
    gap: 2.5 * MM,
  },
  barcode: {
    columns: 5,
    rows: 13,
    width: 38.1 * MM,
    height: 21.2 * MM,
    left: 4.7 * MM,
    top: 10.7 * MM,
    gap: 2.5 * MM,
  },
} as const;

const perUnit = (unit: LabelProduct['unit']) => (unit === 'each' ? '' : ` / ${unit}`);

/**
 * Renders labels as an A4 PDF of label sheets (built-in Helvetica, so no font files): `shelf`
 * labels show name, price (per kg or l for weighed goods), SKU and barcode; `barcode` stickers show
 * the barcode, a short name and the price. Each product gets `copies` labels, in the order given.
 * Resolves with the whole file. Throws what bwip-js throws for a barcode it cannot encode.
 */
export async function renderLabelsPdf(
  products: LabelProduct[],
  kind: 'shelf' | 'barcode',
  copies: number,
): Promise<Buffer> {
  // Loaded on first use: a server that never prints labels does not keep pdfkit resident.
  const { default: PDFDocument } = await import('pdfkit');
  const barcodes = await Promise.all(products.map((p) => renderLabelBarcode(p)));
  const sheet = SHEETS[kind];
  const perPage = sheet.columns * sheet.rows;
  const pdf = new PDFDocument({
    size: A4,
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Kassa ${kind} labels`, Author: 'Kassa' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  let slot = 0;
  products.forEach((product, index) => {
    const image = barcodes[index]!;
    for (let copy = 0; copy < copies; copy++, slot++) {
      const cell = slot % perPage;
      if (cell === 0) pdf.addPage({ size: A4, margin: 0 });
      const x = sheet.left + (cell % sheet.columns) * (sheet.width + sheet.gap);
      const y = sheet.top + Math.floor(cell / sheet.columns) * sheet.height;
      const pad = 2 * MM;
      const inner = sheet.width - 2 * pad;
      const price = formatMoney(product.price, product.currency) + perUnit(product.unit);
      const code = product.barcode ?? product.sku;
      if (kind === 'shelf') {
        pdf
          .font('Helvetica-Bold')
          .fontSize(9)
          .text(product.name, x + pad, y + pad, { width: inner, height: 22, ellipsis: true });
        pdf
          .font('Helvetica-Bold')
          .fontSize(18)
          .text(price, x + pad, y + 27, { width: inner, lineBreak: false });
        pdf
          .font('Helvetica')
          .fontSize(6)
          .text(`SKU ${product.sku}`, x + pad, y + 50, { width: inner * 0.45, lineBreak: false });
        pdf.image(image, x + pad + inner * 0.48, y + 48, { fit: [inner * 0.52, 30] });
        pdf
          .font('Helvetica')
          .fontSize(6)
          .text(code, x + pad + inner * 0.48, y + 80, {
            width: inner * 0.52,
            align: 'center',
            lineBreak: false,
          });
      } else {
        pdf.image(image, x + pad, y + pad, { fit: [inner, 28], align: 'center' });
        pdf
          .font('Helvetica')
          .fontSize(6)
          .text(code, x + pad, y + pad + 29, { width: inner, align: 'center', lineBreak: false });
        pdf
          .font('Helvetica')
          .fontSize(6)
          .text(product.name, x + pad, y + pad + 37, {
            width: inner * 0.6,
            height: 8,
            ellipsis: true,
            lineBreak: false,
          });
        pdf
          .font('Helvetica-Bold')
          .fontSize(7)
          .text(price, x + pad + inner * 0.6, y + pad + 37, {
            width: inner * 0.4,
            align: 'right',
            lineBreak: false,
          });
      }
    }
  });
  pdf.end();
  return done;
}
