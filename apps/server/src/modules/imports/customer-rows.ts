import type { CustomerImportQuery, ImportRowError } from '@kassa/contracts';

/** Customer fields a file can fill. */
export const CUSTOMER_FIELDS = ['code', 'name', 'email', 'phone', 'country'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

const QUERY_KEY: Record<CustomerField, keyof CustomerImportQuery> = {
  code: 'colCode',
  name: 'colName',
  email: 'colEmail',
  phone: 'colPhone',
  country: 'colCountry',
};

/** A customer as a row gives it; fields the file does not have stay as they are. */
export type CustomerItem = { row: number; code: string } & Partial<
  Record<Exclude<CustomerField, 'code'>, string | null>
>;

export type ParsedCustomers = {
  columns: string[];
  mapping: Partial<Record<CustomerField, string>>;
  preview: Record<string, string>[];
  rows: number;
  items: Map<string, CustomerItem>;
  errors: ImportRowError[];
  skipped: number;
};

/** A plausible address: something@something.tld, no spaces (the HTML "valid e-mail address" shape). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads and checks the rows of a customer file (header first, row 1). Errors: a missing code column
 * (or a mapped column absent), a blank code, a code longer than 64 characters, an e-mail address
 * that is not one, a code on two rows (unless `onDuplicate` is `latest`).
 */
export async function parseCustomerRows(
  rows: AsyncIterable<string[]>,
  query: CustomerImportQuery,
): Promise<ParsedCustomers> {
  const result: ParsedCustomers = {
    columns: [],
    mapping: {},
    preview: [],
    rows: 0,
    items: new Map(),
    errors: [],
    skipped: 0,
  };
  const index: Partial<Record<CustomerField, number>> = {};
  let rowNo = 0;
  let headerOk = true;
  for await (const cells of rows) {
    rowNo++;
    if (rowNo === 1) {
      result.columns = cells.map((c) => c.trim());
      const byName = new Map(result.columns.map((c, i) => [c.toLowerCase(), i]));
      for (const field of CUSTOMER_FIELDS) {
        const wanted = query[QUERY_KEY[field]] as string | undefined;
        const at = byName.get((wanted ?? field).toLowerCase());
        if (at !== undefined) {
          index[field] = at;
          result.mapping[field] = result.columns[at]!;
        } else if (wanted !== undefined || field === 'code') {
          result.errors.push({ row: 1, column: wanted ?? field, reason: `missing column (for ${field})` });
          headerOk = false;
        }
      }
      continue;
    }
    result.rows++;
    if (!headerOk) continue;
    const cell = (field: CustomerField) => {
      const at = index[field];
      return at === undefined ? undefined : (cells[at] ?? '').trim();
    };
    if (result.preview.length < 10) {
      const mapped: Record<string, string> = {};
      for (const field of CUSTOMER_FIELDS) if (index[field] !== undefined) mapped[field] = cell(field)!;
      result.preview.push(mapped);
    }
    const code = cell('code')!;
    if (code === '' && query.skipIncomplete) {
      result.skipped++;
      continue;
    }
    const errors: ImportRowError[] = [];
    if (code === '') errors.push({ row: rowNo, column: result.mapping.code!, reason: 'required' });
    else if (code.length > 64)
      errors.push({ row: rowNo, column: result.mapping.code!, reason: 'longer than 64 characters' });
    const item: CustomerItem = { row: rowNo, code };
    for (const field of ['name', 'email', 'phone', 'country'] as const) {
      const value = cell(field);
      if (value === undefined) continue;
      item[field] = value === '' ? (field === 'name' ? '' : null) : value.slice(0, 200);
    }
    if (item.email && !EMAIL.test(item.email)) {
      errors.push({
        row: rowNo,
        column: result.mapping.email!,
        reason: `not an e-mail address: "${item.email}"`,
      });
    }
    if (errors.length > 0) {
      result.errors.push(...errors);
      continue;
    }
    const previous = result.items.get(code);
    if (previous && query.onDuplicate === 'error') {
      result.errors.push({
        row: rowNo,
        column: result.mapping.code!,
        reason: `duplicate code ${code} (first on row ${previous.row})`,
      });
      continue;
    }
    result.items.set(code, item);
  }
  if (rowNo === 0) result.errors.push({ row: 1, column: '', reason: 'the file is empty' });
  result.errors.sort((a, b) => a.row - b.row);
  return result;
}
