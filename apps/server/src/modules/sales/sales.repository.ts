import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import {
  columnNamesFor,
  columnsOf,
  finalStatement,
  insertFromJson,
  queryRows,
  rowFromColumns,
  rowPickFromColumns,
  rowToColumns,
  schema as s,
  type LeadStatement,
} from '@kassa/db';
import type { SaleListQuery } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { GENESIS_HASH, type AuditEntryRow } from '../audit/audit.repository.ts';
import { storeInScope } from '../users/access.ts';

export type SaleRow = typeof s.sales.$inferSelect;
export type SaleLineRow = typeof s.saleLines.$inferSelect;
export type TenderRow = typeof s.tenders.$inferSelect;

/** The register with its store, or undefined (also for another company's register). */
export async function findRegister(ctx: Ctx, registerId: string) {
  const rows = await ctx.tx
    .select({ register: s.registers, store: s.stores })
    .from(s.registers)
    .innerJoin(
      s.stores,
      and(eq(s.stores.companyId, s.registers.companyId), eq(s.stores.id, s.registers.storeId)),
    )
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .limit(1);
  // A register of a store outside the user's store scope is as unknown as another company's.
  const row = rows[0];
  return row && storeInScope(ctx, row.store.id) ? row : undefined;
}

/**
 * Takes the register's next receipt number, locking the register row until the transaction ends:
 * a rolled-back sale gives its number back, so the sequence stays gap-free.
 */
export async function takeReceiptSeq(ctx: Ctx, registerId: string): Promise<number> {
  const rows = await ctx.tx
    .update(s.registers)
    .set({ nextReceiptSeq: sql`${s.registers.nextReceiptSeq} + 1` })
    .where(and(eq(s.registers.companyId, ctx.companyId), eq(s.registers.id, registerId)))
    .returning({ next: s.registers.nextReceiptSeq });
  const next = rows[0]?.next;
  if (next === undefined) throw new Error(`register ${registerId} vanished during the sale`);
  return next - 1;
}

/** A tax of a tax category, in the category's application order. */
export type CategoryTax = { id: string; name: string; rate: string; inclusive: boolean; compound: boolean };

/** Everything a sale needs from the database, read (and locked) by `prepareSale` in one statement. */
export type SalePreparation = {
  /** The sale id is already stored (a retry): the caller rolls back and returns the stored sale. */
  saleExists: boolean;
  company: typeof s.companies.$inferSelect;
  /** Undefined for an unknown or foreign register. */
  register?: typeof s.registers.$inferSelect;
  store?: typeof s.stores.$inferSelect;
  /** This sale's receipt sequence number (taken from the register, locked until the end). */
  receiptSeq: number;
  /** The register's open shift, or null. */
  shiftId: string | null;
  cashierName: string;
  /** The register's audit stream head, advanced by one for `sale.completed`: its seq and the hash to chain to. */
  audit: { seq: number; prevHash: string };
  /** The company's products among the ids asked for (active or not), with the columns a sale reads. */
  products: SaleProduct[];
  /** Taxes of the products' tax categories: Map<taxCategoryId, taxes in application order>. */
  taxesByCategory: Map<string, CategoryTax[]>;
};

/** The product columns a sale reads (to price, check and copy onto its lines). */
const SALE_PRODUCT_KEYS = [
  'id',
  'sku',
  'name',
  'price',
  'cost',
  'taxCategoryId',
  'ageRestricted',
  'active',
  'updatedAt',
] as const;

/** A product as a sale reads it (see SALE_PRODUCT_KEYS). */
export type SaleProduct = Pick<typeof s.products.$inferSelect, (typeof SALE_PRODUCT_KEYS)[number]>;

const PREPARE_SALE = `
WITH reg AS (
  UPDATE registers SET next_receipt_seq = next_receipt_seq + 1
  WHERE company_id = $1::uuid AND id = $2::uuid
  RETURNING *
), head AS (
  INSERT INTO audit_streams AS a (company_id, stream, last_seq, last_hash)
  SELECT $1::uuid, 'register:' || reg.id, 1, $6::text FROM reg
  ON CONFLICT (company_id, stream) DO UPDATE SET last_seq = a.last_seq + 1
  RETURNING a.last_seq AS seq, a.last_hash AS "prevHash"
), wanted AS (
  SELECT ${columnNamesFor(s.products, SALE_PRODUCT_KEYS)
    .map((c) => `p.${c}`)
    .join(', ')} FROM products p
  WHERE p.company_id = $1::uuid AND p.id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)
)
SELECT
  EXISTS (SELECT 1 FROM sessions se JOIN users su ON su.company_id = se.company_id AND su.id = se.user_id
    WHERE se.company_id = $1::uuid AND se.id = $7::uuid AND se.user_id = $5::uuid
      AND se.revoked_at IS NULL AND su.active) AS "sessionActive",
  EXISTS (SELECT 1 FROM sales WHERE company_id = $1::uuid AND id = $4::uuid) AS "saleExists",
  (SELECT to_jsonb(c) FROM companies c WHERE c.id = $1::uuid) AS company,
  (SELECT to_jsonb(reg) FROM reg) AS register,
  (SELECT to_jsonb(st) FROM stores st JOIN reg ON st.company_id = reg.company_id AND st.id = reg.store_id) AS store,
  (SELECT sh.id FROM shifts sh JOIN reg ON sh.company_id = reg.company_id AND sh.register_id = reg.id
    WHERE sh.closed_at IS NULL LIMIT 1) AS "shiftId",
  (SELECT u.name FROM users u WHERE u.company_id = $1::uuid AND u.id = $5::uuid) AS "cashierName",
  (SELECT to_jsonb(head) FROM head) AS head,
  (SELECT coalesce(jsonb_agg(to_jsonb(w)), '[]'::jsonb) FROM wanted w) AS products,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('taxCategoryId', r.tax_category_id, 'id', t.id, 'name', t.name,
      'rate', t.rate::text, 'inclusive', t.inclusive, 'compound', t.compound) ORDER BY r.position), '[]'::jsonb)
    FROM tax_category_rates r JOIN tax_rates t ON t.company_id = r.company_id AND t.id = r.tax_rate_id
    WHERE r.company_id = $1::uuid AND r.tax_category_id IN (SELECT tax_category_id FROM wanted)) AS taxes`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row of PREPARE_SALE (see prepareSale). */
export type PrepareRow = {
  /** Whether the caller's sign-in session is active (see `prepareSaleStatement`). */
  sessionActive: boolean;
  saleExists: boolean;
  company: Record<string, unknown> | null;
  register: Record<string, unknown> | null;
  store: Record<string, unknown> | null;
  shiftId: string | null;
  cashierName: string | null;
  head: { seq: number; prevHash: string } | null;
  products: Record<string, unknown>[];
  taxes: (CategoryTax & { taxCategoryId: string })[];
};

/**
 * The read (and lock) step of a sale, in one round trip: whether the sale id is stored, the
 * company (settings), the register with its store and open shift, the cashier's name, the products
 * asked for and their taxes. When the register exists it also takes its next receipt number and
 * advances its audit stream by one entry, locking both rows until the transaction ends (a rollback
 * gives both back, so receipt numbers and the audit chain stay gap-free).
 * @throws Error when the company of the context is missing (a token of a deleted company).
 */
export async function prepareSale(
  ctx: Ctx,
  input: { saleId: string; registerId: string; productIds: string[] },
): Promise<SalePreparation> {
  const { text, values } = prepareSaleStatement(ctx, input);
  const [row] = await queryRows<PrepareRow>(ctx.tx, text, values);
  return salePreparationOf(row);
}

/**
 * `prepareSale`'s statement and values, for a caller that runs it itself (as the lead statement
 * of the sale's transaction, in the round trip of its BEGIN: see withCompanyTx).
 */
export function prepareSaleStatement(
  who: { companyId: string; userId: string; sessionId: string },
  input: { saleId: string; registerId: string; productIds: string[] },
): LeadStatement {
  return {
    text: PREPARE_SALE,
    values: [
      who.companyId,
      input.registerId,
      JSON.stringify(input.productIds),
      input.saleId,
      who.userId,
      GENESIS_HASH,
      // Not a UUID (a context made without a sign-in): checks no session, rather than failing the cast.
      UUID.test(who.sessionId) ? who.sessionId : null,
    ],
    // Its column sessionActive is kassa_session_active's answer (same query, under row-level
    // security), so a sale's transaction needs no statement of its own for the check.
    checksSession: { companyId: who.companyId, sessionId: who.sessionId, userId: who.userId },
  };
}

/**
 * The preparation from a row of `prepareSaleStatement`.
 * @throws Error when the company of the context is missing (a token of a deleted company).
 */
export function salePreparationOf(row: PrepareRow | undefined): SalePreparation {
  if (!row?.company) throw new Error('company of the token is missing');
  const taxesByCategory = new Map<string, CategoryTax[]>();
  for (const { taxCategoryId, rate, ...tax } of row.taxes) {
    const list = taxesByCategory.get(taxCategoryId) ?? [];
    list.push({ ...tax, rate: trimDecimal(rate) });
    taxesByCategory.set(taxCategoryId, list);
  }
  const register = row.register ? rowFromColumns(s.registers, row.register) : undefined;
  return {
    saleExists: row.saleExists,
    company: rowFromColumns(s.companies, row.company),
    ...(register && row.store ? { register, store: rowFromColumns(s.stores, row.store) } : {}),
    receiptSeq: register ? register.nextReceiptSeq - 1 : 0,
    shiftId: row.shiftId,
    cashierName: row.cashierName ?? '',
    audit: row.head ?? { seq: 0, prevHash: GENESIS_HASH },
    products: row.products.map((p) => rowPickFromColumns(s.products, SALE_PRODUCT_KEYS, p)),
    taxesByCategory,
  };
}

function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/** What `storeSale` writes: the rows as Drizzle types them (every column the caller sets flows through). */
export type SaleWrite = {
  sale: typeof s.sales.$inferInsert;
  lines: (typeof s.saleLines.$inferInsert)[];
  tenders: (typeof s.tenders.$inferInsert)[];
  movements: (typeof s.stockMovements.$inferInsert)[];
  /** Stock taken out per product (positive decimal strings) in the sale's store. */
  stock: { productId: string; quantity: string }[];
  /** Chained entries of one stream (`chainEntries`); the stream head's hash becomes the last one's. */
  audit: AuditEntryRow[];
};

/** Why `storeSale` refused to commit with its write (see `storeSale`'s `commit` option). */
export type StoreSaleRefusal = 'sale_exists' | 'stock_went_negative';

/**
 * The write step of a sale, in one statement: inserts the sale unless its id exists and, only if it
 * did, its lines, tenders, stock movements and audit entries, moves the audit stream head to the
 * last entry's hash, and takes the quantities out of stock (rows in product-id order, so
 * concurrent sales cannot deadlock; last, so hot stock rows stay locked only until the commit).
 * Stock may go negative: the goods have already left with the customer.
 * With `options.commit`, the statement is the transaction's last and commits with it in the same
 * round trip where the driver allows (PostgreSQL, see finalStatement); it then refuses to commit
 * when the sale id was stored meanwhile or a stock level went below zero (whose alert needs
 * statements after this one).
 * @returns `created`: true when this call created the sale, false when its id was already stored;
 * `wentNegative`: the stock levels this sale took from zero or above to below zero (units, decimal
 * strings as stored), read from the same statement so the alert costs no extra round trip.
 * @throws CommitRefusedError (reason a StoreSaleRefusal) when it refused to commit; the
 * transaction then rolls back.
 */
export async function storeSale(
  ctx: Ctx,
  write: SaleWrite,
  options: { commit?: boolean } = {},
): Promise<{ created: boolean; wentNegative: { productId: string; onHand: string }[] }> {
  const parts: WritePart[] = [
    { table: 'sales', rows: [rowToColumns(s.sales, write.sale)] },
    { table: 'sale_lines', rows: write.lines.map((r) => rowToColumns(s.saleLines, r)) },
    { table: 'tenders', rows: write.tenders.map((r) => rowToColumns(s.tenders, r)) },
    { table: 'stock_movements', rows: write.movements.map((r) => rowToColumns(s.stockMovements, r)) },
    { table: 'audit_entries', rows: write.audit.map((r) => rowToColumns(s.auditEntries, r)) },
  ].filter((part) => part.rows.length > 0);
  const columns = parts.map((part) => columnsOf(part.rows));
  const last = write.audit.at(-1);
  const stock = [...write.stock]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((q) => ({ product_id: q.productId, quantity: q.quantity }));
  // The statement depends only on the columns each part gives and on what is present: made once
  // per shape (a sale's rows keep their keys), so only the values are built per sale.
  const shape = `${parts.map((part, i) => `${part.table}:${columns[i]!.join(',')}`).join(';')}|${last ? 1 : 0}|${stock.length > 0 ? 1 : 0}`;
  let text = writeStatements.get(shape);
  if (text === undefined) {
    text = writeStatement(parts, columns, last !== undefined, stock.length > 0);
    writeStatements.set(shape, text);
  }
  // $1 is the company, $2 whether to refuse the commit (see writeStatement), then one per part.
  const rest = parts.map((part) => JSON.stringify(part.rows));
  if (last) rest.push(last.hash, last.stream);
  if (stock.length > 0) rest.push(String(write.sale.storeId), JSON.stringify(stock));
  const valuesFor = (refuse: boolean) => [ctx.companyId, String(refuse), ...rest];
  const rows = options.commit
    ? await finalStatement<WriteRow>(ctx.tx, text, valuesFor)
    : await queryRows<WriteRow>(ctx.tx, text, valuesFor(false));
  const row = rows[0];
  return { created: row?.n === 1, wentNegative: row?.wentNegative ?? [] };
}

/** Rows of one table that `storeSale` inserts (column-name keys); the sale's part comes first. */
type WritePart = { table: string; rows: Record<string, unknown>[] };

/** `storeSale`'s statement text by shape (see there): a handful of shapes in all. */
const writeStatements = new Map<string, string>();

/** The text of `storeSale`'s statement for parts with these columns (see `storeSale` for its $n). */
function writeStatement(parts: WritePart[], columns: string[][], head: boolean, stock: boolean): string {
  const guard = 'WHERE EXISTS (SELECT 1 FROM sale)';
  let param = 2;
  const ctes = parts.map((part, i) => {
    param++;
    return i === 0
      ? `sale AS (${insertFromJson(part.table, part.rows, `$${param}`, '', columns[i])} ON CONFLICT DO NOTHING RETURNING id)`
      : `ins_${part.table} AS (${insertFromJson(part.table, part.rows, `$${param}`, guard, columns[i])} RETURNING 1)`;
  });
  if (head) {
    param += 2;
    ctes.push(
      `head AS (UPDATE audit_streams SET last_hash = $${param - 1}::text ` +
        `WHERE company_id = $1::uuid AND stream = $${param}::text AND EXISTS (SELECT 1 FROM sale) RETURNING 1)`,
    );
  }
  // PostgreSQL runs a data-modifying CTE when the query first reads it, and the ones it never reads
  // after the query: the rows written are read (counted) before the stock levels, so the stock
  // rows, which concurrent sales of the same product wait for, are locked last and held for the
  // shortest time (until the commit).
  const written = [...parts.slice(1).map((part) => `ins_${part.table}`), ...(head ? ['head'] : [])]
    .map((cte) => `(SELECT count(*)::int FROM ${cte})`)
    .join(' + ');
  let wentNegative = `'[]'::jsonb`;
  if (stock) {
    param += 2;
    const taken = `jsonb_to_recordset($${param}::jsonb) AS x(product_id uuid, quantity numeric)`;
    ctes.push(
      `stock AS (INSERT INTO stock_levels AS l (company_id, store_id, product_id, on_hand) ` +
        `SELECT $1::uuid, $${param - 1}::uuid, x.product_id, -x.quantity ` +
        `FROM ${taken} ${guard} ` +
        `ORDER BY x.product_id ` +
        `ON CONFLICT (company_id, store_id, product_id) DO UPDATE SET on_hand = l.on_hand + excluded.on_hand, updated_at = now() ` +
        `RETURNING l.product_id, l.on_hand)`,
    );
    // Below zero now, and zero or above before this sale took its quantity.
    wentNegative =
      `(SELECT coalesce(jsonb_agg(jsonb_build_object('productId', st.product_id, 'onHand', st.on_hand::text)), '[]'::jsonb) ` +
      `FROM stock st JOIN ${taken} ON x.product_id = st.product_id WHERE st.on_hand < 0 AND st.on_hand + x.quantity >= 0)`;
  }
  // $2 true: the statement commits with it (finalStatement) and refuses to when the sale id was
  // stored meanwhile or a stock level went below zero (its alert follows the write).
  // $1 is named in the last line too, so every shape of the statement uses it.
  return (
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT n, written, "wentNegative", CASE WHEN $2::boolean AND (n = 0 OR jsonb_array_length("wentNegative") > 0) ` +
    `THEN kassa_refuse_commit(CASE WHEN n = 0 THEN 'sale_exists' ELSE 'stock_went_negative' END) END AS refused ` +
    `FROM (SELECT (SELECT count(*)::int FROM sale WHERE $1::uuid IS NOT NULL) AS n, ${written || '0'} AS written, ` +
    `${wentNegative} AS "wentNegative") r`
  );
}

type WriteRow = { n: number; written: number; wentNegative: { productId: string; onHand: string }[] };

/** Inserts the sale unless its id exists; true when this call created it. */
export async function insertSaleIfNew(ctx: Ctx, row: typeof s.sales.$inferInsert): Promise<boolean> {
  const inserted = await ctx.tx
    .insert(s.sales)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: s.sales.id });
  return inserted.length === 1;
}

export async function insertLines(ctx: Ctx, rows: (typeof s.saleLines.$inferInsert)[]): Promise<void> {
  await ctx.tx.insert(s.saleLines).values(rows);
}

export async function insertTenders(ctx: Ctx, rows: (typeof s.tenders.$inferInsert)[]): Promise<void> {
  await ctx.tx.insert(s.tenders).values(rows);
}

/**
 * Takes sold quantities out of a store's stock and writes the ledger movements. Rows are written in
 * product-id order, so concurrent sales lock stock rows in the same order and cannot deadlock.
 * Stock may go negative: the goods have already left with the customer.
 */
export async function decrementStock(
  ctx: Ctx,
  storeId: string,
  saleId: string,
  quantities: { productId: string; quantity: string; movementId: string }[],
): Promise<void> {
  const sorted = [...quantities].sort((a, b) =>
    a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
  );
  await ctx.tx
    .insert(s.stockLevels)
    .values(
      sorted.map((q) => ({
        companyId: ctx.companyId,
        storeId,
        productId: q.productId,
        onHand: `-${q.quantity}`,
      })),
    )
    .onConflictDoUpdate({
      target: [s.stockLevels.companyId, s.stockLevels.storeId, s.stockLevels.productId],
      set: { onHand: sql`${s.stockLevels.onHand} + excluded.on_hand`, updatedAt: sql`now()` },
    });
  await ctx.tx.insert(s.stockMovements).values(
    sorted.map((q) => ({
      companyId: ctx.companyId,
      id: q.movementId,
      storeId,
      productId: q.productId,
      quantity: `-${q.quantity}`,
      reason: 'sale' as const,
      saleId,
      userId: ctx.userId,
    })),
  );
}

const headerColumns = {
  sale: s.sales,
  store: s.stores,
  registerName: s.registers.name,
  cashierName: s.users.name,
};

function headerQuery(ctx: Ctx) {
  return ctx.tx
    .select(headerColumns)
    .from(s.sales)
    .innerJoin(s.stores, and(eq(s.stores.companyId, s.sales.companyId), eq(s.stores.id, s.sales.storeId)))
    .innerJoin(
      s.registers,
      and(eq(s.registers.companyId, s.sales.companyId), eq(s.registers.id, s.sales.registerId)),
    )
    .innerJoin(s.users, and(eq(s.users.companyId, s.sales.companyId), eq(s.users.id, s.sales.cashierId)));
}

export type SaleHeader = Awaited<ReturnType<typeof findSaleHeader>>;

/** The sale with its store, register name and cashier name, or undefined. */
export async function findSaleHeader(ctx: Ctx, saleId: string) {
  const rows = await headerQuery(ctx)
    .where(and(eq(s.sales.companyId, ctx.companyId), eq(s.sales.id, saleId)))
    .limit(1);
  return rows[0];
}

export async function findLines(ctx: Ctx, saleId: string): Promise<SaleLineRow[]> {
  return ctx.tx
    .select()
    .from(s.saleLines)
    .where(and(eq(s.saleLines.companyId, ctx.companyId), eq(s.saleLines.saleId, saleId)))
    .orderBy(s.saleLines.lineNo);
}

export async function findTenders(ctx: Ctx, saleId: string): Promise<TenderRow[]> {
  return ctx.tx
    .select()
    .from(s.tenders)
    .where(and(eq(s.tenders.companyId, ctx.companyId), eq(s.tenders.saleId, saleId)))
    .orderBy(s.tenders.position);
}

/** A page of sales, newest first, filtered by store, register, cashier and [from, to). */
export async function listSales(ctx: Ctx, query: SaleListQuery) {
  const filters: SQL[] = [eq(s.sales.companyId, ctx.companyId)];
  if (query.storeId) filters.push(eq(s.sales.storeId, query.storeId));
  if (query.registerId) filters.push(eq(s.sales.registerId, query.registerId));
  if (query.cashierId) filters.push(eq(s.sales.cashierId, query.cashierId));
  if (query.tender) {
    filters.push(sql`exists (select 1 from ${s.tenders} t where t.company_id = ${s.sales.companyId}
      and t.sale_id = ${s.sales.id} and t.method = ${query.tender})`);
  }
  if (query.from) filters.push(gte(s.sales.createdAt, new Date(query.from)));
  if (query.to) filters.push(lt(s.sales.createdAt, new Date(query.to)));
  const where = and(...filters);
  const rows = await headerQuery(ctx)
    .where(where)
    .orderBy(desc(s.sales.createdAt), desc(s.sales.id))
    .limit(query.limit)
    .offset(query.offset);
  const totals = await ctx.tx.select({ n: count() }).from(s.sales).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}
