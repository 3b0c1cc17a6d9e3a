import { existsSync } from 'node:fs';
import type { MeResponse, Product, Refund, Sale, StoreCredit } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchSale, fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Chromium was not found at ${CHROMIUM}: install it (apt-get install chromium) or set KASSA_CHROMIUM.`;
  if (process.env.CI) throw new Error(`e2e: ${message}`);
  console.warn(`e2e: SKIPPING the browser tests. ${message}`);
}

/** Sends a JSON body with the API client's token; returns the status and parsed reply. */
async function send<T>(
  baseUrl: string,
  api: TestApi,
  method: 'POST' | 'PATCH',
  path: string,
  body: object,
): Promise<{ status: number; body: T }> {
  const reply = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as T };
}

/** Opens /pos, signs the demo cashier in, picks the first register and opens its shift if needed. */
async function openTerminal(browser: Browser, baseUrl: string, storeName: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/pos`);
  await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
  await page.getByTestId('login-password').fill('kassa-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('store-option').filter({ hasText: storeName }).click();
  await page.getByTestId('register-option').first().click();
  const openFloat = page.getByTestId('opening-float');
  await openFloat.or(page.getByTestId('search-input')).first().waitFor();
  if (await openFloat.isVisible()) {
    await openFloat.fill('150.00');
    await page.getByTestId('open-shift').click();
    await page.getByTestId('search-input').waitFor();
  }
  await page.waitForLoadState('networkidle');
  return page;
}

describe.skipIf(!hasChromium)('store credit at the terminal', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the cashier pays a sale with the code of a store credit; its balance is spent', async () => {
    const baseUrl = server!.baseUrl;
    const cashier = await loginApi(baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    const owner = await loginApi(baseUrl, 'owner@demo.kassa.dev', 'kassa-demo');
    const manager = await loginApi(baseUrl, 'manager@demo.kassa.dev', 'kassa-demo');
    const managerId = (await manager.get<MeResponse>('/auth/me')).user.id;
    const [store] = await fetchStores(cashier);
    const product = (await fetchProducts(cashier, 'limit=100')).items.find(
      (p: Product) => p.active && p.price > 0 && p.barcodes.length > 0,
    )!;
    expect(product, 'a sellable product').toBeTruthy();
    const setting = await send(baseUrl, owner, 'PATCH', `/stores/${store!.id}`, {
      noReceiptRefundTo: 'either',
    });
    expect(setting.status).toBe(200);

    const page = await openTerminal(browser!, baseUrl, store!.name);
    // A return without a receipt of one unit, as store credit: worth exactly one unit sold now.
    const issued = await send<Refund>(baseUrl, cashier, 'POST', '/refunds', {
      id: newDocumentId(),
      registerId: store!.registers[0]!.id,
      reason: 'No receipt',
      refundTo: 'store_credit',
      lines: [{ productId: product.id, quantity: '1', restock: true }],
      approval: { managerId, pin: '2222' },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const code = issued.body.tenders[0]!.reference!;

    await page.getByTestId('search-input').click();
    await page.keyboard.type(product.barcodes[0]!, { delay: 0 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('pay-button').click();
    await page.getByTestId('tender-store-credit-code').fill(code.toLowerCase());
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
    );
    await page.getByTestId('tender-store-credit').click();
    const response = await posted;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as Sale;
    await page.getByTestId('receipt-number').waitFor();
    const stored = await fetchSale(cashier, created.id);
    expect(stored.tenders).toEqual([
      expect.objectContaining({ method: 'store_credit', amount: issued.body.total, reference: code }),
    ]);
    expect(await page.getByTestId('receipt-tender').first().textContent()).toContain(`Store credit ${code}`);
    expect((await cashier.get<StoreCredit>(`/store-credits/${code}`)).balance).toBe(0);
    await page.close();
  });
});
