import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginApi } from './support/api.ts';
import { startServer, type RunningServer } from './support/server.ts';

const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const NEW_PASSWORD = 'a brand new password';

describe.skipIf(!hasChromium)('password reset by e-mail, in the browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let smtp: SMTPServer | undefined;
  const inbox: { to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    // A local SMTP peer: the real server process sends to it with nodemailer.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    // startServer passes the test's environment on to the server process.
    process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`;
    process.env.KASSA_PUBLIC_URL = 'https://pos.example.com';
    try {
      server = await startServer();
    } finally {
      delete process.env.SMTP_URL;
      delete process.env.KASSA_PUBLIC_URL;
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('mails a link over SMTP; the link sets a new password once; an unknown address looks the same', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server!.baseUrl}/backoffice`);
    await page.getByTestId('login-forgot').click();

    // An unknown address: the same answer, and no mail.
    await page.getByTestId('forgot-email').fill('nobody@demo.kassa.dev');
    await page.getByTestId('forgot-submit').click();
    const unknownAnswer = await page.getByTestId('forgot-sent').textContent();
    await page.reload();
    await page.getByTestId('login-forgot').click();
    await page.getByTestId('forgot-email').fill('manager@demo.kassa.dev');
    await page.getByTestId('forgot-submit').click();
    expect(await page.getByTestId('forgot-sent').textContent()).toBe(unknownAnswer);
    await expect.poll(() => inbox.length, { timeout: 10_000 }).toBe(1);
    expect(inbox[0]!.to).toEqual(['manager@demo.kassa.dev']);

    // The link of the mail (quoted-printable soft breaks undone), opened on this server.
    const body = inbox[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const link = /https:\/\/pos\.example\.com(\/backoffice\/reset-password#token=\S+)/.exec(body)![1]!;
    await page.goto(`${server!.baseUrl}${link}`);
    await page.getByTestId('reset-password').fill(NEW_PASSWORD);
    await page.getByTestId('reset-repeat').fill(NEW_PASSWORD);
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').waitFor();

    // The new password signs in, the old one no longer does, and the link does not work twice.
    await loginApi(server!.baseUrl, 'manager@demo.kassa.dev', NEW_PASSWORD);
    await expect(loginApi(server!.baseUrl, 'manager@demo.kassa.dev', 'kassa-demo')).rejects.toThrow(/401/);
    await page.goto(`${server!.baseUrl}${link}`);
    await page.reload();
    await page.getByTestId('reset-password').fill('yet another password');
    await page.getByTestId('reset-repeat').fill('yet another password');
    await page.getByTestId('reset-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/./);
    await expect(loginApi(server!.baseUrl, 'manager@demo.kassa.dev', 'yet another password')).rejects.toThrow(
      /401/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
