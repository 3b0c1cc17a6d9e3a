import { COMPANY_ID, type Layout } from './layout.ts';
import type { Ledger } from './driver.ts';

/** The part of a pg Client or a PGlite instance the check needs. */
export type RowReader = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };

export type BooksResult = {
  ok: boolean;
  problems: string[];
  salesInDatabase: number;
  acknowledged: number;
  registersWithSales: number;
  stockRowsChecked: number;
  stockRowsTouched: number;
  unitsSold: number;
};

/** The 1-based number at the end of a seeded id (see layout.ts). */
const numberOf = (id: string) => Number.parseInt(id.slice(-12), 16);

/**
 * Checks the books as the database owner after a run, against what the driver was told:
 * - the sales in the database are exactly the acknowledged ones (same ids, same receipt numbers),
 *   with no id or receipt number twice;
 * - every register's receipt numbers are 1..n without gaps, and its counter stands at n + 1;
 * - every stock level equals the starting stock minus the quantities the driver sold there, and
 *   equals the sum of its stock movements;
 * - every sale's tenders add up to the amount due and its lines to its total.
 */
export async function checkBooks(db: RowReader, layout: Layout, ledger: Ledger): Promise<BooksResult> {
  const problems: string[] = [];
  const problem = (message: string, examples: string[] = []) =>
    problems.push(examples.length ? `${message} (e.g. ${examples.slice(0, 3).join('; ')})` : message);
  const c = [COMPANY_ID];

  const sales = (
    await db.query<{ id: string; register_id: string; receipt_seq: string | number; receipt_number: string }>(
      'SELECT id::text, register_id::text, receipt_seq, receipt_number FROM sales WHERE company_id = $1',
      c,
    )
  ).rows;
  const inDb = new Map(sales.map((s) => [s.id, s]));
  if (inDb.size !== sales.length) problem(`${sales.length - inDb.size} sale ids appear twice`);
  const receiptNumbers = new Set(sales.map((s) => s.receipt_number));
  if (receiptNumbers.size !== sales.length)
    problem(`${sales.length - receiptNumbers.size} receipt numbers appear twice`);
  if (sales.length !== ledger.acknowledged.size)
    problem(`${sales.length} sales in the database, ${ledger.acknowledged.size} acknowledged`);
  const missing = [...ledger.acknowledged.keys()].filter((id) => !inDb.has(id));
  if (missing.length) problem(`${missing.length} acknowledged sales are missing`, missing);
  const unexpected = sales.filter((s) => !ledger.acknowledged.has(s.id)).map((s) => s.id);
  if (unexpected.length) problem(`${unexpected.length} sales were stored but never acknowledged`, unexpected);
  const renumbered = [...ledger.acknowledged].filter(
    ([id, sale]) => inDb.has(id) && inDb.get(id)!.receipt_number !== sale.receiptNumber,
  );
  if (renumbered.length)
    problem(
      `${renumbered.length} sales carry another receipt number than acknowledged`,
      renumbered.map(([id]) => id),
    );
  if (ledger.duplicateAcks) problem(`${ledger.duplicateAcks} sale ids were acknowledged twice`);

  const seqs = new Map<string, number[]>();
  for (const s of sales) {
    const list = seqs.get(s.register_id) ?? [];
    list.push(Number(s.receipt_seq));
    seqs.set(s.register_id, list);
  }
  const counters = new Map(
    (
      await db.query<{ id: string; next_receipt_seq: string | number }>(
        'SELECT id::text, next_receipt_seq FROM registers WHERE company_id = $1',
        c,
      )
    ).rows.map((r) => [r.id, Number(r.next_receipt_seq)]),
  );
  const gaps: string[] = [];
  for (const [register, numbers] of seqs) {
    numbers.sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1))
      gaps.push(`register ${numberOf(register)}: not 1..${numbers.length}`);
    if (counters.get(register) !== numbers.length + 1)
      gaps.push(
        `register ${numberOf(register)}: counter ${counters.get(register)} after ${numbers.length} sales`,
      );
  }
  for (const [register, next] of counters)
    if (!seqs.has(register) && next !== 1)
      gaps.push(`register ${numberOf(register)}: counter ${next}, no sales`);
  if (gaps.length) problem(`${gaps.length} registers are not numbered gap-free`, gaps);

  const levels = (
    await db.query<{ store_id: string; product_id: string; on_hand: string }>(
      'SELECT store_id::text, product_id::text, on_hand::text FROM stock_levels WHERE company_id = $1',
      c,
    )
  ).rows;
  const wrongStock: string[] = [];
  let unitsSold = 0;
  for (const level of levels) {
    const sold = ledger.sold.get(`${numberOf(level.store_id)}:${numberOf(level.product_id)}`) ?? 0;
    unitsSold += sold;
    const expected = layout.startingStock - sold;
    if (Number(level.on_hand) !== expected)
      wrongStock.push(
        `store ${numberOf(level.store_id)} product ${numberOf(level.product_id)}: ${level.on_hand}, expected ${expected}`,
      );
  }
  const expectedRows = layout.stores * layout.products;
  if (levels.length !== expectedRows) problem(`${levels.length} stock levels, expected ${expectedRows}`);
  if (wrongStock.length) problem(`${wrongStock.length} stock levels are wrong`, wrongStock);
  const soldTotal = [...ledger.sold.values()].reduce((a, b) => a + b, 0);
  if (soldTotal !== unitsSold)
    problem(`${soldTotal - unitsSold} units were sold in unknown stores or products`);

  const offLedger = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM stock_levels l
       LEFT JOIN (SELECT store_id, product_id, sum(quantity) AS q FROM stock_movements
                  WHERE company_id = $1 GROUP BY store_id, product_id) m
         ON m.store_id = l.store_id AND m.product_id = l.product_id
     WHERE l.company_id = $1 AND l.on_hand <> coalesce(m.q, 0)`,
    c,
  );
  const offLedgerCount = Number(offLedger.rows[0]?.n ?? 0);
  if (offLedgerCount) problem(`${offLedgerCount} stock levels differ from the sum of their movements`);

  // cash_rounding arrives with a newer migration; read it schema-agnostically.
  const unbalanced = await db.query<{ tenders: string | number; lines: string | number }>(
    `SELECT count(*) FILTER (WHERE coalesce(t.applied, 0) <> s.total + coalesce((to_jsonb(s) ->> 'cash_rounding')::bigint, 0)) AS tenders,
            count(*) FILTER (WHERE coalesce(l.total, 0) <> s.total) AS lines
       FROM sales s
       LEFT JOIN (SELECT sale_id, sum(amount) AS applied FROM tenders WHERE company_id = $1 GROUP BY sale_id) t
         ON t.sale_id = s.id
       LEFT JOIN (SELECT sale_id, sum(total) AS total FROM sale_lines WHERE company_id = $1 GROUP BY sale_id) l
         ON l.sale_id = s.id
      WHERE s.company_id = $1`,
    c,
  );
  const tenderOff = Number(unbalanced.rows[0]?.tenders ?? 0);
  const linesOff = Number(unbalanced.rows[0]?.lines ?? 0);
  if (tenderOff) problem(`${tenderOff} sales whose tenders do not add up to the amount due`);
  if (linesOff) problem(`${linesOff} sales whose lines do not add up to the total`);

  return {
    ok: problems.length === 0,
    problems,
    salesInDatabase: sales.length,
    acknowledged: ledger.acknowledged.size,
    registersWithSales: seqs.size,
    stockRowsChecked: levels.length,
    stockRowsTouched: ledger.sold.size,
    unitsSold: soldTotal,
  };
}
