/** Graceful shutdown: stop accepting, let in-flight requests finish within a bound, close the database. */

/** The parts of a running server that shutdown needs. */
export type Closable = {
  /** Stops accepting and resolves when in-flight requests are done (Fastify's close). */
  close(): Promise<unknown>;
  /** Cuts the connections that are still open (node's http.Server.closeAllConnections). */
  closeAllConnections(): void;
};

export type ShutdownOptions = {
  app: Closable;
  /** Closed after the app: the PGlite database must be closed to release its data directory. */
  database: { close(): Promise<void> };
  /** Other resources to close last (e.g. the metrics server). */
  extra?: (() => Promise<void>)[];
  /** How long in-flight requests may take before their connections are cut. */
  timeoutMs: number;
  log: { info(msg: string): void; warn(msg: string): void };
};

/**
 * Closes the app, waiting at most `timeoutMs` for in-flight requests (then cutting their
 * connections), then the database and any extra resources.
 * @returns 'clean' when every request finished in time, 'forced' when connections were cut.
 * @throws whatever closing the database throws.
 */
export async function gracefulShutdown(options: ShutdownOptions): Promise<'clean' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const closed = options.app.close().then(() => 'clean' as const);
  const timeout = new Promise<'forced'>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout('forced'), options.timeoutMs);
  });
  const outcome = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  if (outcome === 'forced') {
    options.log.warn(`requests still running after ${options.timeoutMs} ms; closing their connections`);
    options.app.closeAllConnections();
    // Fastify's close settles once the cut requests unwind; do not wait on it for long.
    await Promise.race([closed.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
  await options.database.close();
  for (const close of options.extra ?? []) await close();
  options.log.info('shutdown complete');
  return outcome;
}
