import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { LoginResponse } from '@kassa/contracts';
import { bearer, createTestApp, DEMO_PASSWORD, type TestContext } from '../../../test/harness.ts';

/** A throwaway redis-server for this file; the tests are skipped where none is installed. */
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

describe.runIf(hasRedis)('with REDIS_URL', () => {
  let server: ChildProcess;
  let redis: Redis;
  let url: string;
  let t: TestContext;

  beforeAll(async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    url = `redis://127.0.0.1:${port}`;
    redis = new Redis(url, { lazyConnect: true, retryStrategy: () => 50 });
    redis.on('error', () => undefined); // refused while the server starts
    for (let i = 0; i < 100; i++) {
      try {
        await redis.connect();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(await redis.ping()).toBe('PONG');
    t = await createTestApp({
      operations: { redisUrl: url },
      loginRateLimits: { perIp: 3, perAccount: 100, windowMs: 60_000 },
    });
  });

  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
    server?.kill();
  });

  const signIn = (address: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: address,
      payload: { email: 'manager@demo.kassa.dev', password: DEMO_PASSWORD },
    });

  it('keeps revoked sessions in Redis: logout ends the access token on its next request', async () => {
    const res = await signIn('10.9.0.1');
    expect(res.statusCode).toBe(200);
    const session = res.json<LoginResponse>();
    const cookie = res.cookies.find((c) => c.name === 'kassa_refresh')!;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(session.accessToken) }))
        .statusCode,
    ).toBe(200);
    const sid = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as {
      sid: string;
    };
    expect(await redis.exists(`kassa:revoked-session:${sid.sid}`)).toBe(0);

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-kassa-request': '1' },
      cookies: { kassa_refresh: cookie.value },
    });
    expect(out.statusCode).toBe(204);
    expect(await redis.exists(`kassa:revoked-session:${sid.sid}`)).toBe(1);
    expect(await redis.ttl(`kassa:revoked-session:${sid.sid}`)).toBeGreaterThan(15 * 60 - 5);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(session.accessToken),
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('counts sign-in attempts in Redis, shared by every node', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn('10.9.9.9')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const keys = await redis.keys('kassa-rl:*');
    expect(keys.some((k) => k.includes('login-ip:10.9.9.9'))).toBe(true);
  });
});
