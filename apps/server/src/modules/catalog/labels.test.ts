/**
 * Shelf and barcode labels as PDF. The PDF is read back enough to check it: pages, the text drawn
 * (pdfkit writes the built-in fonts' WinAnsi codes as hex strings in FlateDecode content streams),
 * and one barcode image drawn per label.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, gtinCheckDigit } from '@kassa/domain';
import type { LoginResponse, Product } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { catalogFootprint } from '../../../test/catalog-footprint.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';
import { renderLabelBarcode } from './labels.pdf.ts';

let t: TestContext;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let currency: string;
const products: Product[] = [];

const gtin = (body: string) => `${body}${gtinCheckDigit(body)}`;

type ReadPdf = { pages: number; text: string[]; barcodesDrawn: number[] };

/** Pages, the text runs of each page (one string per text object) and image draws per page. */
function readPdf(pdf: Buffer): ReadPdf {
  const raw = pdf.toString('latin1');
  const pages = (raw.match(/\/Type \/Page\b/g) ?? []).length;
  const text: string[] = [];
  const barcodesDrawn: number[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue; // not a Flate stream
    }
    if (!content.includes(' Tf')) continue; // image data, not a page's content
    barcodesDrawn.push((content.match(/\/I\d+ Do/g) ?? []).length);
    for (const tj of content.matchAll(/\[(.*?)\] TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('');
      text.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return { pages, text, barcodesDrawn };
}

function labels(payload: object, token = manager) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/products/labels',
    headers: bearer(token.accessToken),
    payload,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  const settings = await t.app.inject({
    method: 'GET',
    url: '/api/v1/settings',
    headers: bearer(manager.accessToken),
  });
  currency = settings.json<{ currency: string }>().currency;
  const made = [
    { sku: 'LBL-13', name: 'Label gin', barcodes: [gtin('400000000101')], price: 2499, unit: 'each' },
    { sku: 'LBL-12', name: 'Label apples', barcodes: [gtin('04000000010')], price: 349, unit: 'kg' },
    { sku: 'LBL-8', name: 'Label mints', barcodes: [gtin('4000001')], price: 99, unit: 'each' },
    { sku: 'LBL-NONE', name: 'Label bread (no GTIN)', barcodes: [], price: 250, unit: 'each' },
  ];
  for (const body of made) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: bearer(manager.accessToken),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    products.push(res.json<Product>());
  }
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/products/labels', () => {
  it('prints a shelf label per product: name, price (per kg when weighed), SKU, barcode', async () => {
    const res = await labels({ productIds: products.map((p) => p.id), kind: 'shelf' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="shelf-labels.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = readPdf(res.rawPayload);
    expect(pdf.pages).toBe(1);
    expect(pdf.barcodesDrawn).toEqual([4]);
    for (const p of products) {
      expect(pdf.text).toContain(p.name);
      expect(pdf.text).toContain(`SKU ${p.sku}`);
      expect(pdf.text).toContain(formatMoney(p.price, currency) + (p.unit === 'kg' ? ' / kg' : ''));
      // The code under the barcode: the GTIN, or the SKU (Code 128) without one.
      expect(pdf.text).toContain(p.barcodes[0] ?? p.sku);
    }
    // Labels follow the order asked for.
    const order = products.map((p) => pdf.text.indexOf(p.name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('prints barcode stickers, copies of each, over as many A4 sheets as needed (65 a sheet)', async () => {
    const selection = products.slice(0, 3).map((p) => p.id);
    const res = await labels({ productIds: selection, kind: 'barcode', copies: 30 });
    expect(res.statusCode, res.body).toBe(200);
    const pdf = readPdf(res.rawPayload);
    expect(pdf.pages).toBe(2);
    expect(pdf.barcodesDrawn).toEqual([65, 25]);
    for (const p of products.slice(0, 3)) {
      expect(pdf.text.filter((s) => s === p.barcodes[0])).toHaveLength(30);
    }
    expect(pdf.text).not.toContain(products[3]!.name);
  });

  it('encodes a GTIN in its GS1 symbology (bwip-js re-checks the check digit), else the SKU as Code 128', async () => {
    const png = (barcode: string | null, sku = 'X-1') => renderLabelBarcode({ sku, barcode });
    for (const code of [gtin('400000000101'), gtin('04000000010'), gtin('4000001'), gtin('1400000000010')]) {
      const image = await png(code);
      expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    // A wrong check digit is refused by the EAN-13 encoder: the GTIN is not drawn as plain Code 128.
    const good = gtin('400000000101');
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    await expect(png(bad)).rejects.toThrow(/check digit/i);
    expect((await png(null, 'SKU WITH SPACES')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it("refuses a cashier (403), another company's or an unknown product (404) and an empty selection (400); writes nothing", async () => {
    const before = await catalogFootprint(t.db, manager.company.id);
    const cases = [
      { payload: { productIds: [products[0]!.id] }, token: cashier, status: 403, code: 'forbidden' },
      {
        payload: { productIds: [products[0]!.id, other.productId] },
        token: manager,
        status: 404,
        code: 'product_not_found',
      },
      {
        payload: { productIds: ['01900000-0000-7000-8000-000000000000'] },
        token: manager,
        status: 404,
        code: 'product_not_found',
      },
      { payload: { productIds: [] }, token: manager, status: 400, code: 'validation_failed' },
      {
        payload: { productIds: [products[0]!.id], copies: 0 },
        token: manager,
        status: 400,
        code: 'validation_failed',
      },
    ];
    for (const c of cases) {
      const res = await labels(c.payload, c.token);
      expect(res.statusCode, res.body).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json<{ code: string }>().code).toBe(c.code);
    }
    const foreign = await labels({ productIds: [other.productId] });
    expect(foreign.json<{ details: { productId: string } }>().details.productId).toBe(other.productId);
    expect(await catalogFootprint(t.db, manager.company.id)).toEqual(before);
  });
});
