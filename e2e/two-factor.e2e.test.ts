import { existsSync } from 'node:fs';
import type { LoginResponse } from '@kassa/contracts';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('two-factor sign-in required by the company', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.kassa.dev', password: 'kassa-demo' }),
    });
    const { accessToken } = (await login.json()) as LoginResponse;
    const put = await fetch(`${server.baseUrl}/api/v1/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ requireTotpForManagers: true }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager enrols at first sign-in, then signs in with a recovery code', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.baseUrl}/backoffice`);
    const signIn = async () => {
      await page.getByTestId('login-email').fill('manager@demo.kassa.dev');
      await page.getByTestId('login-password').fill('kassa-demo');
      await page.getByTestId('login-submit').click();
    };
    await signIn();

    // Enrolment comes first: no back office until the app is set up.
    await page.getByTestId('totp-start').click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(await page.getByTestId('tab-products').count()).toBe(0);
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByTestId('totp-code').fill(totp.generate());
    await page.getByTestId('totp-confirm').click();
    const codes = page.getByTestId('totp-recovery-codes').locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    const recovery = (await codes.first().textContent())!.trim();
    await page.getByTestId('totp-continue').click();
    await page.getByTestId('tab-products').waitFor();

    // Next sign-in: the password alone is not enough; a recovery code completes it.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn();
    await page.getByTestId('login-totp').waitFor();
    await page.getByTestId('login-totp').fill(recovery);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tab-products').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
