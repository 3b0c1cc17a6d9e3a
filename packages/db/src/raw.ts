import { createHash } from 'node:crypto';
import { getTableColumns, type Table } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { KassaDb, KassaTx } from './client.ts';

type PgliteLike = { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

const statementNames = new Map<string, string>();

/** A stable prepared-statement name for a statement text (node-postgres keys its per-connection cache by it). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `kassa_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs one SQL statement on a database or transaction handle and returns its rows, bypassing
 * Drizzle's query builder (for hot paths). On PostgreSQL the statement is a named prepared
 * statement, parsed and planned once per connection; on PGlite it runs as an ordinary
 * parameterised query. Pass only strings, numbers, booleans and null as `values` (JSON as a
 * string cast with `::jsonb`), so both drivers send the same text parameters.
 */
export async function queryRows<T>(
  handle: KassaDb | KassaTx,
  text: string,
  values: readonly (string | number | boolean | null)[],
): Promise<T[]> {
  // Drizzle keeps the driver's client (pool, pooled client or PGlite) on its session.
  const client = (handle as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const result = await (client as pg.Pool).query({ name: statementName(text), text, values: [...values] });
    return result.rows as T[];
  }
  const result = await (client as PgliteLike).query(text, [...values]);
  return result.rows as T[];
}

/** Drizzle key -> column name of each table, made once per table. */
const columnNames = new WeakMap<Table, Map<string, string>>();

function columnNamesOf(table: Table): Map<string, string> {
  let names = columnNames.get(table);
  if (!names) {
    const columns = getTableColumns(table) as Record<string, { name: string }>;
    names = new Map(Object.entries(columns).map(([key, column]) => [key, column.name]));
    columnNames.set(table, names);
  }
  return names;
}

/**
 * A table row (Drizzle's camelCase keys) as a JSON object keyed by column names, for
 * `jsonb_populate_record(set)`. Keys whose value is undefined are left out, so the insert can
 * list only the columns given and let the others take their defaults.
 * @throws Error when a key is not a column of the table.
 */
export function rowToColumns(table: Table, row: Record<string, unknown>): Record<string, unknown> {
  const names = columnNamesOf(table);
  const out: Record<string, unknown> = {};
  for (const key in row) {
    const value = row[key];
    if (value === undefined) continue;
    const name = names.get(key);
    if (name === undefined) throw new Error(`${key} is not a column of the table`);
    out[name] = value;
  }
  return out;
}

/** The keys any of `rows` has (in first-seen order): the columns of an insert of them. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key in row) seen.add(key);
  return [...seen];
}

/**
 * The reverse of `rowToColumns` for a row read with `to_jsonb(table)`: camelCase keys, timestamps as
 * Dates. Numeric columns come back as decimal strings without trailing zeros; bigint (mode number)
 * and jsonb columns as they are.
 */
export function rowFromColumns<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  return readRow(columnReadersOf(table), json);
}

/**
 * `rowFromColumns` for a row that holds only the columns of `keys` (e.g. read with
 * `to_jsonb` of a narrower select): the object has exactly those keys.
 */
export function rowPickFromColumns<T extends Table, K extends keyof T['$inferSelect'] & string>(
  table: T,
  keys: readonly K[],
  json: Record<string, unknown>,
): Pick<T['$inferSelect'], K> {
  let readers = pickReaders.get(keys);
  if (!readers) {
    const wanted = new Set<string>(keys);
    readers = columnReadersOf(table).filter((r) => wanted.has(r.key));
    if (readers.length !== wanted.size)
      throw new Error(`not all of ${keys.join(', ')} are columns of the table`);
    pickReaders.set(keys, readers);
  }
  return readRow(readers, json) as Pick<T['$inferSelect'], K>;
}

/** Readers of the columns of a key list (by the list's identity: callers pass a constant). */
const pickReaders = new WeakMap<readonly string[], ColumnReader[]>();

/** The SQL column names of `keys` of a table, in the order of `keys`. */
export function columnNamesFor<T extends Table>(
  table: T,
  keys: readonly (keyof T['$inferSelect'] & string)[],
): string[] {
  const names = columnNamesOf(table);
  return keys.map((key) => {
    const name = names.get(key);
    if (name === undefined) throw new Error(`${key} is not a column of the table`);
    return name;
  });
}

function readRow(readers: readonly ColumnReader[], json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, name, kind } of readers) {
    const value = json[name];
    if (value === undefined || value === null) out[key] = null;
    else if (kind === 'date') out[key] = new Date(value as string);
    else if (kind === 'numeric') out[key] = typeof value === 'string' ? value : JSON.stringify(value);
    else out[key] = value;
  }
  return out;
}

/** How `rowFromColumns` reads each column of a table: its key, name and conversion; made once per table. */
type ColumnReader = { key: string; name: string; kind: 'date' | 'numeric' | 'as is' };
const columnReaders = new WeakMap<Table, ColumnReader[]>();

function columnReadersOf(table: Table): ColumnReader[] {
  let readers = columnReaders.get(table);
  if (!readers) {
    const columns = getTableColumns(table) as Record<
      string,
      { name: string; dataType: string; columnType: string }
    >;
    readers = Object.entries(columns).map(([key, column]) => ({
      key,
      name: column.name,
      kind: column.dataType === 'date' ? 'date' : column.columnType === 'PgNumeric' ? 'numeric' : 'as is',
    }));
    columnReaders.set(table, readers);
  }
  return readers;
}

/**
 * `INSERT INTO <table> (<columns given>) SELECT ... FROM jsonb_populate_recordset(null::<table>, $n)`
 * for rows converted by `rowToColumns`: one statement (and one parameter) for any number of rows.
 * The columns are those any row gives (a row without one inserts null there), or `columns` when
 * the caller has them already (`columnsOf(rows)`). `suffix` is appended to the SELECT (e.g. a
 * WHERE guard on a CTE).
 * @throws Error when there are no columns.
 */
export function insertFromJson(
  tableName: string,
  rows: readonly Record<string, unknown>[],
  param: string,
  suffix = '',
  columns: readonly string[] = columnsOf(rows),
): string {
  if (columns.length === 0) throw new Error(`no columns to insert into ${tableName}`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  return `INSERT INTO ${tableName} (${list}) SELECT ${list} FROM jsonb_populate_recordset(null::${tableName}, ${param}::jsonb) ${suffix}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a node-postgres Drizzle database keeps on its session (not in Drizzle's public types). */
type PgSessionInternals = {
  client: unknown;
  dialect: ConstructorParameters<typeof NodePgSession>[1];
  schema: ConstructorParameters<typeof NodePgSession>[2];
  options: ConstructorParameters<typeof NodePgSession>[3];
};

/**
 * Drizzle's transaction handle over a pooled client, made once per client and reused: it keeps no
 * state of its own between transactions, and making it (query builders for every table) cost 3 %
 * of the server's CPU on the sale path (perf, checkout bench).
 */
const txHandles = new WeakMap<pg.PoolClient, KassaTx>();

/** A sign-in session to check at the start of a transaction (see `SessionEndedError`). */
export type SessionCheck = { companyId: string; sessionId: string; userId: string };

/**
 * The session checked at the start of a transaction is no longer active (logged out, revoked, or
 * its user disabled): the transaction was rolled back before `fn` ran.
 */
export class SessionEndedError extends Error {
  constructor() {
    super('the session has ended');
    this.name = 'SessionEndedError';
  }
}

const SESSION_ACTIVE = 'select kassa_session_active($1::uuid, $2::uuid, $3::uuid) as ok';

/**
 * Whether a sign-in session is still active (neither revoked nor its user disabled): the SECURITY
 * DEFINER function kassa_session_active, one primary-key lookup, as a named statement on PostgreSQL.
 */
export async function sessionActive(handle: KassaDb | KassaTx, check: SessionCheck): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(handle, SESSION_ACTIVE, [
    check.companyId,
    check.sessionId,
    check.userId,
  ]);
  return row?.ok === true;
}

/** The session check as a statement: a literal call, for the simple-protocol BEGIN message. */
function sessionCheckSql(check: SessionCheck): string {
  for (const id of [check.companyId, check.sessionId, check.userId])
    if (!UUID.test(id)) throw new Error('session check ids must be UUIDs');
  return `SELECT kassa_session_active('${check.companyId}'::uuid, '${check.sessionId}'::uuid, '${check.userId}'::uuid) AS ok`;
}

/**
 * The first statement of a transaction, run in the same round trip as its BEGIN (see
 * `pgCompanyTransaction`); its rows are handed to the transaction's function. Same rules for
 * `values` as `queryRows`.
 */
export type LeadStatement = {
  text: string;
  values: readonly (string | number | boolean | null)[];
  /**
   * The sign-in session this statement checks itself: its first row has a boolean column
   * `sessionActive`, true when that session is active (as `kassa_session_active` decides), which
   * the transaction then reads instead of running its own check (one statement less). It must be
   * the transaction's `session`.
   */
  checksSession?: SessionCheck;
};

/**
 * Whether `lead` checks `session` itself (see `LeadStatement.checksSession`).
 * @throws Error when it checks another session than the transaction's.
 */
export function leadChecksSession(
  lead: LeadStatement | undefined,
  session: SessionCheck | undefined,
): boolean {
  const checked = lead?.checksSession;
  if (!checked || !session) return false;
  if (
    checked.companyId !== session.companyId ||
    checked.sessionId !== session.sessionId ||
    checked.userId !== session.userId
  )
    throw new Error("the lead statement checks another session than the transaction's");
  return true;
}

/** The lead's answer to its session check (see `LeadStatement.checksSession`). */
export function leadSessionActive(leadRows: unknown[] | undefined): boolean {
  return (leadRows?.[0] as { sessionActive?: unknown } | undefined)?.sessionActive === true;
}

/** Names of the statements prepared with SQL PREPARE (leads and final statements) on each pooled connection. */
const preparedStatements = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * A value as an SQL literal: quoted as is when it holds no quote or backslash (the common case,
 * e.g. JSON without either; a native regex test, where node-postgres's escapeLiteral builds the
 * string one character at a time), else escaped by node-postgres.
 */
function sqlLiteral(client: pg.PoolClient, v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v !== 'string') return String(v);
  return /['\\]/.test(v) ? client.escapeLiteral(v) : `'${v}'`;
}

/**
 * A statement as SQL for a simple-protocol message: `PREPARE` on the connection's first use
 * (planned once per connection, like a named statement), then `EXECUTE` with the values as
 * literals (see sqlLiteral). `prepares` names the statement to record as prepared (notePrepared)
 * once the message has run. `kind` keeps lead and final statements apart from the protocol's
 * named statements (queryRows): SQL PREPARE and those share one namespace.
 */
function preparedSql(
  client: pg.PoolClient,
  kind: 'lead' | 'final',
  text: string,
  values: readonly (string | number | boolean | null)[],
): { sql: string; prepares: string | undefined } {
  const name = statementName(text).replace('kassa_', `kassa_${kind}_`);
  const execute = `EXECUTE ${name}(${values.map((v) => sqlLiteral(client, v)).join(', ')})`;
  if (preparedStatements.get(client)?.has(name)) return { sql: execute, prepares: undefined };
  return { sql: `PREPARE ${name} AS ${text}; ${execute}`, prepares: name };
}

function notePrepared(client: pg.PoolClient, name: string): void {
  const names = preparedStatements.get(client) ?? new Set<string>();
  names.add(name);
  preparedStatements.set(client, names);
}

/** SQLSTATE of the error kassa_refuse_commit raises (migration 0026_refuse_commit). */
export const COMMIT_REFUSED_SQLSTATE = 'KR001';

/**
 * The final statement of a transaction refused to let it commit (it called
 * `kassa_refuse_commit(reason)`); the transaction rolls back. `reason` is the statement's word for
 * why, e.g. that the caller must run the transaction again with statements after this one.
 */
export class CommitRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`the transaction may not commit yet: ${reason}`);
    this.name = 'CommitRefusedError';
  }
}

/**
 * A transaction of pgCompanyTransaction in progress: its client, and an error when its connection
 * must be discarded at release (its prepared statements are unknown).
 */
type OpenTransaction = { client: pg.PoolClient; broken?: Error };
const openTransactions = new WeakMap<KassaTx, OpenTransaction>();

/**
 * Runs the last statement of a transaction and returns its rows. In a transaction of
 * `withCompanyTx` on PostgreSQL, the statement and the `COMMIT` go in one round trip (one
 * simple-protocol message: `PREPARE` on the connection's first use, then `EXECUTE` with literal
 * values, then `COMMIT`), and `values(true)` gives its values; nothing may run in the transaction
 * after it. Elsewhere (PGlite, or a transaction that is not the caller's to end) it runs as
 * `queryRows` with `values(false)` and the transaction commits when its function returns, as usual.
 * The statement stops the commit by calling `kassa_refuse_commit(reason)`: with `committing` true
 * it must, when what it found needs more statements before the commit.
 * @throws CommitRefusedError when it did; the transaction then rolls back when the error leaves it.
 */
export async function finalStatement<T>(
  handle: KassaTx,
  text: string,
  values: (committing: boolean) => readonly (string | number | boolean | null)[],
): Promise<T[]> {
  const open = openTransactions.get(handle);
  try {
    if (!open) return await queryRows<T>(handle, text, values(false));
    const { client } = open;
    const { sql, prepares } = preparedSql(client, 'final', text, values(true));
    let results: pg.QueryResult[];
    try {
      results = (await client.query(`${sql}; COMMIT`)) as unknown as pg.QueryResult[];
    } catch (err) {
      // The caller rolls back (harmless when the COMMIT ran). A refusal comes from the EXECUTE, so
      // a PREPARE before it was kept (a rollback does not undo PREPARE); after any other error on
      // a first use, whether it was kept is unknown.
      if (prepares && (err as { code?: string }).code === COMMIT_REFUSED_SQLSTATE)
        notePrepared(client, prepares);
      else if (prepares) open.broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    }
    endedTransactions.add(client);
    if (prepares) notePrepared(client, prepares);
    return results[prepares ? 1 : 0]!.rows as T[];
  } catch (err) {
    if ((err as { code?: string }).code === COMMIT_REFUSED_SQLSTATE)
      throw new CommitRefusedError((err as Error).message);
    throw err;
  }
}

/**
 * On PostgreSQL (a node-postgres pool), runs `fn` in a transaction whose `BEGIN`,
 * `set_config('app.company_id', …, true)`, the check that the sign-in session is still active
 * (`kassa_session_active`, when `options.session` is given and the lead does not check it
 * itself, see `LeadStatement.checksSession`) and a first statement
 * (`options.lead`, whose rows `fn` receives) go in ONE round trip (one simple-protocol message),
 * where Drizzle's `transaction` would send them as three or four. The transaction handle is
 * Drizzle's own (`NodePgTransaction` over the checked-out client), so `fn` sees no difference.
 * Commits on success; rolls back on an error and rethrows it. Returns `undefined` without doing
 * anything on PGlite, where the caller falls back to `db.transaction`.
 * @throws SessionEndedError (after rolling back, before `fn`) when the session is not active.
 * @throws Error when `companyId` or a session id is not a UUID (they are written as literals).
 */
export async function pgCompanyTransaction<T>(
  db: KassaDb,
  companyId: string,
  fn: (tx: KassaTx, leadRows: unknown[] | undefined) => Promise<T>,
  options: { session?: SessionCheck; lead?: LeadStatement } = {},
): Promise<{ result: T } | undefined> {
  const internals = (db as unknown as { session: PgSessionInternals }).session;
  if (!(internals.client instanceof pg.Pool)) return undefined;
  if (!UUID.test(companyId)) throw new Error('company id is not a UUID');
  const { session, lead } = options;
  // A lead that checks the session itself saves the separate check.
  const byLead = leadChecksSession(lead, session);
  const check = session && !byLead ? `; ${sessionCheckSql(session)}` : '';
  const client = await internals.client.connect();
  const leading = lead ? preparedSql(client, 'lead', lead.text, lead.values) : undefined;
  // A failing BEGIN message releases the client as broken (see releaseWhenBeginFails in
  // client.ts): so does a failing lead statement, whose PREPARE may or may not have been kept.
  const begun = (await client.query(
    `BEGIN; SELECT set_config('app.company_id', '${companyId}', true)${check}${leading ? `; ${leading.sql}` : ''}`,
  )) as unknown as pg.QueryResult<{ ok?: boolean }>[];
  if (leading?.prepares) notePrepared(client, leading.prepares);
  const leadRows = lead ? begun.at(-1)?.rows : undefined;
  let tx = txHandles.get(client);
  if (!tx) {
    guardEndedTransactions(client);
    tx = new NodePgTransaction(
      internals.dialect,
      new NodePgSession(client, internals.dialect, internals.schema, internals.options),
      internals.schema,
    ) as unknown as KassaTx;
    txHandles.set(client, tx);
  }
  const open: OpenTransaction = { client };
  openTransactions.set(tx, open);
  let broken: Error | undefined;
  try {
    // An ended session rolls back below, like any error, before `fn` runs.
    if (session && !(byLead ? leadSessionActive(leadRows) : begun[2]?.rows[0]?.ok === true))
      throw new SessionEndedError();
    const result = await fn(tx, leadRows);
    // A final statement (finalStatement) may have committed already.
    if (!endedTransactions.has(client)) await client.query('COMMIT');
    return { result };
  } catch (err) {
    endedTransactions.delete(client);
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    openTransactions.delete(tx);
    endedTransactions.delete(client);
    client.release(broken ?? open.broken);
  }
}

/** Pooled clients whose transaction committed with its final statement, until it is released. */
const endedTransactions = new WeakSet<pg.PoolClient>();

/**
 * Makes a client refuse statements while its transaction has committed with a final statement
 * and is not yet released: such a statement would run outside any transaction (autocommit).
 */
function guardEndedTransactions(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (endedTransactions.has(client))
      return Promise.reject(
        new Error('the transaction has committed with its final statement: nothing may run after it'),
      );
    return query(...args);
  };
}
