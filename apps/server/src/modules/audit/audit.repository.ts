import { and, asc, count, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { schema as s, type KassaDb, type KassaTx } from '@kassa/db';
import type { AuditExportQuery } from '@kassa/contracts';

export type AuditEntryRow = typeof s.auditEntries.$inferSelect;
export type DataKeyRow = typeof s.dataKeys.$inferSelect;

/** SHA-256 hex that precedes the first entry of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Takes the next sequence number of a stream and locks its head row until the transaction ends,
 * creating the head on first use. Returns the new entry's seq and the hash it chains to.
 */
export async function advanceStream(
  tx: KassaTx,
  companyId: string,
  stream: string,
): Promise<{ seq: number; prevHash: string }> {
  for (;;) {
    const [head] = await tx
      .update(s.auditStreams)
      .set({ lastSeq: sql`${s.auditStreams.lastSeq} + 1` })
      .where(and(eq(s.auditStreams.companyId, companyId), eq(s.auditStreams.stream, stream)))
      .returning({ seq: s.auditStreams.lastSeq, prevHash: s.auditStreams.lastHash });
    if (head) return head;
    // First entry of the stream. A concurrent creator makes this insert wait, then do nothing;
    // the loop then takes the row it created.
    const created = await tx
      .insert(s.auditStreams)
      .values({ companyId, stream, lastSeq: 1, lastHash: GENESIS_HASH })
      .onConflictDoNothing()
      .returning({ seq: s.auditStreams.lastSeq, prevHash: s.auditStreams.lastHash });
    if (created[0]) return created[0];
  }
}

export async function insertEntry(tx: KassaTx, row: typeof s.auditEntries.$inferInsert): Promise<void> {
  await tx.insert(s.auditEntries).values(row);
  await tx
    .update(s.auditStreams)
    .set({ lastHash: row.hash })
    .where(and(eq(s.auditStreams.companyId, row.companyId), eq(s.auditStreams.stream, row.stream)));
}

/** The company's newest data key, if any. */
export async function currentDataKey(tx: KassaTx, companyId: string): Promise<DataKeyRow | undefined> {
  const rows = await tx
    .select()
    .from(s.dataKeys)
    .where(eq(s.dataKeys.companyId, companyId))
    .orderBy(desc(s.dataKeys.createdAt), desc(s.dataKeys.id))
    .limit(1);
  return rows[0];
}

export async function insertDataKey(tx: KassaTx, row: typeof s.dataKeys.$inferInsert): Promise<void> {
  await tx.insert(s.dataKeys).values(row);
}

export async function dataKeysOf(tx: KassaTx, companyId: string, forUpdate = false): Promise<DataKeyRow[]> {
  const q = tx.select().from(s.dataKeys).where(eq(s.dataKeys.companyId, companyId));
  return forUpdate ? q.for('update') : q;
}

export async function rewrapDataKey(
  tx: KassaTx,
  companyId: string,
  id: string,
  wrapped: { masterKeyId: string; wrappedKey: string },
): Promise<void> {
  await tx
    .update(s.dataKeys)
    .set({ ...wrapped, rotatedAt: new Date() })
    .where(and(eq(s.dataKeys.companyId, companyId), eq(s.dataKeys.id, id)));
}

function filters(companyId: string, query: AuditExportQuery): SQL {
  const conditions: SQL[] = [eq(s.auditEntries.companyId, companyId)];
  if (query.action) conditions.push(eq(s.auditEntries.action, query.action));
  if (query.actorId)
    conditions.push(
      or(eq(s.auditEntries.actorId, query.actorId), eq(s.auditEntries.approverId, query.actorId))!,
    );
  if (query.from) conditions.push(gte(s.auditEntries.occurredAt, new Date(query.from)));
  if (query.to) conditions.push(lt(s.auditEntries.occurredAt, new Date(query.to)));
  return and(...conditions)!;
}

/** Entries matching the filters, newest first, with the actor's name. */
export async function searchEntries(
  tx: KassaTx,
  companyId: string,
  query: AuditExportQuery,
  page: { limit: number; offset: number },
): Promise<{ rows: (AuditEntryRow & { actorName: string | null })[]; total: number }> {
  const where = filters(companyId, query);
  const rows = await tx
    .select({ entry: s.auditEntries, actorName: s.users.name })
    .from(s.auditEntries)
    .leftJoin(
      s.users,
      and(eq(s.users.companyId, s.auditEntries.companyId), eq(s.users.id, s.auditEntries.actorId)),
    )
    .where(where)
    .orderBy(desc(s.auditEntries.occurredAt), desc(s.auditEntries.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await tx.select({ n: count() }).from(s.auditEntries).where(where);
  return { rows: rows.map((r) => ({ ...r.entry, actorName: r.actorName })), total: total?.n ?? 0 };
}

/** One batch of a company's entries in chain order (stream, seq), after the given position. */
export async function entriesAfter(
  tx: KassaTx,
  companyId: string,
  after: { stream: string; seq: number } | undefined,
  limit: number,
): Promise<AuditEntryRow[]> {
  const position = after
    ? or(
        gt(s.auditEntries.stream, after.stream),
        and(eq(s.auditEntries.stream, after.stream), gt(s.auditEntries.seq, after.seq)),
      )
    : undefined;
  return tx
    .select()
    .from(s.auditEntries)
    .where(
      position
        ? and(eq(s.auditEntries.companyId, companyId), position)
        : eq(s.auditEntries.companyId, companyId),
    )
    .orderBy(asc(s.auditEntries.stream), asc(s.auditEntries.seq))
    .limit(limit);
}

export async function streamHeads(tx: KassaTx, companyId: string) {
  return tx
    .select()
    .from(s.auditStreams)
    .where(eq(s.auditStreams.companyId, companyId))
    .orderBy(asc(s.auditStreams.stream));
}

/** Every company id on the platform (SECURITY DEFINER function: the app role sees one company at a time). */
export async function allCompanyIds(db: KassaDb): Promise<string[]> {
  const result = (await db.execute(sql`select id from kassa_company_ids() as id`)) as {
    rows: { id: string }[];
  };
  return result.rows.map((r) => r.id);
}

/** One data key of the company by id. */
export async function findDataKey(
  tx: KassaTx,
  companyId: string,
  id: string,
): Promise<DataKeyRow | undefined> {
  const rows = await tx
    .select()
    .from(s.dataKeys)
    .where(and(eq(s.dataKeys.companyId, companyId), eq(s.dataKeys.id, id)))
    .limit(1);
  return rows[0];
}
