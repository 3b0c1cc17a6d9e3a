import { hashSecret } from '../../apps/server/src/modules/auth/passwords.ts';
import {
  CASHIER_PASSWORD,
  COMPANY_ID,
  PRICE_SQL,
  benchIdSql,
  cashierEmail,
  benchId,
  registerCount,
  type Layout,
} from './layout.ts';

/** The part of a pg Client or a PGlite instance the seed needs. */
export type SqlRunner = { query(text: string): Promise<unknown> };

const CATEGORIES = 20;

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** argon2id hashes of the cashiers' password, one salt each, made like the server makes them. */
async function cashierHashes(count: number): Promise<string[]> {
  const hashes: string[] = [];
  // Two at a time: argon2 takes 19 MiB and about 30 ms of one core per hash.
  for (let i = 0; i < count; i += 2) {
    const batch = Math.min(2, count - i);
    hashes.push(...(await Promise.all(Array.from({ length: batch }, () => hashSecret(CASHIER_PASSWORD)))));
  }
  return hashes;
}

/**
 * Seeds the bench company as the database owner (row-level security does not apply), in one
 * transaction: stores, registers (one cashier login each), the Iowa 6 % state + 1 % local
 * exclusive tax category, categories, products with SKU and price, and a stock level of
 * `startingStock` for every product in every store with its `opening` stock movement.
 * Returns the seconds it took.
 */
export async function seedBenchCompany(db: SqlRunner, layout: Layout): Promise<number> {
  const started = performance.now();
  const c = literal(COMPANY_ID);
  const registers = registerCount(layout);
  const hashes = await cashierHashes(registers);
  const p = layout.products;
  const statements = [
    'BEGIN',
    `INSERT INTO companies (id, name, currency, tax_rounding, rounding_mode)
       VALUES (${c}, 'Bench Liquor Co.', 'USD', 'per_line', 'half_up')`,
    `INSERT INTO stores (company_id, id, code, name, address_line1, city, region, postal_code, country, time_zone, receipt_footer)
       SELECT ${c}, ${benchIdSql('store', 's')}, 'S' || s, 'Bench store ' || s, s || ' Grand Avenue',
              'Des Moines', 'IA', '50309', 'US', 'America/Chicago', 'Thank you for shopping with us!'
       FROM generate_series(1, ${layout.stores}) s`,
    `INSERT INTO registers (company_id, id, store_id, code, name)
       SELECT ${c}, ${benchIdSql('register', `(s - 1) * ${layout.registersPerStore} + k`)}, ${benchIdSql('store', 's')},
              'R' || k, 'Register ' || k
       FROM generate_series(1, ${layout.stores}) s, generate_series(1, ${layout.registersPerStore}) k`,
    `INSERT INTO users (company_id, id, email, name, role, password_hash) VALUES ${hashes
      .map(
        (hash, i) =>
          `(${c}, ${literal(benchId('user', i + 1))}, ${literal(cashierEmail(i + 1))}, ${literal(`Bench Cashier ${i + 1}`)}, 'cashier', ${literal(hash)})`,
      )
      .join(', ')}`,
    `INSERT INTO login_emails (email, company_id, user_id)
       SELECT email, company_id, id FROM users WHERE company_id = ${c}`,
    // A sale needs an open shift on its register: one per register, opened by its cashier. Only
    // when the schema has shifts, so older checkouts (BENCH_SERVER_ROOT) still seed.
    `DO $$ BEGIN
       IF to_regclass('public.shifts') IS NOT NULL THEN
         INSERT INTO shifts (company_id, id, store_id, register_id, opened_by, opening_float)
           SELECT ${c}, ${benchIdSql('shift', 'r')}, ${benchIdSql('store', `(r - 1) / ${layout.registersPerStore} + 1`)},
                  ${benchIdSql('register', 'r')}, ${benchIdSql('user', 'r')}, 0
           FROM generate_series(1, ${registers}) r;
       END IF;
     END $$`,
    `INSERT INTO tax_rates (company_id, id, name, rate, inclusive, compound) VALUES
       (${c}, ${literal(benchId('taxRate', 1))}, 'Iowa state sales tax', 6, false, false),
       (${c}, ${literal(benchId('taxRate', 2))}, 'Local option sales tax', 1, false, false)`,
    `INSERT INTO tax_categories (company_id, id, name) VALUES (${c}, ${literal(benchId('taxCategory', 1))}, 'Iowa general sales')`,
    `INSERT INTO tax_category_rates (company_id, tax_category_id, tax_rate_id, position) VALUES
       (${c}, ${literal(benchId('taxCategory', 1))}, ${literal(benchId('taxRate', 1))}, 0),
       (${c}, ${literal(benchId('taxCategory', 1))}, ${literal(benchId('taxRate', 2))}, 1)`,
    `INSERT INTO categories (company_id, id, name, color, position)
       SELECT ${c}, ${benchIdSql('category', 'n')}, 'Category ' || n, '#1c7ed6', n
       FROM generate_series(1, ${CATEGORIES}) n`,
    `INSERT INTO products (company_id, id, sku, name, category_id, vendor, price, cost, unit, pack_size, volume_ml,
                           tax_category_id, age_restricted, active)
       SELECT ${c}, ${benchIdSql('product', 'n')}, 'B' || lpad(n::text, 6, '0'), 'Bench spirit ' || n || ' 750ml',
              ${benchIdSql('category', `1 + n % ${CATEGORIES}`)}, 'Bench Distillers', ${PRICE_SQL('n')},
              (${PRICE_SQL('n')}) * 7 / 10, 'each', 12, 750, ${literal(benchId('taxCategory', 1))}, true, true
       FROM generate_series(1, ${p}) n`,
    `INSERT INTO stock_levels (company_id, store_id, product_id, on_hand)
       SELECT ${c}, ${benchIdSql('store', 's')}, ${benchIdSql('product', 'n')}, ${layout.startingStock}
       FROM generate_series(1, ${layout.stores}) s, generate_series(1, ${p}) n`,
    `INSERT INTO stock_movements (company_id, id, store_id, product_id, quantity, reason)
       SELECT ${c}, ${benchIdSql('movement', `(s - 1) * ${p} + n`)}, ${benchIdSql('store', 's')},
              ${benchIdSql('product', 'n')}, ${layout.startingStock}, 'opening'
       FROM generate_series(1, ${layout.stores}) s, generate_series(1, ${p}) n`,
    'COMMIT',
    // Statistics for the seeded tables only: the document tables a sale writes stay never-analysed,
    // as on a freshly migrated database (run.ts analyses everything after the warm-up, as
    // autovacuum would). An ANALYZE of them while empty would record 0 rows, and plans made from
    // that scan the whole table in every foreign-key check of a sale line.
    `ANALYZE companies, stores, registers, users, login_emails, tax_rates, tax_categories,
       tax_category_rates, categories, products, stock_levels, stock_movements`,
    `DO $$ BEGIN
       IF to_regclass('public.shifts') IS NOT NULL THEN ANALYZE shifts; END IF;
     END $$`,
  ];
  for (const statement of statements) await db.query(statement);
  return (performance.now() - started) / 1000;
}
