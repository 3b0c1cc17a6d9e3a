import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Refund, Sale, Shift, ShiftReport, ZReport } from '@kassa/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchStores, loginApi, usd, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../test-results', import.meta.url));
const hasChromium = existsSync(CHROMIUM);

async function scan(page: Page, barcode: string): Promise<void> {
  // A scanner types into whatever has focus: wait until an input holds it.
  await page.locator('input:focus').waitFor();
  await page.keyboard.type(barcode, { delay: 0 });
  await page.keyboard.press('Enter');
}

describe.skipIf(!hasChromium)('a shift in the browser', () => {
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
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens a shift, sells, returns one line by scanning the receipt barcode, and closes with the right over/short', async () => {
    const baseUrl = server!.baseUrl;
    const [, store] = await fetchStores(api);
    const register = store!.registers[1]!;
    const [product, second] = (await fetchProducts(api, 'limit=20')).items.filter(
      (p) => p.active && p.barcodes.length,
    );
    expect(product && second, 'two sellable products').toBeTruthy();

    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/pos`);
    await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('store-option').filter({ hasText: store!.name }).click();
    await page.getByTestId('register-option').filter({ hasText: register.name }).click();

    // No shift yet: the terminal asks for the float before the first sale.
    await page.getByTestId('opening-float').fill('100.00');
    const opened = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/shifts') && r.request().method() === 'POST',
    );
    await page.getByTestId('open-shift').click();
    const shift = (await (await opened).json()) as Shift;
    expect(shift).toMatchObject({ registerId: register.id, openingFloat: 10_000, status: 'open' });
    // Let the sell screen finish loading (shift refetch, catalog) before the scanner types.
    await page.waitForLoadState('networkidle');

    // Sell one item for exact cash.
    await page.getByTestId('search-input').click();
    await scan(page, product!.barcodes[0]!);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await scan(page, second!.barcodes[0]!);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
    );
    await page.keyboard.press('F4');
    await page.getByTestId('tender-due').click();
    await page.keyboard.press('Enter'); // exact cash
    const sale = (await (await posted).json()) as Sale;
    await page.getByTestId('receipt-number').waitFor();
    // The receipt carries its number as a Code 128 barcode, rendered.
    const barcode = page.getByTestId('receipt-barcode');
    expect(await barcode.getAttribute('data-code')).toBe(sale.receiptNumber);
    await expect
      .poll(() =>
        barcode.evaluate(
          (img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0,
        ),
      )
      .toBe(true);
    await page.getByTestId('new-sale').click();

    // Return the first line: scan the receipt barcode (a keyboard-wedge scanner types its number).
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByTestId('menu-return').click();
    await page.getByTestId('return-receipt-input').click();
    await scan(page, sale.receiptNumber);
    await expect.poll(() => page.getByTestId('return-line').count()).toBe(2);
    await page.getByTestId('return-qty').first().fill('1');
    const refunded = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/refunds') && r.request().method() === 'POST',
    );
    await page.getByTestId('return-submit').click();
    const refundResponse = await refunded;
    expect(refundResponse.status()).toBe(201);
    const refund = (await refundResponse.json()) as Refund;
    expect(refund).toMatchObject({ saleId: sale.id, total: sale.lines[0]!.total });
    expect(refund.tenders).toEqual([{ method: 'cash', amount: sale.lines[0]!.total, reference: null }]);
    expect(await page.getByTestId('refund-total').textContent()).toBe(usd(refund.total));
    await page.getByTestId('refund-finish').click();

    // Close: the drawer should hold float + the sale - the cash refund; count $1.00 short of that.
    const expected = 10_000 + sale.amountDue - refund.total;
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByTestId('menu-close-shift').click();
    await expect.poll(() => page.getByTestId('close-expected').textContent()).toBe(usd(expected));
    const counted = expected - 100;
    await page.getByTestId('count-bill:2000').fill(String(Math.floor(counted / 2000)));
    await page.getByTestId('count-bill:100').fill(String(Math.floor((counted % 2000) / 100)));
    await page.getByTestId('count-coin:1').fill(String(counted % 100));
    await expect.poll(() => page.getByTestId('close-counted').textContent()).toBe(usd(counted));
    expect(await page.getByTestId('close-over-short').textContent()).toBe(`Short ${usd(100)}`);
    const closed = page.waitForResponse((r) => r.url().endsWith(`/shifts/${shift.id}/close`));
    await page.getByTestId('close-shift-submit').click();
    const z = (await (await closed).json()) as ZReport;
    expect(z).toMatchObject({ zNumber: 1, expectedCash: expected, countedCash: counted, overShort: -100 });
    await page.getByTestId('z-report').waitFor();
    expect(await page.getByTestId('z-over-short').textContent()).toBe(`Short ${usd(100)}`);
    await page.getByTestId('z-report').screenshot({ path: join(RESULTS, 'z-report.png') });

    // The server's X report of the closed shift agrees, and the terminal asks for a new float.
    const x = await api.get<ShiftReport>(`/shifts/${shift.id}/x-report`);
    expect(x.sales.count).toBe(1);
    expect(x.refunds).toEqual({ count: 1, total: refund.total });
    expect(x.expectedCash).toBe(expected);
    await page.getByTestId('z-done').click();
    await page.getByTestId('opening-float').waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
