/**
 * Prometheus metrics of the process: one registry that /metrics (or METRICS_PORT) exposes.
 * Business code imports the counters it feeds, e.g. `salesCounter.inc()` after a sale commits.
 * Labels are bounded: route patterns, methods and status codes only, never ids or raw URLs.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry every Kassa metric is registered in. */
export const metricsRegistry = new Registry();

/** Completed sales, counted once per new document (an idempotent replay is not a sale). */
export const salesCounter = new Counter({
  name: 'kassa_sales_total',
  help: 'Completed sales (new documents; replays of a stored id are not counted)',
  registers: [metricsRegistry],
});

/** Completed refunds, counted once per new document. */
export const refundsCounter = new Counter({
  name: 'kassa_refunds_total',
  help: 'Completed refunds (new documents; replays of a stored id are not counted)',
  registers: [metricsRegistry],
});

/** HTTP request duration in seconds by method, route pattern (e.g. /api/v1/sales/:id) and status code. */
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** What a node-postgres pool reports about itself. */
export type PoolStats = { totalCount: number; idleCount: number; waitingCount: number };

const pools = new Set<PoolStats>();

/** PostgreSQL connection pool use, read when scraped: total, idle and waiting clients. */
export const dbPoolConnections = new Gauge({
  name: 'kassa_db_pool_connections',
  help: 'Database connection pool: open (total), idle, and requests waiting for a connection',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const pool of pools) {
      total += pool.totalCount;
      idle += pool.idleCount;
      waiting += pool.waitingCount;
    }
    this.set({ state: 'total' }, total);
    this.set({ state: 'idle' }, idle);
    this.set({ state: 'waiting' }, waiting);
  },
});

/** Reports a pool in kassa_db_pool_connections until the returned function is called. */
export function trackPool(pool: PoolStats): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

let defaultsEnabled = false;

/** Process metrics (CPU, memory, GC, event-loop lag as nodejs_eventloop_lag_seconds), enabled once. */
export function enableProcessMetrics(): void {
  if (defaultsEnabled) return;
  defaultsEnabled = true;
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 10 });
}

/**
 * Serves the metrics without a token on a separate port (METRICS_PORT), for a network only the
 * scraper reaches. Any other path is a 404.
 */
export async function startMetricsServer(port: number, host: string): Promise<Server> {
  enableProcessMetrics();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      (err: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  return server;
}
