import { describe, expect, it } from 'vitest';
import { isUuidV7, newDocumentId } from './ids.ts';

describe('newDocumentId', () => {
  it('makes distinct UUIDv7s that sort in the order they were made, across many pool refills', () => {
    // 20,000 ids: far more than one millisecond and one pool (256 ids) hold.
    const ids = Array.from({ length: 20_000 }, () => newDocumentId());
    expect(ids.every(isUuidV7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the current time in its first 48 bits (RFC 9562 section 5.7)', () => {
    const before = Date.now();
    const id = newDocumentId();
    const after = Date.now();
    const msecs = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    // The counter may carry into the next millisecond after a burst of ids in this one.
    expect(msecs).toBeLessThanOrEqual(after + 1);
  });

  it('varies its random bits from one millisecond to the next', () => {
    const tails = new Set<string>();
    for (let i = 0; i < 50; i++) tails.add(newDocumentId().slice(-12));
    expect(tails.size).toBe(50);
  });
});
