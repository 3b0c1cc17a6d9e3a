import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';

describe('CORS allow-list', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ corsOrigins: ['https://pos.example.com'] });
  });
  afterAll(() => t.close());

  const preflight = (origin: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/refresh',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-kassa-request',
      },
    });

  it('lets a listed origin send the CSRF header with credentials', async () => {
    const res = await preflight('https://pos.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://pos.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('gives any other origin no CORS grant, so its script cannot send the header', async () => {
    for (const origin of ['https://evil.example', 'https://pos.example.com.evil.example', 'null']) {
      const res = await preflight(origin);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });
});

describe('security headers and cookies', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ secureCookies: true });
  });
  afterAll(() => t.close());

  it('sends a Content-Security-Policy without inline or foreign scripts, and the helmet headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    const csp = String(res.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    // WebAssembly compilation only (the terminal's offline PIN check), never JavaScript eval.
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('script-src-attr')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'self'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('sets the refresh cookie httpOnly, Secure, SameSite=Strict, on the auth path only', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'cashier@demo.kassa.dev', password: 'kassa-demo' },
    });
    expect(res.statusCode).toBe(200);
    const header = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('kassa_refresh='));
    expect(header).toBeDefined();
    const attributes = header!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/v1/auth']),
    );
  });
});
