import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { DomainError, newDocumentId } from '@kassa/domain';
import type { LoginResponse, Product, Sale, Tax, TaxList } from '@kassa/contracts';
import { schema as s, withCompanyTx } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import {
  bearer,
  createTestApp,
  DEMO_PASSWORD,
  login,
  stores,
  type TestContext,
} from '../../../test/harness.ts';
import { hashSecret } from '../auth/passwords.ts';
import { seedOtherCompany, type OtherCompany } from '../../../test/factories.ts';
import { insertTaxRate } from './taxes.repository.ts';

let t: TestContext;
let owner: LoginResponse;
let manager: LoginResponse;
let cashier: LoginResponse;
let other: OtherCompany;
let registerId: string;
let product: Product;
let iowa: Tax[];
/** A tax rate of the other company. */
let otherTaxId: string;

/** Half-up rounding of an exact fraction of minor units, written out by hand. */
const pct = (amount: number, percentTimes1000: number) =>
  Math.floor((amount * percentTimes1000 + 50_000) / 100_000);

beforeAll(async () => {
  t = await createTestApp();
  owner = await login(t.app, 'owner@demo.kassa.dev');
  manager = await login(t.app, 'manager@demo.kassa.dev');
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  other = await seedOtherCompany(t.db);
  otherTaxId = await withCompanyTx(t.db, other.companyId, async (tx) => {
    const [row] = await tx.select({ id: s.taxRates.id }).from(s.taxRates);
    return row!.id;
  });
  registerId = (await stores(t.app, cashier.accessToken))[0]!.registers[0]!.id;
  const page = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=absolut&limit=5',
    headers: bearer(cashier.accessToken),
  });
  product = page.json<{ items: Product[] }>().items.find((p) => p.price > 1000)!;
  iowa = product.taxes;
  expect(iowa.map((x) => x.rate)).toEqual(['6', '1']);
});
afterAll(async () => {
  await t?.close();
});

const listTaxes = async () =>
  (
    await t.app.inject({ method: 'GET', url: '/api/v1/taxes', headers: bearer(cashier.accessToken) })
  ).json<TaxList>().items;
const createTax = (payload: unknown, token = owner.accessToken) =>
  t.app.inject({ method: 'POST', url: '/api/v1/taxes', headers: bearer(token), payload: payload as object });
const setTaxes = (productId: string, taxIds: unknown, token = manager.accessToken) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/products/${productId}/taxes`,
    headers: bearer(token),
    payload: { taxIds } as object,
  });

async function sell(productId: string): Promise<Sale> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id: newDocumentId(),
      registerId,
      lines: [{ productId, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 1_000_000 }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Sale>();
}

/** Row counts that a refused tax change must leave alone, and the product's tax category. */
async function taxFootprint(productId = product.id) {
  return withCompanyTx(t.db, owner.company.id, async (tx) => {
    const [rates] = await tx.select({ n: count() }).from(s.taxRates);
    const [categories] = await tx.select({ n: count() }).from(s.taxCategories);
    const [links] = await tx.select({ n: count() }).from(s.taxCategoryRates);
    const [row] = await tx
      .select({ taxCategoryId: s.products.taxCategoryId, updatedAt: s.products.updatedAt })
      .from(s.products)
      .where(eq(s.products.id, productId));
    return { rates: rates!.n, categories: categories!.n, links: links!.n, product: row };
  });
}

describe('GET /api/v1/taxes', () => {
  it("lists the company's tax rates to any signed-in user", async () => {
    const items = await listTaxes();
    expect(items.map((x) => [x.name, x.rate, x.inclusive, x.compound])).toEqual([
      ['Iowa state sales tax', '6', false, false],
      ['Local option sales tax', '1', false, false],
    ]);
    expect(items.map((x) => x.id)).not.toContain(otherTaxId);
  });
});

describe('POST /api/v1/taxes', () => {
  it('lets the owner create a tax rate, returned with its id and a canonical rate', async () => {
    const res = await createTax({ name: 'Quebec sales tax', rate: '9.9750' });
    expect(res.statusCode).toBe(201);
    const tax = res.json<Tax>();
    expect(tax).toEqual({
      id: expect.any(String),
      name: 'Quebec sales tax',
      rate: '9.975',
      inclusive: false,
      compound: false,
    });
    expect((await listTaxes()).map((x) => x.id)).toContain(tax.id);
  });

  it('is refused to a manager (settings.write) and writes nothing', async () => {
    const before = await taxFootprint();
    const res = await createTax({ name: 'Sneaky', rate: '1' }, manager.accessToken);
    expect(res.statusCode).toBe(403);
    expect(await taxFootprint()).toEqual(before);
  });

  const refusals: [string, unknown, string][] = [
    ['a rate above 100', { name: 'x', rate: '100.0001' }, 'invalid_rate'],
    ['a negative rate', { name: 'x', rate: '-1' }, 'invalid_rate'],
    ['more than 4 decimals', { name: 'x', rate: '9.97501' }, 'invalid_rate'],
    ['a rate that is not a decimal', { name: 'x', rate: 'nine' }, 'invalid_rate'],
    [
      'an inclusive compound tax',
      { name: 'x', rate: '5', inclusive: true, compound: true },
      'inclusive_compound_tax',
    ],
    ['an empty name', { name: ' ', rate: '5' }, 'validation_failed'],
    ['a rate as a JSON number', { name: 'x', rate: 5 }, 'validation_failed'],
    ['an unknown field', { name: 'x', rate: '5', companyId: newDocumentId() }, 'validation_failed'],
  ];
  it.each(refusals)('refuses %s with a 400 problem and writes nothing', async (_name, payload, code) => {
    const before = await taxFootprint();
    const res = await createTax(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code });
    expect(await taxFootprint()).toEqual(before);
  });

  it("maps the table's CHECK constraints to domain errors when validation is bypassed", async () => {
    const attempt = (rate: string, inclusive: boolean, compound: boolean) =>
      withCompanyTx(t.db, owner.company.id, (tx) => {
        const ctx = { companyId: owner.company.id, tx } as unknown as Ctx;
        return insertTaxRate(ctx, { id: newDocumentId(), name: 'raw', rate, inclusive, compound });
      });
    await expect(attempt('150', false, false)).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'invalid_rate',
    );
    await expect(attempt('123456', false, false)).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'invalid_rate',
    );
    await expect(attempt('5', true, true)).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'inclusive_compound_tax',
    );
  });
});

describe('POST /api/v1/taxes with an Idempotency-Key', () => {
  const post = (key: string | undefined, payload: object, token = owner.accessToken) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/taxes',
      headers: { ...bearer(token), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload,
    });
  /** Tax rates and stored idempotency keys of a company, as rows (what a retry must not change). */
  const footprint = (companyId = owner.company.id) =>
    withCompanyTx(t.db, companyId, async (tx) => ({
      taxes: (await tx.select().from(s.taxRates)).map((r) => r.id).sort(),
      keys: await tx.select().from(s.idempotencyKeys).orderBy(s.idempotencyKeys.scope, s.idempotencyKeys.key),
    }));

  it('answers a repeat of the same key and body with the first answer, and creates one tax', async () => {
    const key = newDocumentId();
    const before = await footprint();
    const first = await post(key, { name: 'Double tap', rate: '7.5', inclusive: true });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const afterFirst = await footprint();
    expect(afterFirst.taxes).toHaveLength(before.taxes.length + 1);
    expect(afterFirst.keys).toHaveLength(before.keys.length + 1);

    // The same body with its fields in another order is the same request.
    const again = await post(key, { inclusive: true, rate: '7.5', name: 'Double tap' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await footprint()).toEqual(afterFirst);
    const stored = afterFirst.keys.find((k) => k.key === key)!;
    expect(stored).toMatchObject({ scope: 'POST /api/v1/taxes', status: 201, userId: owner.user.id });
    expect(stored.response).toEqual(first.json());
  });

  it('two taps at once create one tax, and both get its answer', async () => {
    const key = newDocumentId();
    const before = await footprint();
    const payload = { name: 'Simultaneous', rate: '3' };
    const [a, b] = await Promise.all([post(key, payload), post(key, payload)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<Tax>().id).toBe(b.json<Tax>().id);
    expect([a.headers['idempotency-replayed'], b.headers['idempotency-replayed']]).toContain('true');
    expect((await footprint()).taxes).toHaveLength(before.taxes.length + 1);
  });

  it('refuses the same key with another body (422 idempotency_key_reused) and changes nothing', async () => {
    const key = newDocumentId();
    expect((await post(key, { name: 'Reused', rate: '4' })).statusCode).toBe(201);
    const before = await footprint();
    const res = await post(key, { name: 'Reused', rate: '4.5' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await footprint()).toEqual(before);
  });

  it('refuses the same key and body from another user of the company (422) and changes nothing', async () => {
    // A second owner, so both may create taxes.
    const email = 'co-owner@demo.kassa.dev';
    const userId = newDocumentId();
    await withCompanyTx(t.db, owner.company.id, async (tx) => {
      await tx.insert(s.users).values({
        companyId: owner.company.id,
        id: userId,
        email,
        name: 'Co-owner',
        role: 'owner',
        passwordHash: await hashSecret(DEMO_PASSWORD),
      });
      await tx.insert(s.loginEmails).values({ email, companyId: owner.company.id, userId });
    });
    const coOwner = await login(t.app, email);
    const key = newDocumentId();
    const payload = { name: 'Mine', rate: '2' };
    expect((await post(key, payload)).statusCode).toBe(201);
    const before = await footprint();
    const res = await post(key, payload, coOwner.accessToken);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await footprint()).toEqual(before);
  });

  it('scopes keys by company: the same key in another company is a new request', async () => {
    const key = newDocumentId();
    const payload = { name: 'Same key elsewhere', rate: '6' };
    const ours = await post(key, payload);
    expect(ours.statusCode).toBe(201);
    const otherOwner = await login(t.app, other.email, other.password);
    const otherBefore = await footprint(other.companyId);
    const theirs = await post(key, payload, otherOwner.accessToken);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    expect(theirs.json<Tax>().id).not.toBe(ours.json<Tax>().id);
    expect((await footprint(other.companyId)).taxes).toHaveLength(otherBefore.taxes.length + 1);
  });

  it('stores nothing for a request that fails, so the key can be retried with a fixed body', async () => {
    const key = newDocumentId();
    const before = await footprint();
    const bad = await post(key, { name: 'Fixed later', rate: '101' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_rate' });
    expect(await footprint()).toEqual(before);
    const good = await post(key, { name: 'Fixed later', rate: '10' });
    expect(good.statusCode, good.body).toBe(201);
    expect((await footprint()).taxes).toHaveLength(before.taxes.length + 1);
  });

  it.each([
    ['an empty key', ''],
    ['a key with a space', 'a b'],
    ['a key over 255 characters', 'k'.repeat(256)],
  ])('refuses %s (400 invalid_idempotency_key) and writes nothing', async (_name, key) => {
    const before = await footprint();
    const res = await post(key, { name: 'Bad key', rate: '1' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, code: 'invalid_idempotency_key' });
    expect(await footprint()).toEqual(before);
  });

  it('without the header, works as before: each request creates a tax', async () => {
    const before = await footprint();
    const payload = { name: 'No key', rate: '1.5' };
    const [a, b] = [await post(undefined, payload), await post(undefined, payload)];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<Tax>().id).not.toBe(b.json<Tax>().id);
    const after = await footprint();
    expect(after.taxes).toHaveLength(before.taxes.length + 2);
    expect(after.keys).toEqual(before.keys);
  });
});

describe('PUT /api/v1/products/:id/taxes', () => {
  let vat21: Tax;

  beforeAll(async () => {
    vat21 = (await createTax({ name: 'VAT 21', rate: '21' })).json<Tax>();
  });

  it('is refused to a cashier (product.write) and writes nothing', async () => {
    const before = await taxFootprint();
    const res = await setTaxes(product.id, [vat21.id], cashier.accessToken);
    expect(res.statusCode).toBe(403);
    expect(await taxFootprint()).toEqual(before);
  });

  it("changes the next sale's tax, and leaves completed sales as they were", async () => {
    const before = await sell(product.id);
    expect(before.taxTotal).toBe(pct(product.price, 6000) + pct(product.price, 1000));

    const res = await setTaxes(product.id, [vat21.id]);
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json<Product>();
    expect(updated.taxes).toEqual([vat21]);
    expect(updated.taxCategoryId).not.toBe(product.taxCategoryId);

    const after = await sell(product.id);
    const vat = pct(product.price, 21000);
    expect(after).toMatchObject({ taxTotal: vat, total: product.price + vat });
    expect(after.lines[0]!.taxes).toEqual([
      { taxId: vat21.id, name: 'VAT 21', rate: '21', inclusive: false, base: product.price, amount: vat },
    ]);

    const reread = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sales/${before.id}`,
      headers: bearer(cashier.accessToken),
    });
    expect(reread.json()).toEqual(before);
  });

  it('makes a product tax-exempt with an empty list', async () => {
    const res = await setTaxes(product.id, []);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ taxCategoryId: null, taxes: [] });
    const sale = await sell(product.id);
    expect(sale).toMatchObject({ taxTotal: 0, total: product.price, taxes: [] });
  });

  it('reuses the category with exactly the same rates in the same order, else creates one', async () => {
    const before = await taxFootprint();
    const back = await setTaxes(
      product.id,
      iowa.map((x) => x.id),
    );
    expect(back.json<Product>().taxCategoryId).toBe(product.taxCategoryId);
    expect((await taxFootprint()).categories).toBe(before.categories);

    const reversed = await setTaxes(
      product.id,
      [...iowa].reverse().map((x) => x.id),
    );
    const reversedCategory = reversed.json<Product>().taxCategoryId;
    expect(reversedCategory).not.toBe(product.taxCategoryId);
    expect(reversed.json<Product>().taxes.map((x) => x.rate)).toEqual(['1', '6']);
    expect((await taxFootprint()).categories).toBe(before.categories + 1);

    const again = await setTaxes(
      product.id,
      [...iowa].reverse().map((x) => x.id),
    );
    expect(again.json<Product>().taxCategoryId).toBe(reversedCategory);
    expect((await taxFootprint()).categories).toBe(before.categories + 1);
  });

  it('applies a compound tax on the price plus the taxes listed before it (Quebec before 2013)', async () => {
    const gst = (await createTax({ name: 'GST', rate: '5' })).json<Tax>();
    const qst = (await createTax({ name: 'QST', rate: '7.5', compound: true })).json<Tax>();
    expect((await setTaxes(product.id, [gst.id, qst.id])).statusCode).toBe(200);
    const sale = await sell(product.id);
    const gstAmount = pct(product.price, 5000);
    const qstAmount = pct(product.price + gstAmount, 7500);
    expect(sale.lines[0]!.taxes.map((x) => [x.name, x.base, x.amount])).toEqual([
      ['GST', product.price, gstAmount],
      ['QST', product.price + gstAmount, qstAmount],
    ]);
    expect(sale.total).toBe(product.price + gstAmount + qstAmount);
  });

  const refusals: [string, () => string, () => unknown, number, string][] = [
    ['an unknown tax id', () => product.id, () => [newDocumentId()], 400, 'unknown_tax'],
    ["another company's tax", () => product.id, () => [otherTaxId], 400, 'unknown_tax'],
    ['a tax listed twice', () => product.id, () => [iowa[0]!.id, iowa[0]!.id], 400, 'duplicate_tax'],
    ['a tax id that is not a uuid', () => product.id, () => ['vat'], 400, 'validation_failed'],
    ['no list', () => product.id, () => undefined, 400, 'validation_failed'],
    ['an unknown product', () => newDocumentId(), () => [iowa[0]!.id], 404, 'product_not_found'],
    ["another company's product", () => other.productId, () => [iowa[0]!.id], 404, 'product_not_found'],
  ];
  it.each(refusals)(
    'refuses %s with a problem and writes nothing',
    async (_name, id, taxIds, status, code) => {
      const before = await taxFootprint();
      const res = await setTaxes(id(), taxIds());
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ status, code });
      expect(await taxFootprint()).toEqual(before);
    },
  );
});
