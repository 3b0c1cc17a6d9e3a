import { existsSync } from 'node:fs';
import type { Product, Sale, SalePage } from '@kassa/contracts';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Issue 8: the terminal keeps selling without the network and delivers every sale exactly once.
// The four scenarios share one browser context (one device) and run in order.

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SYNC_TIMEOUT = 120_000;

async function scan(page: Page, barcode: string): Promise<void> {
  await page.keyboard.type(barcode, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** Products in the device's IndexedDB catalog. */
function cachedProductCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('kassa-terminal');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('products')) return resolve(0);
          const count = db.transaction('products').objectStore('products').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => resolve(0);
        };
      }),
  );
}

/** The ids of the sales waiting in the device's outbox, oldest first. */
function outboxIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('kassa-terminal');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const keys = open.result.transaction('outbox').objectStore('outbox').getAllKeys();
          keys.onsuccess = () => resolve((keys.result as string[]).toSorted());
          keys.onerror = () => reject(new Error('no outbox'));
        };
      }),
  );
}

/** Rings up one sale of `barcodes` and pays it: exact cash, or `cardFirst` minor units by card then cash. */
async function ringUp(page: Page, barcodes: string[], cardFirst?: number): Promise<string> {
  await page.getByTestId('search-input').click();
  for (const code of barcodes) await scan(page, code);
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(new Set(barcodes).size);
  await page.keyboard.press('F4');
  await page.getByTestId('tender-due').waitFor();
  if (cardFirst) {
    await page.getByTestId('tender-custom-amount').fill((cardFirst / 100).toFixed(2));
    await page.getByTestId('tender-card').click();
    await expect.poll(() => page.getByTestId('tender-line').count()).toBe(1);
  }
  await page.getByTestId('tender-due').click();
  await page.keyboard.press('Enter'); // exact cash for what remains
  await page.getByTestId('receipt-number').waitFor();
  const number = (await page.getByTestId('receipt-number').textContent()) ?? '';
  await page.getByTestId('new-sale').click();
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
  return number;
}

/** Polls `check` until it is true (expect.poll works only inside a test, not in beforeAll). */
async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The receipt's sequence number (the last part of "S1-R1-000123"). */
const seqOf = (sale: Sale) => Number(sale.receiptNumber.split('-').at(-1));

describe.skipIf(!hasChromium)('offline terminal in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let manager: TestApi;
  let cashier: TestApi;
  let store: Awaited<ReturnType<typeof fetchStores>>[number];
  let products: Product[];
  const pageErrors: string[] = [];
  const started = Date.now();
  const step = (name: string) =>
    console.log(`offline e2e: ${((Date.now() - started) / 1000).toFixed(1)} s ${name}`);

  const baseUrl = () => server!.baseUrl;
  const signInApis = async () => {
    manager = await loginApi(baseUrl(), 'manager@demo.kassa.dev', 'kassa-demo');
    cashier = await loginApi(baseUrl(), 'cashier@demo.kassa.dev', 'kassa-demo');
  };
  /** Stops the server keeping its data (SIGKILL: no graceful shutdown), or starts it again on the same port and data. */
  let killedAt = 0;
  const killServer = async () => {
    await server!.kill('SIGKILL');
    killedAt = Date.now();
  };
  const restartServer = async () => {
    // A killed server leaves its data directory's lock behind; it counts as stale after 20 s.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 21_000 - Date.now())));
    server = await startServer(180_000, { port: server!.port, dataDir: server!.dataDir });
    await signInApis();
  };
  const registerId = () => store.registers[0]!.id;
  const countSales = async () =>
    (await manager.get<SalePage>(`/sales?registerId=${registerId()}&limit=1`)).total;
  const stockOf = async (p: Product) =>
    Number(
      (await fetchProducts(cashier, `barcode=${p.barcodes[0]}&storeId=${store.id}`)).items[0]!.stockOnHand,
    );
  /** Waits until the device's outbox is empty (its badge gone). */
  const outboxDrained = async (p: Page = page) =>
    expect.poll(() => p.getByTestId('outbox-pending').count(), { timeout: SYNC_TIMEOUT }).toBe(0);
  /** The stored sales of these ids, each fetched by id. */
  const storedSales = (ids: string[]) => Promise.all(ids.map((id) => manager.get<Sale>(`/sales/${id}`)));

  beforeAll(async () => {
    server = await startServer();
    await signInApis();
    [store] = (await fetchStores(cashier)) as [typeof store];
    products = (await fetchProducts(cashier, 'limit=100&offset=100')).items.filter(
      (p) => p.active && p.barcodes.length > 0,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl()}/pos`);
    await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('store-option').filter({ hasText: store.name }).click();
    await page.getByTestId('register-option').first().click();
    const openFloat = page.getByTestId('opening-float');
    await openFloat.or(page.getByTestId('search-input')).first().waitFor();
    if (await openFloat.isVisible()) {
      await openFloat.fill('150.00');
      await page.getByTestId('open-shift').click();
      await page.getByTestId('search-input').waitFor();
    }
    // The service worker controls the page and the catalog is on the device before the network goes.
    await waitUntil(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 30_000);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await waitUntil(async () => (await cachedProductCount(page)) >= 1175, 60_000);
    await waitUntil(async () => (await page.getByTestId('connection-status').textContent()) === 'Online');
    step('signed in; service worker and catalog ready');
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('1. sells offline with the server down, survives a reload, and sends each sale exactly once', async () => {
    const [a, b] = products as [Product, Product];
    const stockBefore = { a: await stockOf(a), b: await stockOf(b) };
    const before = await countSales();

    // The network goes, and so does the server.
    await context!.setOffline(true);
    await killServer();
    const receipts = [
      await ringUp(page, [a.barcodes[0]!]),
      await ringUp(page, [a.barcodes[0]!, b.barcodes[0]!], 500), // split: $5.00 card, the rest cash
      await ringUp(page, [b.barcodes[0]!, b.barcodes[0]!]),
    ];
    for (const number of receipts) expect(number).toMatch(/-OFFLINE-[0-9A-F]{8}$/);
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('Offline');
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toMatch(/^3 unsent · oldest /);
    const ids = await outboxIds(page);
    expect(ids).toHaveLength(3);
    // A sale in progress when the page reloads.
    await page.getByTestId('search-input').click();
    await scan(page, a.barcodes[0]!);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    step('1: three sales rung up offline');

    // Reload without network: the app shell comes from the service worker; cart and outbox are intact.
    await page.reload();
    await page.getByTestId('search-input').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('header-cashier').textContent()).toBe('Casey Cashier');
    await expect.poll(() => page.getByTestId('outbox-pending').textContent()).toMatch(/^3 unsent/);
    expect(await outboxIds(page)).toEqual(ids);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.keyboard.press('F8'); // clear the cart: that sale is not made
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    step('1: reloaded offline');

    // Server and network are back: the outbox empties.
    await restartServer();
    await context!.setOffline(false);
    await outboxDrained();
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toBe('Online');
    step('1: synced');

    // The server has exactly these three sales, numbered in the order they were rung up.
    expect(await countSales()).toBe(before + 3);
    const stored = await storedSales(ids);
    const seqs = stored.map(seqOf);
    expect(seqs).toEqual([seqs[0]!, seqs[0]! + 1, seqs[0]! + 2]);
    for (const [i, sale] of stored.entries()) {
      expect(receipts[i]!.endsWith(sale.id.replace(/-/g, '').slice(-8).toUpperCase())).toBe(true);
      expect(sale.clientCreatedAt).not.toBeNull();
    }
    expect(stored.map((s) => s.tenders.map((t) => t.method))).toEqual([['cash'], ['card', 'cash'], ['cash']]);
    expect(stored[1]!.tenders[0]!.amount).toBe(500);
    // Stock moved once per unit sold: a x2, b x3.
    expect(await stockOf(a)).toBe(stockBefore.a - 2);
    expect(await stockOf(b)).toBe(stockBefore.b - 3);
  }, 300_000);

  it('2. the server killed with the outbox half sent: no sale missing, none twice', async () => {
    const c = products[2]!;
    const stockBefore = await stockOf(c);
    const before = await countSales();

    await context!.setOffline(true);
    for (let i = 0; i < 6; i += 1) await ringUp(page, [c.barcodes[0]!]);
    const ids = await outboxIds(page);
    expect(ids).toHaveLength(6);

    // The third sale reaches the server and is stored, then the server dies before the reply.
    const posts: string[] = [];
    // Set from the route handler: a holder, so the type checker does not narrow it to null.
    const server2: { killed: Promise<void> | null } = { killed: null };
    await context!.route('**/api/v1/sales', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const id = (route.request().postDataJSON() as { id: string }).id;
      posts.push(id);
      if (posts.length !== 3) return route.continue();
      await route.fetch();
      server2.killed = killServer();
      await server2.killed;
      return route.abort('connectionreset');
    });
    await context!.setOffline(false);
    await expect.poll(() => server2.killed !== null, { timeout: SYNC_TIMEOUT }).toBe(true);
    await server2.killed;
    step('2: server killed after storing the third sale');
    // Down: the rest waits (with backoff) in the outbox.
    await expect.poll(() => outboxIds(page)).toEqual(ids.slice(2));

    await restartServer();
    await outboxDrained();
    await context!.unroute('**/api/v1/sales');
    step('2: synced after the restart');

    // The third sale was sent again (its reply was lost) and answered with the stored one.
    expect(posts.filter((id) => id === ids[2]).length).toBeGreaterThanOrEqual(2);
    expect(await countSales()).toBe(before + 6);
    const seqs = (await storedSales(ids)).map(seqOf);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(await stockOf(c)).toBe(stockBefore - 6);
  }, 300_000);

  it('3. two tabs of the device online after an offline period: no duplicate', async () => {
    const d = products[3]!;
    const before = await countSales();
    await context!.setOffline(true);
    for (let i = 0; i < 3; i += 1) await ringUp(page, [d.barcodes[0]!]);
    const ids = await outboxIds(page);
    expect(ids).toHaveLength(3);
    // A second tab of the same device opens offline (the service worker serves it).
    const second = await context!.newPage();
    second.on('pageerror', (error) => pageErrors.push(error.message));
    await second.goto(`${baseUrl()}/pos`);
    await second.getByTestId('search-input').waitFor({ timeout: 30_000 });
    await expect.poll(() => second.getByTestId('outbox-pending').textContent()).toMatch(/^3 unsent/);

    const answers: number[] = [];
    const listen = (response: Response) => {
      if (response.request().method() === 'POST' && response.url().endsWith('/api/v1/sales'))
        answers.push(response.status());
    };
    context!.on('response', listen);
    // Both tabs see the network come back at the same moment and both try to send.
    await context!.setOffline(false);
    await outboxDrained(page);
    await outboxDrained(second);
    context!.off('response', listen);
    step('3: synced with two tabs open');

    // Each sale was posted once (201), never a second time (a replay would be a 200).
    expect(answers).toEqual([201, 201, 201]);
    expect(await countSales()).toBe(before + 3);
    expect((await storedSales(ids)).map((s) => s.id)).toEqual(ids);
    await second.close();
  }, 300_000);

  it('4. a sale of a product archived meanwhile lands in "needs attention", and is resolved', async () => {
    const doomed = products[4]!;
    const before = await countSales();
    await context!.setOffline(true);
    await ringUp(page, [doomed.barcodes[0]!]);
    const [id] = await outboxIds(page);
    // Meanwhile a manager archives the product on the server.
    const archived = await fetch(`${baseUrl()}/api/v1/products/${doomed.id}/archive`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager.token}` },
    });
    expect(archived.status).toBeLessThan(300);

    await context!.setOffline(false);
    await outboxDrained();
    await page.getByTestId('attention-open').click();
    await expect.poll(() => page.getByTestId('attention-entry').count()).toBe(1);
    expect(await page.getByTestId('attention-reason').textContent()).toContain('product_inactive');
    // Kept, not lost, and not on the server; a cashier may send it again but not dismiss it.
    expect(await countSales()).toBe(before);
    expect(await page.getByTestId('attention-dismiss').count()).toBe(0);
    step('4: refused sale needs attention');

    // A manager switches in at the register (PIN) and sees it, with the right to dismiss it too.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('attention-entry').count()).toBe(0);
    await page.keyboard.press('F9');
    await page.getByTestId('staff-member').filter({ hasText: 'Max Manager' }).click();
    await page.getByTestId('pin-input').fill('2222');
    await page.getByTestId('pin-submit').click();
    await expect.poll(() => page.getByTestId('header-cashier').textContent()).toBe('Max Manager');
    await page.getByTestId('attention-open').click();
    await expect.poll(() => page.getByTestId('attention-entry').count()).toBe(1);
    expect(await page.getByTestId('attention-dismiss').count()).toBe(1);

    // The manager fixes the cause (the product is sold again) and the sale is sent again.
    const restored = await fetch(`${baseUrl()}/api/v1/products/${doomed.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${manager.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ active: true }),
    });
    expect(restored.status).toBe(200);
    await page.getByTestId('attention-retry').click();
    await expect.poll(() => page.getByTestId('attention-entry').count()).toBe(0);
    await page.keyboard.press('Escape');
    await outboxDrained();
    await expect.poll(() => page.getByTestId('attention-open').count()).toBe(0);
    expect(await countSales()).toBe(before + 1);
    expect((await manager.get<Sale>(`/sales/${id}`)).lines[0]!.productId).toBe(doomed.id);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('5. offline, a cashier switch by PIN is checked on the device; the sale is credited to that cashier', async () => {
    // Signed in as Max Manager (test 4). The network goes: the PIN is checked against the device's hash.
    await context!.setOffline(true);
    await page.keyboard.press('F9');
    await page.getByTestId('staff-member').filter({ hasText: 'Casey Cashier' }).click();
    await page.getByTestId('pin-input').fill('9999');
    await page.getByTestId('pin-submit').click();
    await expect.poll(() => page.getByText('Wrong PIN').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('header-cashier').textContent()).toBe('Max Manager');
    await page.getByTestId('pin-input').fill('3333');
    await page.getByTestId('pin-submit').click();
    await expect
      .poll(() => page.getByTestId('header-cashier').textContent(), { timeout: 15_000 })
      .toBe('Casey Cashier');
    await ringUp(page, [products[5]!.barcodes[0]!]);
    const [id] = await outboxIds(page);
    step('5: switched cashier offline and sold');
    // The pending badge counts the outbox once a second: wait until it shows this sale, or the
    // drain below could pass before the sync has even started.
    await expect.poll(() => page.getByTestId('outbox-pending').count(), { timeout: 10_000 }).toBe(1);

    await context!.setOffline(false);
    await outboxDrained();
    const sale = await manager.get<Sale>(`/sales/${id}`);
    expect(sale.cashierName).toBe('Casey Cashier');
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
