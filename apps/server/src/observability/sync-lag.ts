/**
 * Sync lag of the offline terminal (issue 8): how late documents reach the server. A terminal
 * stamps each sale with `clientCreatedAt` when the cashier completes it; the server records it
 * when it arrives. A register's lag is that difference for its latest new sale, in seconds (0 when
 * a sale arrives at once; never negative, so a terminal clock ahead of the server reads as no lag).
 *
 * Label cardinality stays bounded (issue 5: no ids in labels), so nothing is labelled by register:
 * - `kassa_sync_lag_seconds` (histogram): the lag of every new sale;
 * - `kassa_register_sync_lag_max_seconds` (gauge): the largest latest lag over the registers, i.e.
 *   how far behind the worst register is;
 * - `kassa_registers_sync_lagging` (gauge): how many registers' latest lag is over 5 minutes.
 * Which register lags is a question for the logs and the back office, not for Prometheus. Each
 * server node reports the sales it received since it started.
 */
import { Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from './metrics.ts';

/** A register whose latest sale arrived later than this (seconds) counts as lagging. */
export const SYNC_LAGGING_AFTER_SECONDS = 300;

/** Latest lag per register id, in seconds: process memory, one number per register that sold. */
const latestLag = new Map<string, number>();

/** Seconds between the terminal completing a sale and the server receiving it, per new sale. */
export const syncLagHistogram = new Histogram({
  name: 'kassa_sync_lag_seconds',
  help: 'Seconds between a terminal completing a sale and the server receiving it (offline outbox delay), per new sale',
  buckets: [1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600],
  registers: [metricsRegistry],
});

/** The largest latest lag over the registers, read when scraped. */
export const registerSyncLagMax = new Gauge({
  name: 'kassa_register_sync_lag_max_seconds',
  help: 'Largest lag, over the registers, of each register’s latest new sale (how far behind the worst register is)',
  registers: [metricsRegistry],
  collect() {
    let max = 0;
    for (const lag of latestLag.values()) max = Math.max(max, lag);
    this.set(max);
  },
});

/** How many registers' latest sale arrived more than SYNC_LAGGING_AFTER_SECONDS late. */
export const registersSyncLagging = new Gauge({
  name: 'kassa_registers_sync_lagging',
  help: `Registers whose latest new sale arrived more than ${SYNC_LAGGING_AFTER_SECONDS} s after it was completed`,
  registers: [metricsRegistry],
  collect() {
    let n = 0;
    for (const lag of latestLag.values()) if (lag > SYNC_LAGGING_AFTER_SECONDS) n += 1;
    this.set(n);
  },
});

/**
 * The lag in seconds of a document completed at `clientCreatedAt` (ISO 8601) and received at
 * `receivedAt`; 0 when the client did not say when, or its clock is ahead.
 */
export function syncLagSeconds(clientCreatedAt: string | null | undefined, receivedAt: Date): number {
  if (!clientCreatedAt) return 0;
  const completed = Date.parse(clientCreatedAt);
  if (Number.isNaN(completed)) return 0;
  return Math.max(0, (receivedAt.getTime() - completed) / 1000);
}

/** Records a newly stored sale's lag (replays of a stored id are not arrivals; do not call for them). */
export function recordSyncLag(
  registerId: string,
  clientCreatedAt: string | null | undefined,
  receivedAt: Date,
): void {
  const lag = syncLagSeconds(clientCreatedAt, receivedAt);
  latestLag.set(registerId, lag);
  syncLagHistogram.observe(lag);
}
