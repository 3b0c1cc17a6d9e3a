import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { newDocumentId } from '@kassa/domain';
import { Sale, type LoginResponse, type Product, type SalePage } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import {
  bearer,
  companyFootprint,
  createTestApp,
  login,
  stores,
  TEST_JWT_SECRET,
  type TestContext,
} from '../../../test/harness.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';

/** Iowa 6 % + 1 %, exclusive, each rounded half-up per line: the arithmetic written out by hand. */
const iowaTax = (net: number) => Math.floor((net * 6 + 50) / 100) + Math.floor((net * 1 + 50) / 100);

let t: TestContext;
let cashier: LoginResponse;
let manager: LoginResponse;
let registerId: string;
let register2Id: string;
let storeId: string;
let products: Product[];
let other: OtherCompany;

async function search(q: string): Promise<Product[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/products?q=${encodeURIComponent(q)}&limit=5`,
    headers: bearer(cashier.accessToken),
  });
  return res.json<{ items: Product[] }>().items;
}

function postSale(payload: unknown, token = cashier.accessToken) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(token),
    payload: payload as object,
  });
}

function saleBody(overrides: Record<string, unknown> = {}) {
  return {
    id: newDocumentId(),
    registerId,
    lines: [{ productId: products[0]!.id, quantity: '1' }],
    tenders: [{ method: 'cash', amount: 100_000 }],
    ...overrides,
  };
}

async function onHand(productId: string, store = storeId): Promise<string> {
  return withCompanyTx(t.db, cashier.company.id, async (tx) => {
    const [row] = await tx
      .select({ onHand: s.stockLevels.onHand })
      .from(s.stockLevels)
      .where(and(eq(s.stockLevels.storeId, store), eq(s.stockLevels.productId, productId)));
    return row!.onHand;
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  const [store] = await stores(t.app, cashier.accessToken);
  storeId = store!.id;
  registerId = store!.registers[0]!.id;
  register2Id = store!.registers[1]!.id;
  products = [...(await search('Absolut')), ...(await search('Vodka'))]
    .filter((p) => p.price > 0)
    .slice(0, 3);
  expect(products).toHaveLength(3);
  other = await seedOtherCompany(t.db);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/sales', () => {
  it('completes a cash sale: totals, tax, change, receipt number, stock and movements', async () => {
    const [a, b] = products as [Product, Product];
    const before = { a: await onHand(a.id), b: await onHand(b.id) };
    const body = saleBody({
      lines: [
        { productId: a.id, quantity: '2', discountPercent: '5' },
        { productId: b.id, quantity: 1 },
      ],
      tenders: [{ method: 'cash', amount: 100_000 }],
    });
    const res = await postSale(body);
    expect(res.statusCode).toBe(201);
    const sale = res.json<Sale>();
    // The reply is written by a compiled serializer (fastSerializerCompiler): it must still be
    // exactly a Sale of the contract, no property more or less, every format and bound kept.
    expect(Sale.strict().parse(sale)).toEqual(sale);

    const grossA = a.price * 2;
    const discountA = Math.floor((grossA * 5 + 50) / 100);
    const netA = grossA - discountA;
    const netB = b.price;
    const tax = iowaTax(netA) + iowaTax(netB);
    const total = netA + netB + tax;
    expect(sale).toMatchObject({
      id: body.id,
      status: 'completed',
      currency: 'USD',
      subtotal: grossA + netB,
      discountTotal: discountA,
      taxTotal: tax,
      total,
      tendered: 100_000,
      change: 100_000 - total,
      storeTimeZone: 'America/Chicago',
      cashierName: 'Casey Cashier',
    });
    expect(sale.receiptNumber).toMatch(/^S1-R1-\d{6}$/);
    expect(sale.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.net])).toEqual([
      [a.sku, '2', a.price, netA],
      [b.sku, '1', b.price, netB],
    ]);
    expect(sale.lines[0]!.taxes.map((x) => x.rate)).toEqual(['6', '1']);
    expect(sale.taxes.reduce((sum, x) => sum + x.amount, 0)).toBe(tax);
    expect(sale.tenders).toEqual([
      expect.objectContaining({ method: 'cash', tendered: 100_000, amount: total }),
    ]);

    expect(Number(await onHand(a.id))).toBe(Number(before.a) - 2);
    expect(Number(await onHand(b.id))).toBe(Number(before.b) - 1);
    const movements = await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx.select().from(s.stockMovements).where(eq(s.stockMovements.saleId, body.id)),
    );
    expect(movements.map((m) => [m.productId, Number(m.quantity), m.reason]).sort()).toEqual(
      [
        [a.id, -2, 'sale'],
        [b.id, -1, 'sale'],
      ].sort(),
    );

    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sales/${body.id}`,
      headers: bearer(cashier.accessToken),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(sale);
  });

  it('splits a sale over an external card and cash, with change from the cash only', async () => {
    const p = products[2]!;
    const total = p.price + iowaTax(p.price);
    const res = await postSale(
      saleBody({
        lines: [{ productId: p.id, quantity: '1' }],
        tenders: [
          { method: 'card', amount: 1000, reference: 'AUTH-123' },
          { method: 'cash', amount: total },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const sale = res.json<Sale>();
    expect(sale.total).toBe(total);
    expect(sale.change).toBe(1000);
    expect(sale.tenders).toEqual([
      expect.objectContaining({ method: 'card', amount: 1000, tendered: 1000, reference: 'AUTH-123' }),
      expect.objectContaining({ method: 'cash', amount: total - 1000, tendered: total }),
    ]);
  });

  it('returns the stored sale for a repeated id and writes nothing more', async () => {
    const body = saleBody();
    const first = await postSale(body);
    expect(first.statusCode).toBe(201);
    const footprint = await companyFootprint(t.db, cashier.company.id);
    const again = await postSale(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(Sale.strict().parse(again.json())).toEqual(again.json());
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(footprint);
  });

  it('creates one sale when the same id is posted concurrently', async () => {
    const body = saleBody({ registerId: register2Id });
    const before = await companyFootprint(t.db, cashier.company.id);
    const results = await Promise.all([postSale(body), postSale(body), postSale(body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const ids = new Set(results.map((r) => r.json<Sale>().receiptNumber));
    expect(ids.size).toBe(1);
    const after = await companyFootprint(t.db, cashier.company.id);
    expect(Number(after.sales) - Number(before.sales)).toBe(1);
    expect(Number(after.receipt_seqs) - Number(before.receipt_seqs)).toBe(1);
  });

  it('numbers receipts per register without gaps, also around refused sales', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await postSale(saleBody());
      numbers.push(ok.json<Sale>().receiptNumber);
      const refused = await postSale(saleBody({ tenders: [{ method: 'cash', amount: 1 }] }));
      expect(refused.statusCode).toBe(422);
    }
    const seqs = numbers.map((n) => Number(n.split('-')[2]));
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
  });
});

describe('refused sales write nothing', () => {
  const cases: [
    string,
    () => Promise<{ statusCode: number; json: () => unknown; headers: Record<string, unknown> }>,
    number,
    string,
  ][] = [
    [
      'malformed JSON',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/sales',
          headers: { ...bearer(cashier.accessToken), 'content-type': 'application/json' },
          payload: '{"id": "x", lines: [',
        }),
      400,
      'malformed_json',
    ],
    ['a missing field', () => postSale({ ...saleBody(), lines: undefined }), 400, 'validation_failed'],
    [
      'an id that is not a UUIDv7',
      () => postSale(saleBody({ id: '3b241101-e2bb-4255-8caf-4136c566a962' })),
      400,
      'validation_failed',
    ],
    [
      'an unknown field',
      () => postSale({ ...saleBody(), companyId: '01a1fe7f-be36-773a-bbb1-ae40d7086ca5' }),
      400,
      'validation_failed',
    ],
    [
      'an unknown product',
      () => postSale(saleBody({ lines: [{ productId: newDocumentId(), quantity: '1' }] })),
      404,
      'product_not_found',
    ],
    [
      'quantity zero',
      () => postSale(saleBody({ lines: [{ productId: products[0]!.id, quantity: '0' }] })),
      422,
      'invalid_quantity',
    ],
    [
      'a negative quantity',
      () => postSale(saleBody({ lines: [{ productId: products[0]!.id, quantity: -1 }] })),
      422,
      'invalid_quantity',
    ],
    [
      'a quantity that is not a number',
      () => postSale(saleBody({ lines: [{ productId: products[0]!.id, quantity: 'abc' }] })),
      422,
      'invalid_quantity',
    ],
    [
      'more than 3 decimals',
      () => postSale(saleBody({ lines: [{ productId: products[0]!.id, quantity: '1.0005' }] })),
      422,
      'invalid_quantity',
    ],
    [
      'a discount above the cashier limit',
      () =>
        postSale(saleBody({ lines: [{ productId: products[0]!.id, quantity: '1', discountPercent: '15' }] })),
      422,
      'discount_over_limit',
    ],
    [
      'tenders short of the total',
      () => postSale(saleBody({ tenders: [{ method: 'cash', amount: 100 }] })),
      422,
      'tenders_short',
    ],
    [
      'a card tender above the total',
      () => postSale(saleBody({ tenders: [{ method: 'card', amount: 10_000_000 }] })),
      422,
      'card_over_total',
    ],
    [
      "another company's register",
      () => postSale(saleBody({ registerId: other.registerId })),
      404,
      'register_not_found',
    ],
    [
      "another company's product",
      () => postSale(saleBody({ lines: [{ productId: other.productId, quantity: '1' }] })),
      404,
      'product_not_found',
    ],
    [
      'no token',
      () => t.app.inject({ method: 'POST', url: '/api/v1/sales', payload: saleBody() }),
      401,
      'unauthorized',
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await companyFootprint(t.db, cashier.company.id);
    const beforeOther = await companyFootprint(t.db, other.companyId);
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status,
      code,
      type: expect.stringContaining('https://'),
      title: expect.any(String),
    });
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(before);
    expect(await companyFootprint(t.db, other.companyId)).toEqual(beforeOther);
  });

  it('an inactive product (priced nowhere in the source file)', async () => {
    const inactive = await withCompanyTx(t.db, cashier.company.id, async (tx) => {
      const [row] = await tx.select().from(s.products).where(eq(s.products.active, false)).limit(1);
      return row!;
    });
    const before = await companyFootprint(t.db, cashier.company.id);
    const res = await postSale(saleBody({ lines: [{ productId: inactive.id, quantity: '1' }] }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'product_inactive', details: { productId: inactive.id } });
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(before);
  });

  it('an expired token', async () => {
    const expired = await new SignJWT({ cid: cashier.company.id, role: 'cashier' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(cashier.user.id)
      .setIssuer('kassa')
      .setAudience('kassa-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const before = await companyFootprint(t.db, cashier.company.id);
    const res = await postSale(saleBody(), expired);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_expired' });
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(before);
  });

  it('a manager may give a larger discount than a cashier', async () => {
    const res = await postSale(
      saleBody({ lines: [{ productId: products[0]!.id, quantity: '1', discountPercent: '15' }] }),
      manager.accessToken,
    );
    expect(res.statusCode).toBe(201);
  });
});

describe('reading sales', () => {
  it("answers 404 for another company's sale, and for an unknown one", async () => {
    const otherOwner = await login(t.app, other.email, other.password);
    const sale = await postSale(
      {
        id: newDocumentId(),
        registerId: other.registerId,
        lines: [{ productId: other.productId, quantity: '1' }],
        tenders: [{ method: 'card', amount: 1999 }],
      },
      otherOwner.accessToken,
    );
    expect(sale.statusCode).toBe(201);
    // 19 % VAT included in 19.99: the total is the shelf price.
    expect(sale.json<Sale>()).toMatchObject({ total: 1999, taxTotal: 319, currency: 'EUR' });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sales/${sale.json<Sale>().id}`,
      headers: bearer(cashier.accessToken),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sales/${newDocumentId()}`,
      headers: bearer(cashier.accessToken),
    });
    expect(unknown.statusCode).toBe(404);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sales?limit=200',
      headers: bearer(manager.accessToken),
    });
    expect(list.json<SalePage>().items.map((x) => x.id)).not.toContain(sale.json<Sale>().id);
  });

  it('lists sales filtered by store, register, cashier and date range (managers only)', async () => {
    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sales',
      headers: bearer(cashier.accessToken),
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'forbidden' });

    const all = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/sales?limit=200',
        headers: bearer(manager.accessToken),
      })
    ).json<SalePage>();
    expect(all.total).toBeGreaterThan(5);
    expect(all.items.every((x) => x.storeId === storeId)).toBe(true);
    const byRegister = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/sales?registerId=${register2Id}`,
        headers: bearer(manager.accessToken),
      })
    ).json<SalePage>();
    expect(byRegister.total).toBe(1);
    const byManager = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/sales?cashierId=${manager.user.id}`,
        headers: bearer(manager.accessToken),
      })
    ).json<SalePage>();
    expect(byManager.items.map((x) => x.cashierId)).toEqual(byManager.items.map(() => manager.user.id));
    expect(byManager.total).toBe(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/sales?from=${encodeURIComponent(future)}`,
        headers: bearer(manager.accessToken),
      })
    ).json<SalePage>();
    expect(none.total).toBe(0);
    const page = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/sales?limit=2&offset=1',
        headers: bearer(manager.accessToken),
      })
    ).json<SalePage>();
    expect(page.items.map((x) => x.id)).toEqual(all.items.slice(1, 3).map((x) => x.id));
  });
});

describe('a sale from an ended session', () => {
  it('is refused with 401 and writes nothing (the session is checked with the BEGIN of the sale)', async () => {
    const session = await login(t.app, 'cashier@demo.kassa.dev');
    const sessionId = (
      JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as {
        sid: string;
      }
    ).sid;
    // The session works, then ends (as logout, revocation or disabling the user do).
    expect((await postSale(saleBody(), session.accessToken)).statusCode).toBe(201);
    await withCompanyTx(t.db, cashier.company.id, (tx) =>
      tx.update(s.sessions).set({ revokedAt: new Date() }).where(eq(s.sessions.id, sessionId)),
    );
    const before = await companyFootprint(t.db, cashier.company.id);
    const body = saleBody();
    const res = await postSale(body, session.accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_token' });
    // Not even the receipt number was taken.
    expect(await companyFootprint(t.db, cashier.company.id)).toEqual(before);
    // Another session of the same cashier still sells.
    expect((await postSale(saleBody(), cashier.accessToken)).statusCode).toBe(201);
    // A disabled user's sessions have all ended; enabled again, they work again.
    const setActive = (active: boolean) =>
      withCompanyTx(t.db, cashier.company.id, (tx) =>
        tx.update(s.users).set({ active }).where(eq(s.users.id, cashier.user.id)),
      );
    await setActive(false);
    try {
      const footprint = await companyFootprint(t.db, cashier.company.id);
      expect((await postSale(saleBody(), cashier.accessToken)).statusCode).toBe(401);
      expect(await companyFootprint(t.db, cashier.company.id)).toEqual(footprint);
    } finally {
      await setActive(true);
    }
    expect((await postSale(saleBody(), cashier.accessToken)).statusCode).toBe(201);
  });

  it('is the only route that leaves its session check to its transaction (a diff here needs review)', () => {
    const routes = t.app.routePermissions
      .filter((r) => r.sessionCheck === 'transaction')
      .map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(['POST /api/v1/sales']);
  });
});
