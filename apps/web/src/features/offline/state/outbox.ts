import type { CreateSaleRequest, Sale } from '@kassa/contracts';
import { ApiError, errorMessage } from '../../../lib/http/apiError.ts';
import type { AttentionEntry, OfflineDb, OutboxEntry } from './offlineDb.ts';

/** Posts one sale to the server (POST /sales); throws ApiError on failure. */
export type SendSale = (body: CreateSaleRequest) => Promise<Sale>;

/** The part of the Web Locks API the sync uses (navigator.locks), injectable for tests. */
export type LockManagerLike = {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
};

/** The name of the lock that lets only one tab or window of a device send the outbox. */
export const OUTBOX_LOCK = 'kassa-outbox-sync';

/** First retry delay and its cap, milliseconds. */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * Delay before retry number `attempts` (1 = first retry): exponential, doubling from 1 s up to
 * 60 s, with "equal jitter" (half fixed, half random) so terminals that lost the network together
 * do not all come back in the same instant (AWS Architecture Blog, "Exponential Backoff And Jitter").
 * `random` is in [0, 1).
 */
export function backoffDelay(attempts: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/**
 * True when the server refused the document for good (a business rule or bad input): sending it
 * again would get the same answer. Network errors, server errors, an expired sign-in (401),
 * a missing permission (403, another user may sync it), timeouts (408) and rate limits (429) are
 * worth retrying.
 */
export function isBusinessRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 403, 408, 429].includes(error.status)
  );
}

/**
 * Writes a completed sale to the outbox (before its receipt is shown). `holdMs` keeps the
 * background sync away from it for that long, while the tender screen sends it itself; if the page
 * dies meanwhile, the hold simply runs out. Writing the same id twice keeps the first entry.
 */
export async function enqueueSale(
  db: OfflineDb,
  body: CreateSaleRequest,
  now: number,
  holdMs = 0,
): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    id: body.id,
    kind: 'sale',
    registerId: body.registerId,
    body,
    createdAt: body.clientCreatedAt ?? new Date(now).toISOString(),
    attempts: 0,
    nextAttemptAt: now + holdMs,
    lastError: null,
  };
  return db.transaction('rw', db.outbox, db.attention, async () => {
    const existing = await db.outbox.get(body.id);
    if (existing) return existing;
    await db.outbox.add(entry);
    return entry;
  });
}

/** The outcome of sending one outbox entry. */
export type SendOutcome =
  | { type: 'acknowledged'; sale: Sale }
  | { type: 'refused'; error: ApiError }
  | { type: 'retry'; error: unknown; nextAttemptAt: number };

export type SendOptions = {
  now: () => number;
  random: () => number;
  /**
   * The cashier is waiting on this sale at the tender screen: a refusal removes it from the outbox
   * and is returned, so the cashier fixes the cart (a changed cart gets a new id), instead of it
   * going to "needs attention".
   */
  interactive?: boolean;
};

/**
 * Sends one entry. Acknowledged (201 created or 200 already stored): the entry leaves the
 * outbox. Refused for good: it moves to "needs attention" in the same IndexedDB transaction (or,
 * when interactive, is removed and the error returned). Otherwise it stays, with the next attempt
 * pushed back by `backoffDelay`.
 */
export async function sendEntry(
  db: OfflineDb,
  entry: OutboxEntry,
  send: SendSale,
  options: SendOptions,
): Promise<SendOutcome> {
  try {
    const sale = await send(entry.body);
    await db.outbox.delete(entry.id);
    return { type: 'acknowledged', sale };
  } catch (error) {
    if (isBusinessRefusal(error)) {
      if (options.interactive) {
        await db.outbox.delete(entry.id);
        return { type: 'refused', error };
      }
      const refused: AttentionEntry = {
        id: entry.id,
        kind: entry.kind,
        registerId: entry.registerId,
        body: entry.body,
        createdAt: entry.createdAt,
        code: error.code,
        message: error.detail,
        status: error.status,
        refusedAt: new Date(options.now()).toISOString(),
      };
      await db.transaction('rw', db.outbox, db.attention, async () => {
        await db.attention.put(refused);
        await db.outbox.delete(entry.id);
      });
      return { type: 'refused', error };
    }
    const attempts = entry.attempts + 1;
    const nextAttemptAt = options.now() + backoffDelay(attempts, options.random());
    await db.outbox.update(entry.id, { attempts, nextAttemptAt, lastError: errorMessage(error) });
    return { type: 'retry', error, nextAttemptAt };
  }
}

/** What one pass of the sync did. `nextAttemptAt` (epoch ms) is when to try again, null when the outbox is empty. */
export type SyncReport = {
  acknowledged: string[];
  refused: string[];
  nextAttemptAt: number | null;
};

/**
 * Sends the outbox oldest first, one document per request, until it is empty or an entry must
 * wait (its backoff, or a send in progress elsewhere). Later entries never overtake an earlier
 * one, so the register's receipt numbers follow the order the sales were made.
 */
export async function pushOutbox(db: OfflineDb, send: SendSale, options: SendOptions): Promise<SyncReport> {
  const report: SyncReport = { acknowledged: [], refused: [], nextAttemptAt: null };
  for (;;) {
    const entry = await db.outbox.orderBy('id').first();
    if (!entry) return report;
    if (entry.nextAttemptAt > options.now()) {
      report.nextAttemptAt = entry.nextAttemptAt;
      return report;
    }
    const outcome = await sendEntry(db, entry, send, { ...options, interactive: false });
    if (outcome.type === 'acknowledged') report.acknowledged.push(entry.id);
    else if (outcome.type === 'refused') report.refused.push(entry.id);
    else {
      report.nextAttemptAt = outcome.nextAttemptAt;
      return report;
    }
  }
}

/**
 * Runs `fn` holding the device-wide outbox lock, or returns null at once when another tab or
 * window holds it. Without the Web Locks API (old browsers, Node) `fn` simply runs.
 */
export async function withOutboxLock<T>(
  locks: LockManagerLike | undefined,
  fn: () => Promise<T>,
): Promise<T | null> {
  if (!locks) return fn();
  return locks.request(OUTBOX_LOCK, { ifAvailable: true }, async (lock) => (lock ? fn() : null));
}

/**
 * Ends the backoff of every waiting entry (the browser reports the network is back): the next
 * pass sends at once instead of waiting up to BACKOFF_CAP_MS. Attempts are kept.
 */
export async function expediteOutbox(db: OfflineDb, now: number): Promise<void> {
  await db.outbox.where('nextAttemptAt').above(now).modify({ nextAttemptAt: now });
}

/** The result of completing a sale at the tender screen. */
export type CompleteOutcome =
  | { type: 'acknowledged'; sale: Sale }
  /** Kept in the outbox (no network, server down, older documents still waiting, or another tab sending). */
  | { type: 'queued' };

/** Pause before the tender screen's one quick resend of a sale whose reply did not come, ms. */
export const QUICK_RETRY_MS = 300;

/**
 * Completes a sale: writes it to the outbox first, then, if it is the oldest document waiting and
 * this tab gets the lock, sends it at once, and once more after `quickRetryMs` if no answer came
 * (a reply lost on a working network then still shows the server's receipt). Throws the server's
 * ApiError when it refuses the sale (the cashier fixes the cart); any other failure leaves it
 * queued for the background sync.
 */
export async function completeSale(
  db: OfflineDb,
  body: CreateSaleRequest,
  send: SendSale,
  options: SendOptions & { locks?: LockManagerLike | undefined; quickRetryMs?: number },
): Promise<CompleteOutcome> {
  // Held while this tab sends it itself, so another tab's sync does not also send it now.
  const entry = await enqueueSale(db, body, options.now(), 30_000);
  const outcome = await withOutboxLock(options.locks, async () => {
    const oldest = await db.outbox.orderBy('id').first();
    if (oldest && oldest.id !== entry.id) return null;
    const first = await sendEntry(db, entry, send, { ...options, interactive: true });
    if (first.type !== 'retry') return first;
    await new Promise((resolve) => setTimeout(resolve, options.quickRetryMs ?? QUICK_RETRY_MS));
    const again = await db.outbox.get(entry.id);
    return again ? sendEntry(db, again, send, { ...options, interactive: true }) : first;
  });
  if (!outcome) {
    await db.outbox.update(entry.id, { nextAttemptAt: options.now() });
    return { type: 'queued' };
  }
  if (outcome.type === 'acknowledged') return outcome;
  if (outcome.type === 'refused') throw outcome.error;
  return { type: 'queued' };
}

/** What the offline indicator shows: documents waiting, the oldest one's time, and refusals. */
export type OutboxStatus = { pending: number; oldestCreatedAt: string | null; attention: number };

/** Counts the outbox and the "needs attention" list. */
export async function outboxStatus(db: OfflineDb): Promise<OutboxStatus> {
  return db.transaction('r', db.outbox, db.attention, async () => {
    const pending = await db.outbox.count();
    const oldest = await db.outbox.orderBy('id').first();
    return { pending, oldestCreatedAt: oldest?.createdAt ?? null, attention: await db.attention.count() };
  });
}

/**
 * A manager resolves a refused document: `retry` puts it back in the outbox (after fixing the
 * cause on the server, e.g. re-activating a product), `dismiss` removes it for good.
 */
export async function resolveAttention(
  db: OfflineDb,
  id: string,
  action: 'retry' | 'dismiss',
  now: number,
): Promise<void> {
  await db.transaction('rw', db.outbox, db.attention, async () => {
    const entry = await db.attention.get(id);
    if (!entry) return;
    if (action === 'retry') {
      await db.outbox.put({
        id: entry.id,
        kind: entry.kind,
        registerId: entry.registerId,
        body: entry.body,
        createdAt: entry.createdAt,
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
      });
    }
    await db.attention.delete(id);
  });
}
