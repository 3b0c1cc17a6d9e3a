import 'fake-indexeddb/auto';
import type { CreateSaleRequest, Sale } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/http/apiError.ts';
import { openOfflineDb, type OfflineDb } from './offlineDb.ts';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  completeSale,
  enqueueSale,
  expediteOutbox,
  isBusinessRefusal,
  outboxStatus,
  pushOutbox,
  resolveAttention,
  type LockManagerLike,
  type SendSale,
} from './outbox.ts';

const REGISTER = '0194f3a0-0000-7000-8000-000000000001';
const PRODUCT = '0194f3a0-0000-7000-8000-000000000002';

let db: OfflineDb;
let clock: number;
const options = () => ({ now: () => clock, random: () => 0.5, quickRetryMs: 0 });

function saleBody(): CreateSaleRequest {
  return {
    id: newDocumentId(),
    registerId: REGISTER,
    lines: [{ productId: PRODUCT, quantity: '1' }],
    tenders: [{ method: 'cash', amount: 1000 }],
    clientCreatedAt: new Date(clock).toISOString(),
  };
}

/**
 * A fake server with the real one's idempotency: the first post of an id creates the sale and
 * numbers it from the register's sequence, a repeat returns the stored one. `fail` decides, per
 * call, to throw instead (before or after storing, to play a lost reply).
 */
function fakeServer() {
  const stored = new Map<string, Sale>();
  const posts: string[] = [];
  let seq = 0;
  let fail: ((body: CreateSaleRequest) => 'network-before' | 'network-after' | ApiError | null) | null = null;
  const send: SendSale = async (body) => {
    posts.push(body.id);
    const failure = fail?.(body) ?? null;
    if (failure instanceof ApiError) throw failure;
    if (failure === 'network-before') throw new ApiError(0, 'network_error', 'offline');
    let sale = stored.get(body.id);
    if (!sale) {
      seq += 1;
      sale = { id: body.id, receiptNumber: `S1-R1-${String(seq).padStart(6, '0')}` } as Sale;
      stored.set(body.id, sale);
    }
    if (failure === 'network-after') throw new ApiError(0, 'network_error', 'reply lost');
    return sale;
  };
  return {
    send,
    stored,
    posts,
    setFail: (f: typeof fail) => {
      fail = f;
    },
  };
}

beforeEach(async () => {
  clock = Date.parse('2026-11-21T10:00:00Z');
  db = openOfflineDb(`test-${newDocumentId()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('backoffDelay', () => {
  it('doubles from 1 s up to the 60 s cap, with half of it jittered', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(30, 0)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(30, 0.999999)).toBe(BACKOFF_CAP_MS);
  });
});

describe('isBusinessRefusal', () => {
  it('is true for 4xx business answers only', () => {
    expect(isBusinessRefusal(new ApiError(422, 'product_inactive', 'x'))).toBe(true);
    expect(isBusinessRefusal(new ApiError(404, 'product_not_found', 'x'))).toBe(true);
    expect(isBusinessRefusal(new ApiError(409, 'sale_id_conflict', 'x'))).toBe(true);
    for (const status of [0, 401, 403, 408, 429, 500, 503])
      expect(isBusinessRefusal(new ApiError(status, 'x', 'x'))).toBe(false);
    expect(isBusinessRefusal(new TypeError('fetch failed'))).toBe(false);
  });
});

describe('pushOutbox', () => {
  it('sends oldest first, one per request, and empties the outbox only on acknowledgement', async () => {
    const server = fakeServer();
    const bodies = [saleBody(), saleBody(), saleBody()];
    // Enqueued out of order: the UUIDv7 id, not the insertion order, decides.
    for (const body of [bodies[2]!, bodies[0]!, bodies[1]!]) await enqueueSale(db, body, clock);
    expect((await outboxStatus(db)).pending).toBe(3);

    const report = await pushOutbox(db, server.send, options());
    expect(report).toEqual({ acknowledged: bodies.map((b) => b.id), refused: [], nextAttemptAt: null });
    expect(server.posts).toEqual(bodies.map((b) => b.id));
    expect([...server.stored.values()].map((s) => s.receiptNumber)).toEqual([
      'S1-R1-000001',
      'S1-R1-000002',
      'S1-R1-000003',
    ]);
    expect(await outboxStatus(db)).toEqual({ pending: 0, oldestCreatedAt: null, attention: 0 });
  });

  it('keeps an entry whose reply was lost and sends it again later: the server stores it once', async () => {
    const server = fakeServer();
    const [a, b] = [saleBody(), saleBody()];
    await enqueueSale(db, a, clock);
    await enqueueSale(db, b, clock);
    server.setFail((body) => (body.id === a.id ? 'network-after' : null));

    const first = await pushOutbox(db, server.send, options());
    // Stopped at the failed entry: the newer one did not overtake it.
    expect(first.acknowledged).toEqual([]);
    expect(first.nextAttemptAt).toBe(clock + backoffDelay(1, 0.5));
    expect(server.posts).toEqual([a.id]);
    const waiting = await db.outbox.get(a.id);
    expect(waiting).toMatchObject({ attempts: 1, lastError: 'reply lost' });

    // Too early: nothing is sent.
    expect((await pushOutbox(db, server.send, options())).acknowledged).toEqual([]);
    expect(server.posts).toEqual([a.id]);

    server.setFail(null);
    clock = first.nextAttemptAt!;
    const second = await pushOutbox(db, server.send, options());
    expect(second.acknowledged).toEqual([a.id, b.id]);
    expect(server.stored.size).toBe(2);
    expect(server.stored.get(a.id)!.receiptNumber).toBe('S1-R1-000001');
    expect(server.stored.get(b.id)!.receiptNumber).toBe('S1-R1-000002');
  });

  it('backs off exponentially while the network is down', async () => {
    const server = fakeServer();
    await enqueueSale(db, saleBody(), clock);
    server.setFail(() => 'network-before');
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const report = await pushOutbox(db, server.send, options());
      delays.push(report.nextAttemptAt! - clock);
      clock = report.nextAttemptAt!;
    }
    expect(delays).toEqual([750, 1500, 3000, 6000]);
    expect(server.stored.size).toBe(0);
    expect((await outboxStatus(db)).pending).toBe(1);
  });

  it('sends at once when the network comes back, whatever the backoff (expediteOutbox)', async () => {
    const server = fakeServer();
    await enqueueSale(db, saleBody(), clock);
    server.setFail(() => 'network-before');
    // Six failed attempts: the next one is due backoffDelay(6) = 16-32 s later.
    for (let i = 0; i < 6; i += 1) {
      const next = (await pushOutbox(db, server.send, options())).nextAttemptAt!;
      if (i < 5) clock = next;
    }
    const waiting = (await db.outbox.toArray())[0]!;
    expect(waiting.nextAttemptAt).toBe(clock + backoffDelay(6, 0.5));
    server.setFail(null);
    // Without it, nothing is sent before the backoff runs out.
    expect((await pushOutbox(db, server.send, options())).acknowledged).toEqual([]);
    await expediteOutbox(db, clock);
    expect((await pushOutbox(db, server.send, options())).acknowledged).toEqual([waiting.id]);
    expect(server.stored.size).toBe(1);
  });

  it('moves a refused sale to "needs attention" with the reason and goes on with the next', async () => {
    const server = fakeServer();
    const [a, b] = [saleBody(), saleBody()];
    await enqueueSale(db, a, clock);
    await enqueueSale(db, b, clock);
    server.setFail((body) =>
      body.id === a.id ? new ApiError(422, 'product_inactive', 'Vodka is no longer sold') : null,
    );
    const report = await pushOutbox(db, server.send, options());
    expect(report).toEqual({ acknowledged: [b.id], refused: [a.id], nextAttemptAt: null });
    expect(await db.attention.get(a.id)).toMatchObject({
      body: a,
      code: 'product_inactive',
      message: 'Vodka is no longer sold',
      status: 422,
    });
    expect(await outboxStatus(db)).toMatchObject({ pending: 0, attention: 1 });

    // A manager fixes the cause and retries it: it goes back and is sent.
    server.setFail(null);
    await resolveAttention(db, a.id, 'retry', clock);
    expect((await pushOutbox(db, server.send, options())).acknowledged).toEqual([a.id]);
    expect(await outboxStatus(db)).toMatchObject({ pending: 0, attention: 0 });
  });
});

describe('completeSale', () => {
  it('sends a sale at once when nothing older waits, and returns the stored sale', async () => {
    const server = fakeServer();
    const body = saleBody();
    const outcome = await completeSale(db, body, server.send, options());
    expect(outcome).toEqual({ type: 'acknowledged', sale: server.stored.get(body.id) });
    expect((await outboxStatus(db)).pending).toBe(0);
  });

  it('keeps the sale in the outbox when the network is down, due for the background sync', async () => {
    const server = fakeServer();
    server.setFail(() => 'network-before');
    const body = saleBody();
    expect(await completeSale(db, body, server.send, options())).toEqual({ type: 'queued' });
    const entry = await db.outbox.get(body.id);
    expect(entry?.body).toEqual(body);
    // Sent, and resent once at once; then left to the background sync's backoff.
    expect(server.posts).toEqual([body.id, body.id]);
    expect(entry).toMatchObject({ attempts: 2, nextAttemptAt: clock + backoffDelay(2, 0.5) });
  });

  it('a reply lost on a working network: the quick resend gets the stored sale, created once', async () => {
    const server = fakeServer();
    const body = saleBody();
    server.setFail((b) => (server.posts.length === 1 && b.id === body.id ? 'network-after' : null));
    const outcome = await completeSale(db, body, server.send, options());
    expect(outcome).toEqual({ type: 'acknowledged', sale: server.stored.get(body.id) });
    expect(server.posts).toEqual([body.id, body.id]);
    expect(server.stored.size).toBe(1);
    expect((await outboxStatus(db)).pending).toBe(0);
  });

  it('throws a refusal to the tender screen and keeps nothing', async () => {
    const server = fakeServer();
    server.setFail(() => new ApiError(422, 'tenders_short', 'Short'));
    await expect(completeSale(db, saleBody(), server.send, options())).rejects.toMatchObject({
      code: 'tenders_short',
    });
    expect(await outboxStatus(db)).toEqual({ pending: 0, oldestCreatedAt: null, attention: 0 });
  });

  it('queues behind older waiting sales instead of overtaking them', async () => {
    const server = fakeServer();
    const older = saleBody();
    await enqueueSale(db, older, clock);
    const body = saleBody();
    expect(await completeSale(db, body, server.send, options())).toEqual({ type: 'queued' });
    expect(server.posts).toEqual([]);
    expect((await pushOutbox(db, server.send, options())).acknowledged).toEqual([older.id, body.id]);
  });

  it('a double tap (the same id twice) is one outbox entry and one sale', async () => {
    const server = fakeServer();
    server.setFail(() => 'network-after');
    const body = saleBody();
    await completeSale(db, body, server.send, options());
    await completeSale(db, body, server.send, options());
    expect(await db.outbox.count()).toBe(1);
    server.setFail(null);
    clock += BACKOFF_CAP_MS;
    await pushOutbox(db, server.send, options());
    expect(server.stored.size).toBe(1);
    // Two taps, each sent twice (the quick resend), then the background sync: one sale.
    expect(server.posts.filter((id) => id === body.id).length).toBe(5);
  });
});

describe('two tabs of one device', () => {
  /** A minimal Web Locks stand-in: one holder per name, `ifAvailable` gets null when taken. */
  function fakeLocks(): LockManagerLike {
    const held = new Set<string>();
    return {
      async request(name, opts, callback) {
        if (held.has(name)) {
          if (opts.ifAvailable) return callback(null);
          throw new Error('waiting is not modelled');
        }
        held.add(name);
        try {
          return await callback({ name });
        } finally {
          held.delete(name);
        }
      },
    };
  }

  it('only the tab holding the lock sends; the other gets null and sends nothing', async () => {
    const server = fakeServer();
    const locks = fakeLocks();
    for (let i = 0; i < 5; i += 1) await enqueueSale(db, saleBody(), clock);
    const { withOutboxLock } = await import('./outbox.ts');
    let second: unknown = 'not run';
    const first = withOutboxLock(locks, async () => {
      // While tab 1 is sending, tab 2 tries.
      second = await withOutboxLock(locks, () => pushOutbox(db, server.send, options()));
      return pushOutbox(db, server.send, options());
    });
    expect((await first)!.acknowledged.length).toBe(5);
    expect(second).toBeNull();
    expect(server.posts.length).toBe(5);
    expect(server.stored.size).toBe(5);
  });
});
