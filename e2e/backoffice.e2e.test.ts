import { existsSync, readFileSync } from 'node:fs';
import type { Product, Sale, SalesReport } from '@kassa/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchStores, loginApi, usd, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('kassa-demo');
  await page.getByTestId('login-submit').click();
}

describe.skipIf(!hasChromium)('back office in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let cashier: TestApi;
  let manager: TestApi;

  beforeAll(async () => {
    server = await startServer();
    cashier = await loginApi(server.baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    manager = await loginApi(server.baseUrl, 'manager@demo.kassa.dev', 'kassa-demo');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager edits a price; the terminal sells at the new price; the report shows the sale', async () => {
    const baseUrl = server!.baseUrl;
    const product = (await fetchProducts(cashier, 'q=vodka&limit=20')).items.find(
      (p) => p.active && p.price > 0,
    ) as Product;
    expect(product, 'the demo catalog has a vodka for sale').toBeTruthy();
    const newPrice = product.price + 100;
    const [store] = await fetchStores(cashier);

    // Back office: find the product by SKU and change its price.
    const office = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    office.on('pageerror', (e) => errors.push(e.message));
    await office.goto(`${baseUrl}/backoffice`);
    await signIn(office, 'manager@demo.kassa.dev');
    await office.getByTestId('backoffice-search').fill(product.sku);
    const row = office.locator(`[data-testid="backoffice-product-row"][data-sku="${product.sku}"]`);
    await row.click();
    await office.getByTestId('product-price').fill((newPrice / 100).toFixed(2));
    await office.getByTestId('product-save').click();
    await expect.poll(() => row.getByTestId('backoffice-product-price').textContent()).toBe(usd(newPrice));

    // The terminal's catalog (the API it syncs from) has the new price.
    const synced = (await fetchProducts(cashier, `q=${product.sku}`)).items.find((p) => p.id === product.id)!;
    expect(synced.price).toBe(newPrice);
    expect(Date.parse(synced.updatedAt)).toBeGreaterThan(Date.parse(product.updatedAt));

    // The live dashboard, open before the sale.
    await office.getByTestId('tab-dashboard').click();
    const storeRow = office.locator(`[data-testid="dashboard-store"][data-store-id="${store!.id}"]`);
    await storeRow.waitFor();
    const salesBefore = Number(await storeRow.getByTestId('dashboard-sales').textContent());

    // Terminal: search the product, see the new price, sell it.
    const pos = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    pos.on('pageerror', (e) => errors.push(e.message));
    await pos.goto(`${baseUrl}/pos`);
    await signIn(pos, 'cashier@demo.kassa.dev');
    await pos.getByTestId('store-option').filter({ hasText: store!.name }).click();
    await pos.getByTestId('register-option').first().click();
    const openFloat = pos.getByTestId('opening-float');
    await openFloat.or(pos.getByTestId('search-input')).first().waitFor();
    if (await openFloat.isVisible()) {
      await openFloat.fill('150.00');
      await pos.getByTestId('open-shift').click();
    }
    await pos.getByTestId('search-input').fill(product.sku);
    const result = pos.locator(`[data-testid="product-result"][data-product-id="${product.id}"]`);
    await expect.poll(() => result.textContent()).toContain(usd(newPrice));
    await result.click();
    await pos.getByTestId('pay-button').click();
    const due = await pos.getByTestId('tender-due').textContent();
    const handed = (Math.floor((newPrice * 2) / 2000) + 1) * 2000;
    await pos.getByTestId('tender-custom-amount').fill((handed / 100).toFixed(2));
    const posted = pos.waitForResponse(
      (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
    );
    await pos.getByTestId('tender-cash-custom').click();
    const sale = (await (await posted).json()) as Sale;
    const soldAt = Date.now();
    // The dashboard shows the sale within 2 seconds, without a reload.
    await expect
      .poll(() => storeRow.getByTestId('dashboard-sales').textContent(), { timeout: 2000, interval: 100 })
      .toBe(String(salesBefore + 1));
    expect(Date.now() - soldAt).toBeLessThan(2000);
    expect(sale.lines[0]!.unitPrice).toBe(newPrice);
    expect(usd(sale.total)).toBe(due);

    // Back office reports: today's figures include the sale and match the report API.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: store!.timeZone }).format(new Date());
    const report = await manager.get<SalesReport>(`/reports/sales?from=${today}&to=${today}`);
    expect(report.byProduct.find((p) => p.productId === product.id)).toBeTruthy();
    const storeReport = await manager.get<SalesReport>(
      `/reports/sales?from=${today}&to=${today}&storeId=${store!.id}`,
    );
    expect(await storeRow.getByTestId('dashboard-total').textContent()).toBe(usd(storeReport.totals.total));
    await office.getByTestId('tab-reports').click();
    await expect
      .poll(() => office.locator('[data-total="Total"]').textContent())
      .toBe(usd(report.totals.total));
    expect(await office.locator('[data-total="Sales"]').textContent()).toBe(String(report.totals.sales));
    // A chart beside each breakdown of the report.
    for (const chart of [
      'Sales by day',
      'Sales by hour',
      'Discounts, refunds, voids and gross margin',
      'Sales by category',
      'Top 15 products by sales',
      'Sales by cashier',
      'Payments by tender',
      'Net tax per rate',
    ]) {
      await expect.poll(() => office.locator(`svg[role="img"][aria-label="${chart}"]`).count()).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('prints labels for ticked products, and imports a file with progress', async () => {
    const office = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    office.on('pageerror', (e) => errors.push(e.message));
    await office.goto(`${server!.baseUrl}/backoffice`);
    await signIn(office, 'manager@demo.kassa.dev');
    await office.getByTestId('tab-products').click();
    await office.getByTestId('backoffice-search').fill('vodka');
    const boxes = office.getByTestId('labels-select');
    await boxes.nth(1).waitFor();
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await expect.poll(() => office.getByTestId('labels-selected').textContent()).toBe('2 selected');
    const pdf = office.waitForResponse((r) => r.url().endsWith('/api/v1/products/labels'));
    const download = office.waitForEvent('download');
    await office.getByTestId('labels-print').click();
    const answer = await pdf;
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    expect((await download).suggestedFilename()).toBe('shelf-labels.pdf');
    const file = readFileSync(await (await download).path());
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.length).toBe(Number(answer.headers()['content-length']));

    // Import: the wizard checks and imports through the streamed (progress) route.
    await office.getByTestId('tab-import').click();
    const csv = 'sku,name,price\nE2E-LBL-1,E2E import one,1.25\nE2E-LBL-2,E2E import two,2.50\n';
    await office
      .locator('input[type="file"]')
      .setInputFiles({ name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const streamed = office.waitForResponse((r) => r.url().includes('/api/v1/imports/products/stream?'));
    await office.getByRole('button', { name: 'Check file' }).click();
    expect((await streamed).headers()['content-type']).toMatch(/application\/x-ndjson/);
    await office.getByRole('button', { name: 'Import 2 products' }).click();
    await office.getByText('2 new, 0 changed, 0 unchanged.').waitFor();
    const imported = await fetchProducts(manager, 'q=E2E%20import');
    expect(imported.items.map((p) => p.sku).sort()).toEqual(['E2E-LBL-1', 'E2E-LBL-2']);
    expect(errors).toEqual([]);
  });
});
