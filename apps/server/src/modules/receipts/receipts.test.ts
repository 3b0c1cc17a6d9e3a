import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, ReceiptDocument, Sale } from '@kassa/contracts';
import { bearer, createTestApp, login, stores, type TestContext } from '../../../test/harness.ts';
import { seedOtherCompany } from '../../../test/factories.ts';
import { createMailer } from '../../mail/mailer.ts';

let t: TestContext;
let cashier: LoginResponse;
let otherToken: string;
let sale: Sale;
let smtp: SMTPServer;
const inbox: { to: string[]; mail: ParsedMail }[] = [];

const api = (method: 'GET' | 'POST', url: string, token = cashier.accessToken, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  // A real SMTP peer on a free local port: the receipt goes through nodemailer over the wire.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    mailer: createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Kassa <receipts@test.kassa.dev>',
      log: { info: () => undefined } as never,
    }),
  });
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  const other = await seedOtherCompany(t.db);
  otherToken = (await login(t.app, other.email, other.password)).accessToken;
  const [store] = await stores(t.app, cashier.accessToken);
  const products = (await api('GET', '/products?q=vodka&limit=5')).json<{ items: Product[] }>().items;
  const [a, b] = products.filter((p) => p.price > 0);
  const res = await api('POST', '/sales', cashier.accessToken, {
    id: newDocumentId(),
    registerId: store!.registers[0]!.id,
    lines: [
      { productId: a!.id, quantity: '2', discountPercent: '5' },
      { productId: b!.id, quantity: '1' },
    ],
    tenders: [
      { method: 'card', amount: 1_000, reference: 'AUTH123' },
      { method: 'cash', amount: 100_000 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  sale = res.json<Sale>();
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('receipt model', () => {
  it('lays out the stored sale, and a reprint is marked COPY', async () => {
    const original = await api('GET', `/sales/${sale.id}/receipt`);
    expect(original.statusCode, original.body).toBe(200);
    const doc = original.json<ReceiptDocument>();
    expect(doc.copy).toBe(false);
    expect(doc.banner).toBeNull();
    expect(doc.header[0]).toBe(sale.storeName);
    expect(doc.meta).toContainEqual({ label: 'Receipt', value: sale.receiptNumber });
    expect(doc.lines.map((l) => l.name.replace(/ \d+\+$/, ''))).toEqual(sale.lines.map((l) => l.name));
    expect(doc.lines[0]!.rows).toEqual([
      { label: `2 x ${dollars(sale.lines[0]!.unitPrice)}`, value: dollars(sale.lines[0]!.gross) },
      { label: 'Discount 5%', value: `-${dollars(sale.lines[0]!.discount)}` },
    ]);
    expect(doc.totals).toContainEqual({ label: 'TOTAL', value: dollars(sale.total), strong: true });
    expect(doc.payments).toEqual([
      { label: 'Card AUTH123', value: dollars(1_000) },
      { label: 'Cash', value: dollars(100_000) },
      { label: 'Change', value: dollars(sale.change), strong: true },
    ]);
    expect(doc.barcode).toBe(sale.receiptNumber);

    const copy = (await api('GET', `/sales/${sale.id}/receipt?copy=true`)).json<ReceiptDocument>();
    expect(copy).toEqual({ ...doc, copy: true, banner: 'COPY' });
  });

  it("is 404 for another company's sale and for an unknown id", async () => {
    for (const url of [
      `/sales/${sale.id}/receipt`,
      `/sales/${sale.id}/receipt.pdf`,
      `/sales/${sale.id}/receipt.escpos`,
    ]) {
      expect((await api('GET', url, otherToken)).statusCode).toBe(404);
    }
    expect((await api('GET', `/sales/${newDocumentId()}/receipt`)).statusCode).toBe(404);
    const mail = await api('POST', `/sales/${sale.id}/receipt/email`, otherToken, { to: 'x@example.com' });
    expect(mail.statusCode).toBe(404);
  });
});

describe('receipt outputs', () => {
  it('renders a PDF (COPY on a reprint)', async () => {
    const res = await api('GET', `/sales/${sale.id}/receipt.pdf?copy=true`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.rawPayload;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The document title, a PDF literal string (parentheses escaped).
    expect(body.toString('latin1')).toContain(`(Receipt ${sale.receiptNumber} \\(COPY\\))`);
    const original = (await api('GET', `/sales/${sale.id}/receipt.pdf`)).rawPayload.toString('latin1');
    expect(original).toContain(`(Receipt ${sale.receiptNumber})`);
  });

  it('encodes ESC/POS for 58 and 80 mm, with the barcode, a cut and the drawer kick only when asked', async () => {
    const narrow = (await api('GET', `/sales/${sale.id}/receipt.escpos?width=58`)).rawPayload;
    const wide = await api('GET', `/sales/${sale.id}/receipt.escpos?width=80&copy=true&drawer=true`);
    expect(wide.headers['content-type']).toBe('application/octet-stream');
    const bytes = wide.rawPayload;
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @ initialize
    const text = bytes.toString('latin1');
    expect(text).toContain('COPY');
    expect(narrow.toString('latin1')).not.toContain('COPY');
    expect(text).toContain(sale.receiptNumber);
    expect(bytes.indexOf(Buffer.from([0x1d, 0x6b]))).toBeGreaterThan(0); // GS k: barcode
    expect(bytes.indexOf(Buffer.from([0x1d, 0x56]))).toBeGreaterThan(0); // GS V: cut
    const kick = Buffer.from([0x1b, 0x70, 0x00, 50, 250]); // ESC p pin 2, 100 ms on, 500 ms off
    expect(bytes.subarray(bytes.length - kick.length)).toEqual(kick);
    expect(narrow.indexOf(Buffer.from([0x1b, 0x70]))).toBe(-1);
    // 58 mm rolls print 32 characters a line, 80 mm 48: the same rule line is shorter.
    expect(narrow.toString('latin1')).not.toContain('-'.repeat(33));
    expect(narrow.length).toBeLessThan(bytes.length);
    expect((await api('GET', `/sales/${sale.id}/receipt.escpos?width=76`)).statusCode).toBe(400);
  });

  it("prints the store's header lines and tax id from its settings, on every output", async () => {
    const owner = await login(t.app, 'owner@demo.kassa.dev');
    const settings = { receiptHeader: 'Open daily 9-21\nCall 555-0100', taxId: 'IA-4471-0092' };
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stores/${sale.storeId}`,
      headers: bearer(owner.accessToken),
      payload: settings,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ receiptHeader: string; taxId: string }>()).toMatchObject(settings);
    // A cashier may not change them.
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stores/${sale.storeId}`,
      headers: bearer(cashier.accessToken),
      payload: { taxId: 'X' },
    });
    expect(refused.statusCode).toBe(403);

    const doc = (await api('GET', `/sales/${sale.id}/receipt`)).json<ReceiptDocument>();
    expect(doc.header).toEqual([
      sale.storeName,
      sale.storeAddress,
      'Open daily 9-21',
      'Call 555-0100',
      'Tax ID IA-4471-0092',
    ]);
    const escpos = (await api('GET', `/sales/${sale.id}/receipt.escpos?width=58`)).rawPayload.toString(
      'latin1',
    );
    expect(escpos).toContain('Call 555-0100');
    expect(escpos).toContain('Tax ID IA-4471-0092');
    const read = (await api('GET', `/sales/${sale.id}`)).json<Sale>();
    expect(read).toMatchObject({ receiptHeader: settings.receiptHeader, storeTaxId: settings.taxId });
  });

  it('e-mails the receipt over SMTP with the PDF attached', async () => {
    const res = await api('POST', `/sales/${sale.id}/receipt/email`, cashier.accessToken, {
      to: 'customer@example.com',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: true, to: 'customer@example.com' });
    const got = inbox.find((m) => m.to.includes('customer@example.com'))!;
    expect(got).toBeDefined();
    expect(got.mail.subject).toBe(`Your receipt ${sale.receiptNumber} from ${sale.storeName}`);
    expect(got.mail.text).toContain(sale.receiptNumber);
    expect(got.mail.text).toContain(dollars(sale.total));
    expect(got.mail.attachments).toHaveLength(1);
    expect(got.mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(got.mail.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const bad = await api('POST', `/sales/${sale.id}/receipt/email`, cashier.accessToken, {
      to: 'not-an-address',
    });
    expect(bad.statusCode).toBe(400);
    expect(inbox).toHaveLength(1);
  });
});

function dollars(minor: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);
}
