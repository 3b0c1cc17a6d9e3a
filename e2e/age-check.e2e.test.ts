import { existsSync } from 'node:fs';
import type { AgeCheck, AgeCheckReport, AgePolicy, Product, Sale, Shift } from '@kassa/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchProducts, fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** The demo stores' time zone: "today" and birthdays are days there, not in UTC. */
const STORE_TIME_ZONE = 'America/Chicago';

async function scan(page: Page, barcode: string): Promise<void> {
  await page.locator('input:focus').waitFor();
  await page.keyboard.type(barcode, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** Sends a JSON request as the given user; the test's own client, independent of the terminal. */
async function send<T>(baseUrl: string, token: string, method: string, path: string, body: unknown) {
  const reply = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
  return (await reply.json()) as T;
}

/** "YYYY-MM-DD" of the day `years` years and `days` days from the store's today (calendar arithmetic). */
function storeDay(years: number, days: number): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: STORE_TIME_ZONE })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d + days)).toISOString().slice(0, 10);
}

describe.skipIf(!hasChromium)('age-restricted sales in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let cashier: TestApi;
  let owner: TestApi;

  beforeAll(async () => {
    server = await startServer();
    cashier = await loginApi(server.baseUrl, 'cashier@demo.kassa.dev', 'kassa-demo');
    owner = await loginApi(server.baseUrl, 'owner@demo.kassa.dev', 'kassa-demo');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a customer who is 20, allows one on the 21st birthday, and a 29 February birthday on 1 March of a common year', async () => {
    const baseUrl = server!.baseUrl;
    const store = (await fetchStores(cashier))[2]!;
    const register = store.registers[0]!;
    // The demo sells liquor: every product is age-restricted. Make one a soft drink, and set 21+.
    const [liquor, soda] = (await fetchProducts(cashier, 'limit=20')).items.filter(
      (p) => p.active && p.barcodes.length,
    );
    expect(liquor && soda, 'two sellable products').toBeTruthy();
    await send<Product>(baseUrl, owner.token, 'PATCH', `/products/${soda!.id}`, { ageRestricted: false });
    const policy: AgePolicy = { minimumAge: 21, visualOver: null, keepBirthDate: false };
    await send<AgePolicy>(baseUrl, owner.token, 'PUT', `/stores/${store.id}/age-policy`, policy);

    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/pos`);
    await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('store-option').filter({ hasText: store.name }).click();
    await page.getByTestId('register-option').filter({ hasText: register.name }).click();
    await page.getByTestId('opening-float').fill('100.00');
    const opened = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/shifts') && r.request().method() === 'POST',
    );
    await page.getByTestId('open-shift').click();
    const shift = (await (await opened).json()) as Shift;
    expect(shift.status).toBe('open');
    await page.waitForLoadState('networkidle');

    const sell = async (...barcodes: string[]) => {
      await page.getByTestId('search-input').click();
      for (const [i, barcode] of barcodes.entries()) {
        await scan(page, barcode);
        await expect.poll(() => page.getByTestId('cart-line').count()).toBe(i + 1);
      }
      await page.keyboard.press('F4');
    };
    const typeBirthDate = async (birthDate: string) => {
      await page.getByTestId('age-birth-date').fill(birthDate);
      await page.getByTestId('age-check-birth-date').click();
    };
    const payExact = async (): Promise<Sale> => {
      const posted = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/sales') && r.request().method() === 'POST',
      );
      await page.getByTestId('tender-due').click();
      await page.keyboard.press('Enter');
      const response = await posted;
      expect(response.status()).toBe(201);
      await page.getByTestId('receipt-number').waitFor();
      await page.getByTestId('new-sale').click();
      return (await response.json()) as Sale;
    };

    // 1. Twenty years old (the 21st birthday is tomorrow, store time): no tender until a check,
    //    the check refuses, the refusal is logged, and the liquor must leave the cart.
    await sell(liquor!.barcodes[0]!, soda!.barcodes[0]!);
    await page.getByTestId('age-check').waitFor();
    expect(await page.getByTestId('tender-due').count()).toBe(0);
    const logged = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/age-checks') && r.request().method() === 'POST',
    );
    await typeBirthDate(storeDay(-21, 1));
    await page.getByTestId('age-refused').waitFor();
    const refusal = (await (await logged).json()) as AgeCheck;
    expect(refusal).toMatchObject({
      result: 'refused',
      reason: 'under_age',
      method: 'birth_date',
      registerId: register.id,
      birthDate: null,
      saleId: null,
    });
    expect(await page.getByTestId('tender-due').count()).toBe(0);
    await page.getByTestId('age-remove-restricted').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('cart-line').textContent()).toContain(soda!.name);
    // The soft drink alone needs no check.
    await page.keyboard.press('F4');
    const sodaSale = await payExact();
    expect(sodaSale.lines.map((l) => l.productId)).toEqual([soda!.id]);
    expect(
      await cashier.get<unknown>(`/sales/${sodaSale.id}/age-check`).catch((e: Error) => e.message),
    ).toMatch(/404/);

    // 2. On the 21st birthday the check passes; the sale stores result, method and cashier, no birth date.
    await sell(liquor!.barcodes[0]!);
    await page.getByTestId('age-check').waitFor();
    await typeBirthDate(storeDay(-21, 0));
    const birthdaySale = await payExact();
    const check = await cashier.get<AgeCheck>(`/sales/${birthdaySale.id}/age-check`);
    expect(check).toMatchObject({
      saleId: birthdaySale.id,
      result: 'passed',
      method: 'birth_date',
      minimumAge: 21,
      birthDate: null,
      registerId: register.id,
    });
    expect(check.cashierId).toBe(refusal.cashierId);

    // The compliance report shows the check and the refusal for this register and cashier today.
    const today = storeDay(0, 0);
    const report = await owner.get<AgeCheckReport>(
      `/reports/age-checks?from=${today}&to=${today}&storeId=${store.id}`,
    );
    expect(report.totals).toEqual({ passed: 1, refused: 1 });
    expect(report.rows).toEqual([
      expect.objectContaining({
        day: today,
        registerId: register.id,
        cashierId: check.cashierId,
        method: 'birth_date',
        passed: 1,
        refused: 1,
      }),
    ]);

    // 3. Born 29 February 2004: in 2025 (a common year) the 21st birthday is 1 March. The terminal's
    //    clock is set to noon in the store; the server checks at the earlier of its clock and the
    //    terminal's completion time, so both sides judge the same day.
    await page.clock.setFixedTime(new Date('2025-02-28T18:00:00Z'));
    await sell(liquor!.barcodes[0]!);
    await page.getByTestId('age-check').waitFor();
    const leapLogged = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/age-checks') && r.request().method() === 'POST',
    );
    await typeBirthDate('2004-02-29');
    await page.getByTestId('age-refused').waitFor();
    // The server logs the refusal on the terminal's day, as the cashier saw it.
    expect((await (await leapLogged).json()) as AgeCheck).toMatchObject({
      result: 'refused',
      reason: 'under_age',
      checkedAt: '2025-02-28T18:00:00.000Z',
    });
    expect(await page.getByTestId('tender-due').count()).toBe(0);
    await page.getByTestId('age-back').click();
    await page.clock.setFixedTime(new Date('2025-03-01T18:00:00Z'));
    await page.getByTestId('search-input').click();
    await page.keyboard.press('F4');
    await page.getByTestId('age-check').waitFor();
    await typeBirthDate('2004-02-29');
    const leapSale = await payExact();
    expect(leapSale.clientCreatedAt).toBe('2025-03-01T18:00:00.000Z');
    expect(await cashier.get<AgeCheck>(`/sales/${leapSale.id}/age-check`)).toMatchObject({
      result: 'passed',
      method: 'birth_date',
      birthDate: null,
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
