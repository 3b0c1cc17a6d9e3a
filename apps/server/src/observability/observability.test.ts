import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '@kassa/db';
import type { Product } from '@kassa/contracts';
import { buildApp } from '../app.ts';
import { AccessTokens } from '../modules/auth/tokens.ts';
import { bearer, cloneTemplateDatabase, login, TEST_JWT_SECRET } from '../../test/harness.ts';
import { loggerOptions, maskCardNumbers, scrub, wantsPrettyLogs } from './logger.ts';
import { metricsRegistry, salesCounter, startMetricsServer } from './metrics.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';

let handle: DatabaseHandle;
let app: FastifyInstance;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  handle = await cloneTemplateDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  app = await buildApp({
    db: handle.db,
    tokens: new AccessTokens(TEST_JWT_SECRET),
    secureCookies: false,
    logger: loggerOptions({ level: 'info', stream }),
    operations: { metricsToken: METRICS_TOKEN, pool: handle.pool },
  });
  app.get('/test/log', { config: { permission: 'public' } }, (request) => {
    request.log.info(
      {
        card: '4111 1111 1111 1111',
        barcode: '2000000410197',
        body: { email: 'a@b.c', password: 'hunter2', pin: '1234', nested: { refreshToken: 'r-abc' } },
        headers: { authorization: 'Bearer abc', cookie: 'kassa_refresh=xyz' },
      },
      'paid with 5500-0000-0000-0004',
    );
    return { ok: true };
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await handle?.close();
});

const logText = () => JSON.stringify(lines);

describe('logs', () => {
  it('honours a valid X-Request-Id, returns it, and logs every line of the request with it', async () => {
    const id = 'req-0123456789abcdef';
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toBe(id);
    const mine = lines.filter((l) => l.reqId === id);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('replaces an unusable X-Request-Id with its own', async () => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'x y' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('redacts passwords, PINs, tokens, credentials and card numbers; keeps barcodes', async () => {
    await app.inject({
      method: 'GET',
      url: '/test/log',
      headers: { authorization: 'Bearer secret-token-123' },
    });
    const line = lines.find((l) => l.msg === 'paid with ************0004');
    expect(line).toMatchObject({
      card: '************1111',
      barcode: '2000000410197',
      body: {
        email: 'a@b.c',
        password: '[REDACTED]',
        pin: '[REDACTED]',
        nested: { refreshToken: '[REDACTED]' },
      },
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' },
    });
    expect(logText()).not.toMatch(/hunter2|r-abc|secret-token-123|kassa_refresh=|4111 1111/);
  });

  it('names the company and user in the lines of an authenticated request', async () => {
    const session = await login(app, 'manager@demo.kassa.dev');
    const id = 'req-authenticated-0001';
    await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { ...bearer(session.accessToken), 'x-request-id': id },
    });
    const completed = lines.find((l) => l.reqId === id && l.msg === 'request completed');
    expect(completed).toMatchObject({ companyId: session.company.id, userId: session.user.id });
    expect(logText()).not.toContain(session.accessToken);
  });

  it('masks only Luhn-valid 15 to 19 digit numbers', () => {
    expect(maskCardNumbers('amex 378282246310005, visa 4012888888881881')).toBe(
      'amex ***********0005, visa ************1881',
    );
    expect(maskCardNumbers('not a card 4111111111111112, gtin-14 10012345678902')).toBe(
      'not a card 4111111111111112, gtin-14 10012345678902',
    );
    expect(scrub({ list: [{ cvv: '123' }], PIN_hash: 'x', apiKey: 'k', when: 3 })).toEqual({
      list: [{ cvv: '[REDACTED]' }],
      PIN_hash: '[REDACTED]',
      apiKey: '[REDACTED]',
      when: 3,
    });
  });

  it('is pretty only for development on a terminal', () => {
    expect(wantsPrettyLogs('development', true)).toBe(true);
    expect(wantsPrettyLogs('development', false)).toBe(false);
    expect(wantsPrettyLogs('production', true)).toBe(false);
    expect(loggerOptions({ level: 'info', pretty: true }).transport).toMatchObject({ target: 'pino-pretty' });
  });
});

describe('GET /metrics', () => {
  it('requires the bearer token', async () => {
    const none = await app.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: bearer('nope') });
    expect(wrong.statusCode).toBe(401);
  });

  it('is not served at all without a configured token', async () => {
    const bare = await buildApp({
      db: handle.db,
      tokens: new AccessTokens(TEST_JWT_SECRET),
      secureCookies: false,
    });
    const res = await bare.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    await bare.close();
  });

  it('reports request durations by route pattern and status, never by raw URL', async () => {
    const session = await login(app, 'cashier@demo.kassa.dev');
    const products = await app.inject({
      method: 'GET',
      url: '/api/v1/products?q=Vodka&limit=1',
      headers: bearer(session.accessToken),
    });
    const product = products.json<{ items: Product[] }>().items[0]!;
    await app.inject({
      method: 'GET',
      url: `/api/v1/products/${product.id}`,
      headers: bearer(session.accessToken),
    });
    await app.inject({ method: 'GET', url: `/api/v1/nope/${product.id}` });
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: bearer(METRICS_TOKEN) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/products\/:id",status_code="200"\} [1-9]/,
    );
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status_code="404"\}/,
    );
    expect(body).not.toContain(product.id);
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toMatch(/kassa_sales_total \d+/);
    expect(body).toContain('kassa_refunds_total');
    if (handle.kind === 'postgres') expect(body).toMatch(/kassa_db_pool_connections\{state="total"\} [1-9]/);
  });

  it('exports counters other modules feed', async () => {
    const before = (await salesCounter.get()).values[0]?.value ?? 0;
    salesCounter.inc();
    expect((await salesCounter.get()).values[0]?.value).toBe(before + 1);
    expect(await metricsRegistry.metrics()).toContain(`kassa_sales_total ${before + 1}`);
  });

  it('can be served without a token on a separate port instead', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('http_request_duration_seconds');
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
