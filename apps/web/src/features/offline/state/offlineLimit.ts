/** Default store limit on selling offline, hours (Square allows 24 hours of offline payments). */
export const DEFAULT_OFFLINE_LIMIT_HOURS = 24;

/**
 * The store's offline limit in milliseconds. `hours` is the store's `offlineLimitHours` as the
 * terminal cached it with the store list; a copy cached before the setting existed has none, and
 * a value outside 1..168 whole hours (the server's range) is not trusted: both fall back to
 * {@link DEFAULT_OFFLINE_LIMIT_HOURS}.
 */
export function offlineLimitMs(hours: number | undefined): number {
  const valid = hours !== undefined && Number.isInteger(hours) && hours >= 1 && hours <= 168;
  return (valid ? hours : DEFAULT_OFFLINE_LIMIT_HOURS) * 3600_000;
}

/**
 * True when the terminal has unsent documents and the oldest (`oldestCreatedAt`, ISO time) is
 * older than `limitMs` at `now` (epoch ms): the register must reconnect to send its sales.
 */
export function isOverOfflineLimit(
  pending: number,
  oldestCreatedAt: string | null | undefined,
  now: number,
  limitMs: number,
): boolean {
  if (pending <= 0 || !oldestCreatedAt) return false;
  return now - Date.parse(oldestCreatedAt) > limitMs;
}
