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
