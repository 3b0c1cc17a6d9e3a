import { existsSync } from 'node:fs';
import type { ParkedSale, ParkedSalePage, Sale, Store, ZReport } from '@kassa/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

async function scan(page: Page, barcode: string): Promise<void> {
  await page.locator('input:focus').waitFor();
  await page.keyboard.type(barcode, { delay: 0 });
  await page.keyboard.press('Enter');
}

const isPost = (path: string) => (r: { url(): string; request(): { method(): string } }) =>
  r.url().endsWith(`/api/v1${path}`) && r.request().method() === 'POST';

describe.skipIf(!hasChromium)('parked sales in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let api: TestApi;

  beforeAll(async () => {
    server = await startServer();
    api = await loginApi(server.baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A terminal of its own (separate storage), signed in, on `registerName` with a shift opened at $100. */
  async function terminal(store: Store, registerName: string, errors: string[]): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${registerName}: ${error.message}`));
    await page.goto(`${server!.baseUrl}/pos`);
    await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('store-option').filter({ hasText: store.name }).click();
    await page.getByTestId('register-option').filter({ hasText: registerName }).click();
    await page.getByTestId('opening-float').fill('100.00');
    const opened = page.waitForResponse(isPost('/shifts'));
    await page.getByTestId('open-shift').click();
    expect((await opened).status()).toBe(201);
    await page.waitForLoadState('networkidle');
    return page;
  }

  const menu = async (page: Page, item: string) => {
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByTestId(item).click();
  };

  it('parks a cart on one register, resumes it on another and sells it; a cart left at the close expires', async () => {
    const [store] = await fetchStores(api);
    const [first, second] = store!.registers;
    const [product, other] = (await fetchProducts(api, 'limit=20')).items.filter(
      (p) => p.active && p.barcodes.length,
    );
    expect(product && other, 'two sellable products').toBeTruthy();
    const errors: string[] = [];
    const one = await terminal(store!, first!.name, errors);
    const two = await terminal(store!, second!.name, errors);

    // Register 1: two of one product and one of another, then park.
    await one.getByTestId('search-input').click();
    await scan(one, product!.barcodes[0]!);
    await scan(one, product!.barcodes[0]!);
    await scan(one, other!.barcodes[0]!);
    await expect.poll(() => one.getByTestId('cart-line').count()).toBe(2);
    const parking = one.waitForResponse(isPost('/parked-sales'));
    await menu(one, 'menu-park');
    const parkedResponse = await parking;
    expect(parkedResponse.status()).toBe(201);
    const parked = (await parkedResponse.json()) as ParkedSale;
    expect(parked).toMatchObject({ registerId: first!.id, state: 'parked' });
    expect(parked.lines).toEqual([
      { productId: product!.id, quantity: '2', discountPercent: null },
      { productId: other!.id, quantity: '1', discountPercent: null },
    ]);
    await expect.poll(() => one.getByTestId('cart-line').count()).toBe(0);

    // Register 2: the parked cart is listed; resume it, and sell it here.
    await menu(two, 'menu-parked');
    await expect.poll(() => two.getByTestId('parked-sale').count()).toBe(1);
    expect(await two.getByTestId('parked-sale').getAttribute('data-id')).toBe(parked.id);
    const resuming = two.waitForResponse(isPost(`/parked-sales/${parked.id}/resume`));
    await two.getByTestId('parked-resume').click();
    expect(((await (await resuming).json()) as ParkedSale).resumedRegisterId).toBe(second!.id);
    await expect.poll(() => two.getByTestId('cart-line').count()).toBe(2);
    await two.getByTestId('search-input').click();
    const posted = two.waitForResponse(isPost('/sales'));
    await two.keyboard.press('F4');
    await two.getByTestId('tender-due').click();
    await two.keyboard.press('Enter');
    const saleResponse = await posted;
    expect(saleResponse.status()).toBe(201);
    const sale = (await saleResponse.json()) as Sale;
    expect(sale.registerId).toBe(second!.id);
    expect(sale.lines.map((l) => [l.productId, Number(l.quantity)])).toEqual([
      [product!.id, 2],
      [other!.id, 1],
    ]);
    await two.getByTestId('new-sale').click();

    // Taken once: register 1 finds nothing to resume, and the server refuses a second resume.
    await menu(one, 'menu-parked');
    await one.getByTestId('parked-empty').waitFor();
    const again = await fetch(`${server!.baseUrl}/api/v1/parked-sales/${parked.id}/resume`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ registerId: first!.id }),
    });
    expect(again.status).toBe(409);
    await one.getByTestId('parked-back').click();

    // A cart parked and left when register 1 closes: the Z report lists it, and it expires.
    await one.getByTestId('search-input').click();
    await scan(one, other!.barcodes[0]!);
    await expect.poll(() => one.getByTestId('cart-line').count()).toBe(1);
    const leaving = one.waitForResponse(isPost('/parked-sales'));
    await menu(one, 'menu-park');
    const left = (await (await leaving).json()) as ParkedSale;
    await expect.poll(() => one.getByTestId('cart-line').count()).toBe(0);
    await menu(one, 'menu-close-shift');
    await one.getByTestId('count-bill:2000').fill('5');
    const closed = one.waitForResponse((r) => r.url().endsWith('/close') && r.request().method() === 'POST');
    await one.getByTestId('close-shift-submit').click();
    const z = (await (await closed).json()) as ZReport;
    expect(z.overShort).toBe(0);
    expect(z.report.parkedSales.map((p) => p.id)).toEqual([left.id]);
    await one.getByTestId('z-parked').waitFor();
    expect(await one.getByTestId('z-parked-sale').count()).toBe(1);
    const waiting = await api.get<ParkedSalePage>(`/parked-sales?storeId=${store!.id}`);
    expect(waiting.items).toEqual([]);
    await menu(two, 'menu-parked');
    await two.getByTestId('parked-empty').waitFor();

    expect(errors).toEqual([]);
    await one.context().close();
    await two.context().close();
  });
});
