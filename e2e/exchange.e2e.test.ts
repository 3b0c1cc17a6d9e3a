import { existsSync } from 'node:fs';
import type { Exchange, Product, Refund, Sale, SaleRefunds, Store } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedLineTotals,
  fetchProducts,
  fetchSale,
  fetchStores,
  loginApi,
  usd,
  type TestApi,
} from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

async function scan(page: Page, barcode: string): Promise<void> {
  // A scanner types into whatever has focus: wait until an input holds it.
  await page.locator('input:focus').waitFor();
  await page.keyboard.type(barcode, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** Signs in as the demo cashier at `storeName` / `registerName`, opening the shift if none is open. */
async function signIn(page: Page, baseUrl: string, storeName: string, registerName: string): Promise<void> {
  await page.goto(`${baseUrl}/pos`);
  await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
  await page.getByTestId('login-password').fill('kassa-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('store-option').filter({ hasText: storeName }).click();
  await page.getByTestId('register-option').filter({ hasText: registerName }).click();
  const float = page.getByTestId('opening-float');
  await Promise.race([float.waitFor(), page.getByTestId('search-input').waitFor()]);
  if (await float.isVisible()) {
    await float.fill('100.00');
    await page.getByTestId('open-shift').click();
  }
  await page.getByTestId('search-input').waitFor();
  await page.waitForLoadState('networkidle');
}

/** Sells one unit of `product` for exact cash and starts a new sale; the stored sale. */
async function sellOne(page: Page, product: Product): Promise<Sale> {
  await page.getByTestId('search-input').click();
  await scan(page, product.barcodes[0]!);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
  const posted = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
  );
  await page.keyboard.press('F4');
  await page.getByTestId('tender-due').click();
  await page.keyboard.press('Enter');
  const sale = (await (await posted).json()) as Sale;
  await page.getByTestId('new-sale').click();
  return sale;
}

/** Opens the return of `sale` by scanning its receipt barcode and chooses Exchange for its line. */
async function startExchange(page: Page, sale: Sale): Promise<void> {
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByTestId('menu-return').click();
  await page.getByTestId('return-receipt-input').click();
  await scan(page, sale.receiptNumber);
  await expect.poll(() => page.getByTestId('return-line').count()).toBe(1);
  await page.getByTestId('return-qty').first().fill('1');
  await page.getByTestId('return-exchange').click();
  await page.getByTestId('exchange-panel').waitFor();
}

/** A product's total for one unit, computed without packages/domain (exclusive integer rates). */
const oneUnit = (product: Product) => {
  const { net, tax } = expectedLineTotals(product, 1);
  return net + tax;
};

describe.skipIf(!hasChromium)('an exchange in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let api: TestApi;
  let store: Store;
  let cheap: Product;
  let dear: Product;
  const stockOf = async (product: Product) => {
    const found = await fetchProducts(api, `storeId=${store.id}&q=${encodeURIComponent(product.sku)}`);
    // No stock level yet reads as 0 (the first movement creates it).
    return Number(found.items.find((p) => p.id === product.id)!.stockOnHand ?? 0);
  };

  beforeAll(async () => {
    server = await startServer();
    api = await loginApi(server.baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    [store] = (await fetchStores(api)) as [Store];
    const listed = (await fetchProducts(api, `limit=50&storeId=${store.id}`)).items;
    const sellable = listed
      // The demo store has no age policy, so its spirits sell without an age check.
      .filter((p) => p.active && p.unit === 'each' && p.barcodes.length > 0)
      .sort((a, b) => a.price - b.price);
    const first = sellable[0];
    const dearer = first && sellable.find((p) => oneUnit(p) > oneUnit(first));
    if (!first || !dearer) throw new Error(`two products of different prices: ${sellable.length} sellable`);
    [cheap, dear] = [first, dearer];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sells one item, exchanges it for a dearer one paying the difference in cash, and moves the stock', async () => {
    const register = store.registers[0]!;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server!.baseUrl, store.name, register.name);

    const sale = await sellOne(page, cheap);
    expect(sale.total).toBe(oneUnit(cheap));
    const cheapAfterSale = await stockOf(cheap);
    const dearBefore = await stockOf(dear);

    // Return it by scanning the receipt barcode, and choose Exchange instead of Refund.
    await startExchange(page, sale);
    expect(await page.getByTestId('exchange-credit').textContent()).toBe(usd(sale.total));

    // Ring up the dearer item: the panel shows the new total and the difference due.
    await page.getByTestId('search-input').click();
    await scan(page, dear.barcodes[0]!);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    const difference = oneUnit(dear) - sale.total;
    await expect.poll(() => page.getByTestId('exchange-new-total').textContent()).toBe(usd(oneUnit(dear)));
    expect(await page.getByTestId('exchange-net').textContent()).toBe(usd(difference));

    // Pay the difference in exact cash: one POST /exchanges.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/exchanges') && r.method() === 'POST') posts.push(r.url());
    });
    const exchanged = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/exchanges') && r.request().method() === 'POST',
    );
    await page.keyboard.press('F4');
    await expect.poll(() => page.getByTestId('tender-due').textContent()).toBe(usd(difference));
    await page.getByTestId('tender-due').click();
    await page.keyboard.press('Enter');
    const response = await exchanged;
    expect(response.status()).toBe(201);
    const exchange = (await response.json()) as Exchange;
    await page.getByTestId('receipt-number').waitFor();
    await page.getByTestId('exchange-done').waitFor();
    expect(await page.getByTestId('exchange-done-net').textContent()).toBe(
      `Customer paid ${usd(difference)}`,
    );
    expect(posts).toHaveLength(1);

    // The server stored the exchange, its refund and its new sale with the right amounts.
    const stored = await api.get<Exchange>(`/exchanges/${exchange.id}`);
    expect(stored).toMatchObject({ originalSaleId: sale.id, net: difference });
    expect(stored.refund).toMatchObject({ saleId: sale.id, total: sale.total });
    expect(stored.sale.total).toBe(oneUnit(dear));
    expect(stored.sale.lines.map((l) => [l.productId, l.quantity])).toEqual([[dear.id, '1']]);
    expect(stored.sale.tenders.map((t) => [t.method, t.amount])).toEqual([['cash', oneUnit(dear)]]);
    expect(stored.carriedOver).toEqual([{ method: 'cash', amount: sale.total }]);
    const newSale = await fetchSale(api, stored.sale.id);
    expect(newSale.receiptNumber).toBe(stored.sale.receiptNumber);
    const refunds = await api.get<SaleRefunds>(`/sales/${sale.id}/refunds`);
    expect(refunds.items.map((r: Refund) => r.id)).toEqual([stored.refund.id]);

    // Stock: the returned item back on the shelf, the new one taken off.
    expect(await stockOf(cheap)).toBe(cheapAfterSale + 1);
    expect(await stockOf(dear)).toBe(dearBefore - 1);
    await page.getByTestId('new-sale').click();
    await expect.poll(() => page.getByTestId('exchange-done').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the API refusing an over-return and keeps the cart and the exchange', async () => {
    const register = store.registers[0]!;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server!.baseUrl, store.name, register.name);
    const sale = await sellOne(page, cheap);
    await startExchange(page, sale);
    await page.getByTestId('search-input').click();
    await scan(page, dear.barcodes[0]!);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);

    // Meanwhile the same unit is returned by another request (another tab or a retry elsewhere).
    const refunded = await fetch(`${server!.baseUrl}/api/v1/refunds`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: newDocumentId(),
        registerId: register.id,
        saleId: sale.id,
        reason: 'Return',
        lines: [{ lineNo: 1, quantity: '1', restock: true }],
      }),
    });
    expect(refunded.status, await refunded.clone().text()).toBe(201);
    const stockBefore = [await stockOf(cheap), await stockOf(dear)];

    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/exchanges') && r.request().method() === 'POST',
    );
    await page.keyboard.press('F4');
    await page.getByTestId('tender-due').click();
    await page.keyboard.press('Enter');
    expect((await answered).status()).toBe(422);
    await page.getByTestId('sale-error').waitFor();
    expect(await page.getByTestId('sale-error').textContent()).toContain('more than was sold');
    // Nothing lost: back at the cart the new item and the exchange are still there.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('exchange-panel').waitFor();
    // Nothing written: only the other refund, and the stock as it was.
    const refunds = await api.get<SaleRefunds>(`/sales/${sale.id}/refunds`);
    expect(refunds.items).toHaveLength(1);
    expect([await stockOf(cheap), await stockOf(dear)]).toEqual(stockBefore);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
