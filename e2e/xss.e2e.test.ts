import { existsSync } from 'node:fs';
import type { LoginResponse, Product, Sale } from '@kassa/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/**
 * A product name carrying two classic stored-XSS payloads. Rendered as text it is harmless; parsed
 * as HTML the image's onerror (or the script) would set `window.__xss` and open an alert.
 */
const HOSTILE_NAME = `<img src=x onerror="window.__xss=1;alert(1)"> Vodka <script>window.__xss=2;alert(2)</script>`;
const SKU = 'XSS-PROBE-1';

/** What a page saw: dialogs it opened, CSP violations it reported, uncaught errors. */
type Watch = { dialogs: string[]; violations: string[]; errors: string[] };

async function watchedPage(browser: Browser): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const watch: Watch = { dialogs: [], violations: [], errors: [] };
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) watch.violations.push(m.text());
  });
  // Also catch violations the browser reports as events (blocked inline handlers, scripts, styles).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, watch };
}

/** Nothing of the payload ran or became markup: no flag, no injected element. */
async function expectInert(page: Page, watch: Watch): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(
    await page.evaluate(() => [...document.scripts].some((s) => s.textContent.includes('window.__xss'))),
  ).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
  expect(watch).toEqual({ dialogs: [], violations: [], errors: [] });
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('kassa-demo');
  await page.getByTestId('login-submit').click();
}

describe.skipIf(!hasChromium)('a product name with HTML in it', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let cashier: TestApi;
  let product: Product;

  beforeAll(async () => {
    server = await startServer();
    cashier = await loginApi(server.baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'manager@demo.kassa.dev', password: 'kassa-demo' }),
    });
    const { accessToken } = (await login.json()) as LoginResponse;
    const created = await fetch(`${server.baseUrl}/api/v1/products`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ sku: SKU, name: HOSTILE_NAME, price: 1299, taxIds: [] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    product = (await created.json()) as Product;
    // Stored as typed: escaping is the renderer's job, not the database's.
    expect(product.name).toBe(HOSTILE_NAME);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is shown as text in the terminal search, cart and receipt, and runs nothing', async () => {
    const [store] = await fetchStores(cashier);
    const { page, watch } = await watchedPage(browser!);
    await page.goto(`${server!.baseUrl}/pos`);
    await signIn(page, 'cashier@demo.kassa.dev');
    await page.getByTestId('store-option').filter({ hasText: store!.name }).click();
    await page.getByTestId('register-option').first().click();
    const openFloat = page.getByTestId('opening-float');
    await openFloat.or(page.getByTestId('search-input')).first().waitFor();
    if (await openFloat.isVisible()) {
      await openFloat.fill('150.00');
      await page.getByTestId('open-shift').click();
    }
    await page.getByTestId('search-input').fill(SKU);
    const result = page.locator(`[data-testid="product-result"][data-product-id="${product.id}"]`);
    await expect.poll(() => result.textContent()).toContain(HOSTILE_NAME);
    await result.click();
    await expect.poll(() => page.getByTestId('cart-line').first().textContent()).toContain(HOSTILE_NAME);

    await page.getByTestId('pay-button').click();
    await page.getByTestId('tender-custom-amount').fill('20.00');
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
    );
    await page.getByTestId('tender-cash-custom').click();
    const sale = (await (await posted).json()) as Sale;
    expect(sale.lines[0]!.name).toBe(HOSTILE_NAME);
    await page.getByTestId('receipt-number').waitFor();
    expect(await page.getByTestId('receipt-line').first().textContent()).toContain(HOSTILE_NAME);
    await expectInert(page, watch);
    await page.close();
  });

  it('is shown as text in the back office product list, and runs nothing', async () => {
    const { page, watch } = await watchedPage(browser!);
    await page.goto(`${server!.baseUrl}/backoffice`);
    await signIn(page, 'manager@demo.kassa.dev');
    await page.getByTestId('backoffice-search').fill(SKU);
    const row = page.locator(`[data-testid="backoffice-product-row"][data-sku="${SKU}"]`);
    await expect.poll(() => row.textContent()).toContain(HOSTILE_NAME);
    await row.click();
    await expectInert(page, watch);
    await page.close();
  });
});
