import { describe, expect, it } from 'vitest';
import { DEFAULT_DENOMINATIONS } from '@kassa/domain';
import { drawerCount } from './drawerCount.ts';

const USD = DEFAULT_DENOMINATIONS.USD!;

describe('drawerCount', () => {
  it('totals the typed counts and leaves empty inputs out', () => {
    expect(drawerCount(USD, { 'bill:2000': '3', 'coin:25': '2', 'coin:1': '' })).toEqual({
      counts: [
        { value: 2000, kind: 'bill', count: 3 },
        { value: 25, kind: 'coin', count: 2 },
      ],
      total: 6050,
    });
  });

  it('has no total while an input is not a whole number', () => {
    expect(drawerCount(USD, { 'bill:2000': '1.5' }).total).toBeNull();
    expect(drawerCount(USD, { 'bill:2000': '-1' }).total).toBeNull();
  });
});
