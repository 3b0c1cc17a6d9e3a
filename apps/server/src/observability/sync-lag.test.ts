import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import type { LoginResponse, ProductPage } from '@kassa/contracts';
import { bearer, createTestApp, login, stores, type TestContext } from '../../test/harness.ts';
import { metricsRegistry } from './metrics.ts';
import { syncLagSeconds } from './sync-lag.ts';

let t: TestContext;
let cashier: LoginResponse;
let registerId: string;
let productId: string;

/** One unlabelled sample's value, read from the exposition text as a scraper would. */
async function scraped(name: string): Promise<number | null> {
  const text = await metricsRegistry.metrics();
  const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

function postSale(id: string, clientCreatedAt: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sales',
    headers: bearer(cashier.accessToken),
    payload: {
      id,
      registerId,
      clientCreatedAt,
      lines: [{ productId, quantity: '1' }],
      tenders: [{ method: 'cash', amount: 100_000 }],
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cashier = await login(t.app, 'cashier@demo.kassa.dev');
  registerId = (await stores(t.app, cashier.accessToken))[0]!.registers[0]!.id;
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/products?q=vodka&limit=1',
    headers: bearer(cashier.accessToken),
  });
  productId = res.json<ProductPage>().items[0]!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('syncLagSeconds', () => {
  it('is arrival minus completion in seconds, never negative, 0 without a client time', () => {
    const at = new Date('2026-11-21T12:00:00.000Z');
    expect(syncLagSeconds('2026-11-21T11:58:29.500Z', at)).toBe(90.5);
    expect(syncLagSeconds('2026-11-21T12:00:05Z', at)).toBe(0);
    expect(syncLagSeconds(null, at)).toBe(0);
    expect(syncLagSeconds(undefined, at)).toBe(0);
  });
});

describe('sync lag metrics', () => {
  it('report the worst register and the lagging ones, without ids in labels; a replay moves nothing', async () => {
    const countBefore = (await scraped('kassa_sync_lag_seconds_count')) ?? 0;
    const lateId = newDocumentId();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    const first = await postSale(lateId, twoHoursAgo);
    expect(first.statusCode, first.body).toBe(201);
    const lag = await scraped('kassa_register_sync_lag_max_seconds');
    expect(lag).toBeGreaterThanOrEqual(7200);
    expect(lag).toBeLessThan(7200 + 60);
    expect(await scraped('kassa_registers_sync_lagging')).toBe(1);
    expect(await scraped('kassa_sync_lag_seconds_count')).toBe(countBefore + 1);
    // Two hours late falls in the 4 h bucket, not the 1 h one.
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(/^kassa_sync_lag_seconds_bucket\{le="3600"\} 0$/m);
    expect(text).toMatch(/^kassa_sync_lag_seconds_bucket\{le="14400"\} 1$/m);

    // A sale that arrives at once brings the register (the only one selling here) back to about zero.
    const now = await postSale(newDocumentId(), new Date().toISOString());
    expect(now.statusCode, now.body).toBe(201);
    const caughtUp = await scraped('kassa_register_sync_lag_max_seconds');
    expect(caughtUp).toBeLessThan(60);
    expect(await scraped('kassa_registers_sync_lagging')).toBe(0);
    expect(await scraped('kassa_sync_lag_seconds_count')).toBe(countBefore + 2);

    // Replaying the old sale (a retry after a lost reply) is not an arrival: nothing moves.
    const replay = await postSale(lateId, twoHoursAgo);
    expect(replay.statusCode).toBe(200);
    expect(await scraped('kassa_register_sync_lag_max_seconds')).toBe(caughtUp);
    expect(await scraped('kassa_sync_lag_seconds_count')).toBe(countBefore + 2);

    // Bounded labels: no register (or any other) id appears in the exposition.
    const exposition = await metricsRegistry.metrics();
    expect(exposition).not.toContain(registerId);
    expect(exposition).not.toContain('register_id');
  });
});
