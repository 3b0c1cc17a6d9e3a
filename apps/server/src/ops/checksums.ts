/**
 * Row counts and order-independent checksums of every table, to prove a restored database holds
 * what was saved. Runs as the database owner with row security off (a role that RLS would filter
 * gets an error instead of a partial count).
 */

/** One table's content: its row count and a checksum of its rows (sum of per-row hashes, as text). */
export type TableChecksum = { table: string; rows: number; checksum: string };

/** Anything that runs SQL and returns rows: a pg Client or a PGlite instance. */
export type SqlRunner = { query<R>(sql: string): Promise<{ rows: R[] }> };

/** Output settings that make a row's text form the same in every session. */
export const STABLE_SESSION = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  'SET row_security = off',
];

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Kassa's tables: the application schema and drizzle's migration ledger. */
export async function listTables(db: SqlRunner): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('public', 'drizzle')
      order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Counts and checksums every table. The checksum is the sum of the first 64 bits of each row's
 * md5, so it does not depend on row order or physical layout.
 */
export async function tableChecksums(
  db: SqlRunner,
  progress?: (done: number, total: number, table: string) => void,
): Promise<TableChecksum[]> {
  for (const statement of STABLE_SESSION) await db.query(statement);
  const tables = await listTables(db);
  const out: TableChecksum[] = [];
  for (const [i, table] of tables.entries()) {
    const [schema, name] = table.split('.') as [string, string];
    const { rows } = await db.query<{ rows: string; checksum: string }>(
      `select count(*)::text as rows,
              coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text as checksum
         from ${quote(schema)}.${quote(name)} t`,
    );
    out.push({ table, rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum });
    progress?.(i + 1, tables.length, table);
  }
  return out;
}

/** One table that differs between what was saved and what was restored. */
export type ChecksumMismatch = { table: string; expected?: TableChecksum; actual?: TableChecksum };

/** The tables whose presence, row count or checksum differ. */
export function compareChecksums(expected: TableChecksum[], actual: TableChecksum[]): ChecksumMismatch[] {
  const byName = new Map(actual.map((t) => [t.table, t]));
  const mismatches: ChecksumMismatch[] = [];
  for (const e of expected) {
    const a = byName.get(e.table);
    byName.delete(e.table);
    if (!a || a.rows !== e.rows || a.checksum !== e.checksum)
      mismatches.push({ table: e.table, expected: e, ...(a ? { actual: a } : {}) });
  }
  for (const a of byName.values()) mismatches.push({ table: a.table, actual: a });
  return mismatches;
}
