import { existsSync } from 'node:fs';
import type { StaffUserList } from '@kassa/contracts';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginApi, type TestApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const EMAIL = 'new.cashier@demo.kassa.dev';
const PASSWORD = 'a long enough password';

describe.skipIf(!hasChromium)('the back office Staff screen', () => {
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

  /** The status of GET /auth/me with a token: 200 while its session lives, 401 once it ended. */
  const meStatus = async (token: string) =>
    (await fetch(`${server!.baseUrl}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } }))
      .status;

  it('an owner creates a cashier, makes them a manager, resets the PIN, disables them, and adds a custom role', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server!.baseUrl}/backoffice`);
    await page.getByTestId('login-email').fill('owner@demo.kassa.dev');
    await page.getByTestId('login-password').fill('kassa-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tab-staff').click();

    // Create: a cashier with a password, who can sign in at once.
    await page.getByTestId('staff-new').click();
    await page.getByTestId('staff-name').fill('Nora New');
    await page.getByTestId('staff-email').fill(EMAIL);
    await page.getByTestId('staff-password').fill(PASSWORD);
    await page.getByTestId('staff-save').click();
    const row = page.locator(`[data-testid="staff-row"][data-email="${EMAIL}"]`);
    await expect.poll(() => row.getByTestId('staff-row-role').textContent()).toBe('Cashier');
    const first = await loginApi(server!.baseUrl, EMAIL, PASSWORD);
    expect(await meStatus(first.token)).toBe(200);

    // Change the role: the user's sessions end; the new role shows.
    await row.getByTestId('staff-edit').click();
    await page.getByTestId('staff-role').click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await page.getByTestId('staff-save').click();
    await expect.poll(() => row.getByTestId('staff-row-role').textContent()).toBe('Manager');
    expect(await meStatus(first.token)).toBe(401);

    // Reset the PIN.
    const hasPin = async () =>
      (await owner.get<StaffUserList>('/users')).items.find((u) => u.email === EMAIL)?.hasPin;
    expect(await hasPin()).toBe(false);
    await row.getByTestId('staff-pin-reset').click();
    await page.getByTestId('staff-new-pin').fill('4826');
    await page.getByTestId('staff-pin-save').click();
    await expect.poll(hasPin).toBe(true);

    // Disable: the next request of a live session is a 401, and sign-in is refused.
    const second = await loginApi(server!.baseUrl, EMAIL, PASSWORD);
    expect(await meStatus(second.token)).toBe(200);
    await row.getByTestId('staff-toggle').click();
    await expect.poll(() => row.getAttribute('data-active')).toBe('false');
    expect(await meStatus(second.token)).toBe(401);
    await expect(loginApi(server!.baseUrl, EMAIL, PASSWORD)).rejects.toThrow(/401/);

    // A custom role with exactly two permissions.
    await page.getByTestId('role-new').click();
    await page.getByTestId('role-name').fill('Stock clerk');
    await page.locator('[data-testid="role-permission"][data-permission="catalog.read"]').check();
    await page.locator('[data-testid="role-permission"][data-permission="stock.adjust"]').check();
    await page.getByTestId('role-save').click();
    const roleRow = page.locator('[data-testid="role-row"][data-name="Stock clerk"]');
    await expect.poll(() => roleRow.textContent()).toContain('catalog.read, stock.adjust');
    expect(errors).toEqual([]);
    await page.close();
  });
});
