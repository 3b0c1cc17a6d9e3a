import { describe, expect, it } from 'vitest';
import { formatRate, formatReceiptDateTime, minimumAge } from './receiptFormat.ts';

describe('receipt formatting', () => {
  it("prints the time on the store's clock", () => {
    // 03:04 UTC on 2 January is 21:04 on 1 January in Iowa (CST, UTC-6).
    expect(formatReceiptDateTime('2026-01-02T03:04:05Z', 'America/Chicago')).toBe('01/01/2026, 21:04:05 CST');
    expect(formatReceiptDateTime('2026-07-02T03:04:05Z', 'America/Chicago')).toBe('07/01/2026, 22:04:05 CDT');
    expect(formatReceiptDateTime('2026-01-02T03:04:05Z', 'Europe/Berlin', 'de-DE')).toMatch(
      /^02\.01\.2026, 04:04:05/,
    );
  });

  it('shows 21+ in the US and 18+ elsewhere', () => {
    expect(minimumAge('US')).toBe(21);
    expect(minimumAge('de')).toBe(18);
    expect(minimumAge(undefined)).toBe(18);
  });

  it('formats tax rates without trailing zeros', () => {
    expect(formatRate('6')).toBe('6%');
    expect(formatRate('6.000')).toBe('6%');
    expect(formatRate('8.875')).toBe('8.875%');
    expect(formatRate('10')).toBe('10%');
  });
});
