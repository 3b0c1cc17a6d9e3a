/** Optional Sentry: off without SENTRY_DSN; with one, a 500 reaches a local Sentry-compatible stub. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { errorHandler } from '../http/problem.ts';
import { flushSentry, initSentry, reportUnexpectedError, sentryEnabled } from './sentry.ts';

type Received = { path: string; body: string };

/** A stand-in for Sentry's ingest endpoint: records every envelope posted to it. */
async function sentryStub(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      received.push({ path: req.url ?? '', body: body.toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port, received };
}

let stub: Awaited<ReturnType<typeof sentryStub>> | undefined;
afterAll(async () => {
  await flushSentry(1000);
  const Sentry = await import('@sentry/node');
  await Sentry.close(1000);
  await new Promise<void>((r) => (stub ? stub.server.close(() => r()) : r()));
});

describe('Sentry', () => {
  it('is skipped without SENTRY_DSN', async () => {
    expect(await initSentry({ dsn: undefined, environment: 'test' })).toBe(false);
    expect(sentryEnabled()).toBe(false);
    const Sentry = await import('@sentry/node');
    expect(Sentry.isInitialized()).toBe(false);
    reportUnexpectedError(new Error('nobody hears this'), { requestId: 'r1' }); // a no-op, no throw
    expect(await flushSentry(100)).toBe(true);
  });

  it('with a DSN, reports a 500 with its request id, card numbers masked, and not a 4xx', async () => {
    stub = await sentryStub();
    const dsn = `http://publickey@127.0.0.1:${stub.port}/42`;
    expect(await initSentry({ dsn, environment: 'test' })).toBe(true);
    expect(sentryEnabled()).toBe(true);

    const app = Fastify({ genReqId: () => 'req-sentry-test-1' });
    app.setErrorHandler(errorHandler);
    app.get('/boom', () => {
      throw new Error('charge of card 4111 1111 1111 1111 went wrong');
    });
    app.get('/missing', () => {
      throw new AppError('not_found', 404, 'Not here');
    });
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toMatchObject({ code: 'internal_error' });
    expect((await app.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
    await app.close();

    expect(await flushSentry(5000)).toBe(true);
    const events = stub.received.filter((r) => r.body.includes('"type":"event"'));
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.path.split('?')[0]).toBe('/api/42/envelope/');
    expect(event.body).toContain('req-sentry-test-1');
    expect(event.body).toContain('************1111');
    expect(event.body).not.toContain('4111 1111 1111 1111');
    expect(event.body).not.toContain('Not here');
  });
});
