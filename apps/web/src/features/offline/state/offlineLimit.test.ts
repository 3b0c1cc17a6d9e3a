import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_LIMIT_HOURS, isOverOfflineLimit, offlineLimitMs } from './offlineLimit.ts';

// Issue 8: "a warning when the offline time passes a store limit (default 24 hours)".
describe('offline limit', () => {
  it("uses the store's hours, and 24 h when the cached store has none or an impossible value", () => {
    expect(offlineLimitMs(72)).toBe(72 * 3_600_000);
    expect(offlineLimitMs(1)).toBe(3_600_000);
    expect(offlineLimitMs(168)).toBe(168 * 3_600_000);
    expect(DEFAULT_OFFLINE_LIMIT_HOURS).toBe(24);
    for (const bad of [undefined, 0, -5, 169, 1.5, Number.NaN]) {
      expect(offlineLimitMs(bad)).toBe(24 * 3_600_000);
    }
  });

  it('warns only with unsent documents whose oldest is older than the limit', () => {
    const oldest = '2026-11-20T10:00:00.000Z';
    const at = (hours: number) => Date.parse(oldest) + hours * 3_600_000;
    const fourHours = offlineLimitMs(4);
    expect(isOverOfflineLimit(3, oldest, at(4), fourHours)).toBe(false);
    expect(isOverOfflineLimit(3, oldest, at(4) + 1, fourHours)).toBe(true);
    expect(isOverOfflineLimit(0, oldest, at(100), fourHours)).toBe(false);
    expect(isOverOfflineLimit(2, null, at(100), fourHours)).toBe(false);
    // The same age is within the default 24 h limit.
    expect(isOverOfflineLimit(3, oldest, at(5), offlineLimitMs(undefined))).toBe(false);
  });
});
