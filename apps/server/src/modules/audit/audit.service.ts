import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { newDocumentId } from '@kassa/domain';
import { withCompanyTx, type KassaDb, type KassaTx } from '@kassa/db';
import type { AuditAction, AuditEntry, AuditExportQuery, AuditPage, AuditQuery } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import * as repo from './audit.repository.ts';
import { KeyRingError, open, seal, type KeyRing } from './keyring.ts';

/**
 * What `recordAudit` needs: the company, the open transaction, and (to encrypt sensitive fields)
 * the key ring. A request's `Ctx` fits; sign-in builds one before anybody is signed in.
 */
export type AuditCtx = Pick<Ctx, 'companyId' | 'tx'> & {
  userId?: string | null;
  requestId?: string;
  keys?: KeyRing | undefined;
};

/** One fact for the audit log. */
export type AuditEntryInput = {
  action: AuditAction;
  /** The hash chain to append to: `register:<id>` for sales at a register, else `company` (default). */
  stream?: string;
  /** Who acted; defaults to the signed-in user of the context. */
  actorId?: string | null;
  /** The manager who approved the action, when there was one. */
  approverId?: string | null;
  subject?: { type: string; id: string };
  storeId?: string | null;
  registerId?: string | null;
  /** Non-sensitive facts (amounts, old and new values). Stored in clear and searchable. */
  details?: Record<string, unknown>;
  /** Personal data (e-mail typed, IP address, user agent): stored AES-256-GCM encrypted. */
  sensitive?: Record<string, string | null>;
};

/** The audit stream of sales at one register. */
export const registerStream = (registerId: string): string => `register:${registerId}`;

/** JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type Hashed = Omit<repo.AuditEntryRow, 'hash'>;

/**
 * SHA-256 (hex) of an entry: every column but `hash`, in a fixed order, including `prev_hash`,
 * so changing, removing or reordering any entry breaks every later link of its stream. The
 * sensitive fields enter as ciphertext, so verifying needs no key.
 */
export function entryHash(e: Hashed): string {
  const fields = [
    e.companyId,
    e.stream,
    e.seq,
    e.id,
    e.occurredAt.toISOString(),
    e.action,
    e.actorId,
    e.approverId,
    e.subjectType,
    e.subjectId,
    e.storeId,
    e.registerId,
    e.requestId,
    e.details,
    e.dataKeyId,
    e.sensitive,
    e.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The company's current data key, unwrapped; made (and wrapped under the current master key) on first use. */
async function dataKeyFor(
  tx: KassaTx,
  companyId: string,
  keys: KeyRing,
): Promise<{ id: string; key: Buffer }> {
  const row = await repo.currentDataKey(tx, companyId);
  if (row) return { id: row.id, key: keys.unwrap(companyId, row.id, row.masterKeyId, row.wrappedKey) };
  const id = newDocumentId();
  const made = keys.newDataKey(companyId, id);
  await repo.insertDataKey(tx, { companyId, id, masterKeyId: made.masterKeyId, wrappedKey: made.wrappedKey });
  return { id, key: made.key };
}

/**
 * Encrypts a secret of a company row (e.g. a TOTP secret) with the company's data key, bound to
 * `aad` (say `totp/<user id>`). Output `<data key id>:<base64 iv|tag|ciphertext>`.
 */
export async function sealSecret(
  tx: KassaTx,
  companyId: string,
  keys: KeyRing,
  plaintext: string,
  aad: string,
): Promise<string> {
  const dataKey = await dataKeyFor(tx, companyId, keys);
  return `${dataKey.id}:${seal(dataKey.key, Buffer.from(plaintext, 'utf8'), `${companyId}/${aad}`)}`;
}

/** Reverses `sealSecret`. @throws KeyRingError when the key or the bytes do not match. */
export async function openSecret(
  tx: KassaTx,
  companyId: string,
  keys: KeyRing,
  sealed: string,
  aad: string,
): Promise<string> {
  const [dataKeyId, body] = sealed.split(':');
  const row = dataKeyId ? await repo.findDataKey(tx, companyId, dataKeyId) : undefined;
  if (!row || !body) throw new KeyRingError('sealed secret names an unknown data key');
  const key = keys.unwrap(companyId, row.id, row.masterKeyId, row.wrappedKey);
  return open(key, body, `${companyId}/${aad}`).toString('utf8');
}

/**
 * Appends one entry to the audit log inside the caller's transaction, so the entry exists if and
 * only if the action committed. Locks the head of the entry's stream until the transaction ends:
 * entries of one stream are serialized, different streams (registers) do not wait for each other.
 * Call it late in the transaction to hold the lock briefly. Without a key ring (an application
 * built without master keys; the server always has one) sensitive fields are left out, never
 * stored in clear, and `details.sensitiveOmitted` says so.
 */
export async function recordAudit(
  ctx: AuditCtx,
  entry: AuditEntryInput,
): Promise<{ id: string; seq: number }> {
  const stream = entry.stream ?? 'company';
  const id = newDocumentId();
  let dataKeyId: string | null = null;
  let sensitive: string | null = null;
  const omitted = !!entry.sensitive && !ctx.keys;
  if (entry.sensitive && ctx.keys) {
    const dataKey = await dataKeyFor(ctx.tx, ctx.companyId, ctx.keys);
    dataKeyId = dataKey.id;
    sensitive = seal(
      dataKey.key,
      Buffer.from(JSON.stringify(entry.sensitive), 'utf8'),
      `${ctx.companyId}/${id}`,
    );
  }
  const { seq, prevHash } = await repo.advanceStream(ctx.tx, ctx.companyId, stream);
  const row = entryRow(ctx, entry, { stream, seq, id, prevHash, dataKeyId, sensitive, omitted });
  await repo.insertEntry(ctx.tx, { ...row, hash: entryHash(row) });
  return { id, seq };
}

/** The row of one entry before hashing (shared by `recordAudit` and `chainEntries`). */
function entryRow(
  ctx: AuditCtx,
  entry: AuditEntryInput,
  at: {
    stream: string;
    seq: number;
    id: string;
    prevHash: string;
    dataKeyId: string | null;
    sensitive: string | null;
    omitted: boolean;
  },
): Hashed {
  const { stream, seq, id, prevHash, dataKeyId, sensitive, omitted } = at;
  return {
    companyId: ctx.companyId,
    stream,
    seq,
    id,
    occurredAt: new Date(),
    action: entry.action,
    actorId: entry.actorId === undefined ? (ctx.userId ?? null) : entry.actorId,
    approverId: entry.approverId ?? null,
    subjectType: entry.subject?.type ?? null,
    subjectId: entry.subject?.id ?? null,
    storeId: entry.storeId ?? null,
    registerId: entry.registerId ?? null,
    requestId: ctx.requestId ?? null,
    // Round trip through JSON: what is hashed is exactly what jsonb stores (no undefined, no Dates).
    details: JSON.parse(
      JSON.stringify(omitted ? { ...entry.details, sensitiveOmitted: true } : (entry.details ?? {})),
    ) as Record<string, unknown>,
    dataKeyId,
    sensitive,
    prevHash,
  };
}

/**
 * The rows (with hashes) of entries appended to `stream` as seq `firstSeq`, `firstSeq + 1`, …,
 * chained from `prevHash`, for a storage path that advances the stream head and inserts the rows
 * itself in fewer round trips (the sale path). No I/O. The caller must hold the stream head's lock
 * (having advanced `last_seq` by `entries.length`) and set its `last_hash` to the last row's hash.
 * @throws Error for an entry with sensitive fields (those need `recordAudit` and the key ring).
 */
export function chainEntries(
  ctx: AuditCtx,
  stream: string,
  firstSeq: number,
  prevHash: string,
  entries: AuditEntryInput[],
): repo.AuditEntryRow[] {
  let prev = prevHash;
  return entries.map((entry, i) => {
    if (entry.sensitive) throw new Error('chainEntries cannot store sensitive fields; use recordAudit');
    const row = entryRow(ctx, entry, {
      stream,
      seq: firstSeq + i,
      id: newDocumentId(),
      prevHash: prev,
      dataKeyId: null,
      sensitive: null,
      omitted: false,
    });
    prev = entryHash(row);
    return { ...row, hash: prev };
  });
}

/** Decrypts entries' sensitive fields with the company's data keys (unwrapped once each). */
function decryptor(companyId: string, dataKeys: repo.DataKeyRow[], keys: KeyRing | undefined) {
  const unwrapped = new Map<string, Buffer>();
  return (row: repo.AuditEntryRow): Record<string, string | null> | null => {
    if (!row.sensitive || !row.dataKeyId) return null;
    if (!keys) return { error: 'not readable: no master key configured' };
    let key = unwrapped.get(row.dataKeyId);
    if (!key) {
      const dk = dataKeys.find((d) => d.id === row.dataKeyId);
      if (!dk) return { error: 'not readable: data key missing' };
      key = keys.unwrap(companyId, dk.id, dk.masterKeyId, dk.wrappedKey);
      unwrapped.set(dk.id, key);
    }
    return JSON.parse(open(key, row.sensitive, `${companyId}/${row.id}`).toString('utf8')) as Record<
      string,
      string | null
    >;
  };
}

function toDto(
  row: repo.AuditEntryRow & { actorName: string | null },
  sensitive: AuditEntry['sensitive'],
): AuditEntry {
  return {
    id: row.id,
    stream: row.stream,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    actorId: row.actorId,
    actorName: row.actorName,
    approverId: row.approverId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    storeId: row.storeId,
    registerId: row.registerId,
    requestId: row.requestId,
    details: row.details,
    sensitive,
    hash: row.hash,
  };
}

/** Searches the company's audit log (newest first), sensitive fields decrypted. */
export async function searchAudit(
  ctx: Ctx,
  keys: KeyRing | undefined,
  query: AuditQuery,
): Promise<AuditPage> {
  const { limit, offset, ...filters } = query;
  const { rows, total } = await repo.searchEntries(ctx.tx, ctx.companyId, filters, { limit, offset });
  const decrypt = decryptor(ctx.companyId, await repo.dataKeysOf(ctx.tx, ctx.companyId), keys);
  return { items: rows.map((r) => toDto(r, decrypt(r))), total, limit, offset };
}

/** At most this many rows per CSV export; narrow the dates for more. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/**
 * The company's audit log as CSV (RFC 4180, newest first, at most AUDIT_EXPORT_MAX_ROWS rows),
 * sensitive fields decrypted. The export itself is recorded in the log (`audit.exported`).
 * Cells that a spreadsheet would run as a formula are prefixed with `'` (OWASP CSV injection).
 */
export async function exportAuditCsv(
  ctx: Ctx,
  keys: KeyRing | undefined,
  query: AuditExportQuery,
): Promise<string> {
  const { rows, total } = await repo.searchEntries(ctx.tx, ctx.companyId, query, {
    limit: AUDIT_EXPORT_MAX_ROWS,
    offset: 0,
  });
  const decrypt = decryptor(ctx.companyId, await repo.dataKeysOf(ctx.tx, ctx.companyId), keys);
  const defuse = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));
  const data = rows.map((r) => {
    const e = toDto(r, decrypt(r));
    return [
      e.occurredAt,
      e.action,
      e.actorId ?? '',
      defuse(e.actorName),
      e.approverId ?? '',
      defuse(e.subjectType),
      defuse(e.subjectId),
      e.storeId ?? '',
      e.registerId ?? '',
      defuse(JSON.stringify(e.details)),
      defuse(e.sensitive ? JSON.stringify(e.sensitive) : null),
      e.stream,
      String(e.seq),
      e.id,
      e.hash,
    ];
  });
  await recordAudit(ctx, {
    action: 'audit.exported',
    details: { filters: query, rows: rows.length, matching: total },
  });
  return Papa.unparse({
    fields: [
      'occurred_at',
      'action',
      'actor_id',
      'actor_name',
      'approver_id',
      'subject_type',
      'subject_id',
      'store_id',
      'register_id',
      'details',
      'sensitive',
      'stream',
      'seq',
      'id',
      'hash',
    ],
    data,
  });
}

/** The first broken link of a company's audit chains: where, and why. */
export type BrokenLink = {
  companyId: string;
  stream: string;
  seq: number;
  entryId: string | null;
  reason: string;
};

/** What `verifyAuditChains` checked, and the first broken link found (undefined when intact). */
export type AuditVerification = { companies: number; streams: number; entries: number; broken?: BrokenLink };

/**
 * Verifies every hash chain of one company: per stream, seq runs 1, 2, 3… without gaps, each
 * entry's `prev_hash` is the previous entry's hash, each `hash` matches the entry's fields, and the
 * stream head names the last entry (so a removed tail is caught too). Stops at the first broken link.
 */
export async function verifyCompanyChains(
  tx: KassaTx,
  companyId: string,
): Promise<Omit<AuditVerification, 'companies'>> {
  const heads = new Map((await repo.streamHeads(tx, companyId)).map((h) => [h.stream, h]));
  let streams = 0;
  let entries = 0;
  let last: { stream: string; seq: number; hash: string } | undefined;
  const broken = (stream: string, seq: number, entryId: string | null, reason: string) => ({
    streams,
    entries,
    broken: { companyId, stream, seq, entryId, reason },
  });
  const closeStream = (stream: string, seq: number, hash: string) => {
    const head = heads.get(stream);
    heads.delete(stream);
    if (!head) return `stream ${stream} has entries but no head`;
    if (head.lastSeq !== seq || head.lastHash !== hash)
      return `the stream head names entry ${head.lastSeq} (hash ${head.lastHash.slice(0, 12)}…) but the last entry is ${seq}: entries after it are missing or altered`;
    return undefined;
  };
  for (;;) {
    const batch = await repo.entriesAfter(tx, companyId, last, 1000);
    for (const e of batch) {
      if (!last || last.stream !== e.stream) {
        if (last) {
          const why = closeStream(last.stream, last.seq, last.hash);
          if (why) return broken(last.stream, last.seq, null, why);
        }
        streams++;
        last = { stream: e.stream, seq: 0, hash: repo.GENESIS_HASH };
      }
      entries++;
      if (e.seq !== last.seq + 1)
        return broken(
          e.stream,
          last.seq + 1,
          null,
          `entry ${last.seq + 1} is missing (next found: ${e.seq})`,
        );
      if (e.prevHash !== last.hash)
        return broken(
          e.stream,
          e.seq,
          e.id,
          'prev_hash does not match the previous entry (reordered or altered)',
        );
      const { hash, ...rest } = e;
      if (entryHash(rest) !== hash)
        return broken(e.stream, e.seq, e.id, 'hash does not match the entry (the entry was altered)');
      last = { stream: e.stream, seq: e.seq, hash };
    }
    if (batch.length < 1000) break;
  }
  if (last) {
    const why = closeStream(last.stream, last.seq, last.hash);
    if (why) return broken(last.stream, last.seq, null, why);
  }
  for (const head of heads.values())
    if (head.lastSeq > 0)
      return broken(head.stream, 1, null, `all ${head.lastSeq} entries of the stream are missing`);
  return { streams, entries };
}

/** Verifies the audit chains of every company on the platform; stops at the first broken link. */
export async function verifyAuditChains(db: KassaDb): Promise<AuditVerification> {
  const companyIds = await repo.allCompanyIds(db);
  const total: AuditVerification = { companies: 0, streams: 0, entries: 0 };
  for (const companyId of companyIds) {
    const result = await withCompanyTx(db, companyId, (tx) => verifyCompanyChains(tx, companyId));
    total.companies++;
    total.streams += result.streams;
    total.entries += result.entries;
    if (result.broken) return { ...total, broken: result.broken };
  }
  return total;
}

/** What `rotateDataKeys` did. */
export type RotationResult = { companies: number; rewrapped: number; alreadyCurrent: number };

/**
 * Re-wraps every company's data keys under the key ring's current master key (`kassa keys
 * rotate`). Audit rows are not touched: they name their data key, whose bytes do not change.
 * Each company commits on its own, so an interrupted rotation is resumed by running it again.
 * @throws KeyRingError when a data key's master key is not configured.
 */
export async function rotateDataKeys(db: KassaDb, keys: KeyRing): Promise<RotationResult> {
  const result: RotationResult = { companies: 0, rewrapped: 0, alreadyCurrent: 0 };
  for (const companyId of await repo.allCompanyIds(db)) {
    await withCompanyTx(db, companyId, async (tx) => {
      for (const dk of await repo.dataKeysOf(tx, companyId, true)) {
        if (dk.masterKeyId === keys.current.id) {
          result.alreadyCurrent++;
          continue;
        }
        const key = keys.unwrap(companyId, dk.id, dk.masterKeyId, dk.wrappedKey);
        await repo.rewrapDataKey(tx, companyId, dk.id, keys.wrap(companyId, dk.id, key));
        result.rewrapped++;
      }
    });
    result.companies++;
  }
  return result;
}

export { KeyRingError };
