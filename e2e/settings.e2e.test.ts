import { existsSync } from 'node:fs';
import type { CompanySettings, Store } from '@kassa/contracts';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStores, loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';

// Issue 7 (company settings: maximum discount per role, shift over/short threshold) and issue 8
// (the store's offline limit), edited in the back office and read back through the API.
describe.skipIf(!existsSync(CHROMIUM))('settings in the back office', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let owner: TestApi;

  beforeAll(async () => {
    server = await startServer();
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

  it("an owner changes the cashier's discount limit and a store's over/short threshold and offline limit", async () => {
    const [store] = await fetchStores(owner);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.baseUrl}/backoffice`);
    await page.getByTestId('login-email').fill('owner@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tab-settings').click();

    await page.getByTestId('settings-max-discount-cashier').fill('15.5');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();

    await page.getByTestId('store-settings-threshold').fill('12.50');
    await page.getByTestId('store-settings-offline-hours').fill('48');
    await page.getByTestId('store-settings-save').click();
    await page.getByTestId('store-settings-saved').waitFor();

    const settings = await owner.get<CompanySettings>('/settings');
    expect(settings.maxDiscountPercent).toEqual({ owner: '100', manager: '50', cashier: '15.5' });
    const saved = (await fetchStores(owner)).find((s: Store) => s.id === store!.id)!;
    expect(saved).toMatchObject({ cashVarianceThreshold: 1250, offlineLimitHours: 48 });
    expect(errors).toEqual([]);
  });
});
