import { describe, expect, it } from 'vitest';
import {
  columnNamesFor,
  columnsOf,
  insertFromJson,
  rowFromColumns,
  rowPickFromColumns,
  rowToColumns,
} from './raw.ts';
import * as s from './schema.ts';

describe('rows for jsonb_populate_recordset', () => {
  it('maps Drizzle keys to column names, leaving out undefined values and keeping null', () => {
    const at = new Date('2026-12-05T10:00:00Z');
    expect(
      rowToColumns(s.tenders, {
        companyId: 'c',
        saleId: 's',
        position: 1,
        reference: null,
        createdAt: at,
        tendered: undefined,
      }),
    ).toEqual({ company_id: 'c', sale_id: 's', position: 1, reference: null, created_at: at });
  });

  it('refuses a key that is not a column of the table', () => {
    expect(() => rowToColumns(s.tenders, { companyId: 'c', saleID: 's' })).toThrow(
      'saleID is not a column of the table',
    );
  });

  it('inserts the columns any row gives, in first-seen order', () => {
    const rows = [{ a: 1, b: 2 }, { b: 3, c: 4 }, {}];
    expect(columnsOf(rows)).toEqual(['a', 'b', 'c']);
    expect(insertFromJson('t', rows, '$2', 'WHERE true')).toBe(
      'INSERT INTO t ("a", "b", "c") SELECT "a", "b", "c" FROM jsonb_populate_recordset(null::t, $2::jsonb) WHERE true',
    );
    expect(() => insertFromJson('t', [{}], '$1')).toThrow('no columns to insert into t');
  });

  it('reads a to_jsonb row back with Drizzle keys: Dates for timestamps, decimal strings for numerics', () => {
    const row = rowFromColumns(s.stockLevels, {
      company_id: 'c',
      store_id: 's',
      product_id: 'p',
      on_hand: 12.5,
      updated_at: '2026-12-05T10:00:00+00:00',
    });
    expect(row).toMatchObject({ companyId: 'c', storeId: 's', productId: 'p', onHand: '12.5' });
    expect(row.updatedAt).toEqual(new Date('2026-12-05T10:00:00Z'));
    // A column the JSON lacks reads as null, as a NULL column would.
    expect(rowFromColumns(s.stockLevels, { company_id: 'c' }).onHand).toBeNull();
  });

  it('reads a narrower row with exactly the keys asked for', () => {
    const keys = ['productId', 'onHand', 'updatedAt'] as const;
    expect(columnNamesFor(s.stockLevels, keys)).toEqual(['product_id', 'on_hand', 'updated_at']);
    const row = rowPickFromColumns(s.stockLevels, keys, {
      product_id: 'p',
      on_hand: '3.000',
      updated_at: '2026-12-05T10:00:00Z',
    });
    expect(row).toEqual({ productId: 'p', onHand: '3.000', updatedAt: new Date('2026-12-05T10:00:00Z') });
    expect(() => rowPickFromColumns(s.stockLevels, ['nope' as 'onHand'], {})).toThrow('not all of nope');
    expect(() => columnNamesFor(s.stockLevels, ['nope' as 'onHand'])).toThrow('nope is not a column');
  });
});
