/**
 * Set-based seed of a year of sales for the reports benchmark (issue 7): every statement is one
 * INSERT ... SELECT over generate_series, run as the database owner, chunk by chunk.
 *
 * Shape: 5 stores in America/Chicago with 2 registers each, 2,000 products in 20 categories with a
 * cost, one 7 % exclusive sales tax; the n sales are spread evenly over the 365 days before today,
 * 08:00 to 21:00 local time, in the order they are numbered (as registers append them), sale i in
 * store (i mod 5) + 1, with two lines (1 x product
 * (7i mod 2000) + 1 and 2 x product (13i mod 2000) + 1) and one tender (cash every third sale, else
 * card). Every 100th sale has its first line refunded the next day; every 500th (offset 250) is
 * voided ten minutes after. Amounts obey the same rules as real documents (total = net + tax,
 * tax summaries equal to the lines).
 */
export type SqlClient = {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
};

export const BENCH_COMPANY = 'be7c0000-0000-7000-8000-000000000001';
export const OWNER_EMAIL = 'owner@reports.bench';
export const OWNER_PASSWORD = 'reports-bench-owner';
export const STORES = 5;
export const REGISTERS_PER_STORE = 2;
export const PRODUCTS = 2000;
export const TAX_ID = 'be7c0007-0000-7000-8000-000000000001';

/** A deterministic id of kind `k` (a hex digit) and integer SQL expression `n`. */
export const idSql = (k: string, n: string) =>
  `('be7c000${k}-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

const C = `'${BENCH_COMPANY}'::uuid`;
/** Price (minor units) of product p, as an SQL expression: 1.00 to 49.99. */
const price = (p: string) => `(100 + ((${p}) * 37) % 4900)`;
/** 7 % tax of a net amount, half-up in minor units. */
const tax = (net: string) => `(((${net}) * 7 + 50) / 100)`;
const p1 = (i: string) => `((${i} * 7) % ${PRODUCTS} + 1)`;
const p2 = (i: string) => `((${i} * 13) % ${PRODUCTS} + 1)`;
const store = (i: string) => `(${i} % ${STORES} + 1)`;
const register = (i: string) =>
  `((${store(i)} - 1) * ${REGISTERS_PER_STORE} + (${i} / ${STORES}) % ${REGISTERS_PER_STORE} + 1)`;
/** Sales are appended in time order, as registers write them: sale i of n at (i - 1) / n of the year. */
const createdAt = (i: string, n: number) =>
  `(((current_date - 365 + ((${i} - 1) * 365 / ${n})::int)::timestamp + interval '8 hours'
     + make_interval(secs => ((${i} - 1) * 365 % ${n}) * 46800.0 / ${n})) at time zone 'America/Chicago')`;

/** The company, stores, registers, users, shifts, tax and catalog. */
export function catalogStatements(ownerHash: string): string[] {
  const regs = STORES * REGISTERS_PER_STORE;
  return [
    `INSERT INTO companies (id, name, currency) VALUES (${C}, 'Reports Bench Co.', 'USD')`,
    `INSERT INTO stores (company_id, id, code, name, address_line1, city, region, postal_code, country, time_zone)
       SELECT ${C}, ${idSql('1', 's')}, 'S' || s, 'Bench store ' || s, s || ' Main St', 'Des Moines', 'IA', '50309', 'US', 'America/Chicago'
       FROM generate_series(1, ${STORES}) s`,
    `INSERT INTO registers (company_id, id, store_id, code, name)
       SELECT ${C}, ${idSql('2', 'r')}, ${idSql('1', `(r - 1) / ${REGISTERS_PER_STORE} + 1`)}, 'R' || ((r - 1) % ${REGISTERS_PER_STORE} + 1), 'Register ' || r
       FROM generate_series(1, ${regs}) r`,
    `INSERT INTO users (company_id, id, email, name, role, password_hash)
       VALUES (${C}, ${idSql('3', '0')}, '${OWNER_EMAIL}', 'Bench Owner', 'owner', '${ownerHash}')`,
    `INSERT INTO users (company_id, id, email, name, role, password_hash)
       SELECT ${C}, ${idSql('3', 'r')}, 'cashier' || r || '@reports.bench', 'Cashier ' || r, 'cashier', '${ownerHash}'
       FROM generate_series(1, ${regs}) r`,
    `INSERT INTO login_emails (email, company_id, user_id) SELECT email, company_id, id FROM users WHERE company_id = ${C}`,
    `INSERT INTO shifts (company_id, id, store_id, register_id, opened_by, opening_float, opened_at)
       SELECT ${C}, ${idSql('4', 'r')}, ${idSql('1', `(r - 1) / ${REGISTERS_PER_STORE} + 1`)}, ${idSql('2', 'r')}, ${idSql('3', 'r')}, 0, now() - interval '400 days'
       FROM generate_series(1, ${regs}) r`,
    `INSERT INTO tax_rates (company_id, id, name, rate, inclusive) VALUES (${C}, '${TAX_ID}', 'Sales tax', 7, false)`,
    `INSERT INTO categories (company_id, id, name, color, position)
       SELECT ${C}, ${idSql('5', 'c')}, 'Category ' || c, '#1c7ed6', c FROM generate_series(1, 20) c`,
    `INSERT INTO products (company_id, id, sku, name, price, cost, category_id)
       SELECT ${C}, ${idSql('6', 'p')}, 'SKU' || p, 'Product ' || p, ${price('p')}, ${price('p')} * 6 / 10, ${idSql('5', 'p % 20 + 1')}
       FROM generate_series(1, ${PRODUCTS}) p`,
  ];
}

const taxLine = (net: string, withInclusive: boolean) =>
  `jsonb_build_object('taxId', '${TAX_ID}', 'name', 'Sales tax', 'rate', '7',${withInclusive ? ` 'inclusive', false,` : ''} 'base', ${net}, 'amount', ${tax(net)})`;

/** Sales `from`..`to` (inclusive) with their lines and tenders, and their refunds and voids. */
export function saleStatements(from: number, to: number, n: number): string[] {
  const series = `generate_series(${from}::bigint, ${to}::bigint) i`;
  const n1 = price(p1('i'));
  const n2 = `(${price(p2('i'))} * 2)`;
  const total = `(${n1} + ${tax(n1)} + ${n2} + ${tax(n2)})`;
  const taxTotal = `(${tax(n1)} + ${tax(n2)})`;
  const summary = `jsonb_build_array(jsonb_build_object('taxId', '${TAX_ID}', 'name', 'Sales tax', 'rate', '7', 'base', ${n1} + ${n2}, 'amount', ${taxTotal}))`;
  const refunded = `${series} WHERE i % 100 = 0`;
  const voided = `${series} WHERE i % 500 = 250`;
  return [
    `INSERT INTO sales (company_id, id, store_id, register_id, shift_id, cashier_id, receipt_seq, receipt_number,
        currency, subtotal, discount_total, tax_total, total, cash_rounding, tendered, change_due, tax_summary, created_at)
       SELECT ${C}, ${idSql('a', 'i')}, ${idSql('1', store('i'))}, ${idSql('2', register('i'))}, ${idSql('4', register('i'))},
         ${idSql('3', register('i'))}, i, 'S' || ${store('i')} || '-R' || ((i / ${STORES}) % ${REGISTERS_PER_STORE} + 1) || '-' || lpad(i::text, 9, '0'),
         'USD', ${n1} + ${n2}, 0, ${taxTotal}, ${total}, 0, ${total}, 0, ${summary}, ${createdAt('i', n)}
       FROM ${series}`,
    `INSERT INTO sale_lines (company_id, sale_id, line_no, id, product_id, sku, name, quantity, unit_price,
        gross, discount, net, tax, total, age_restricted, taxes)
       SELECT ${C}, ${idSql('a', 'i')}, 1, ${idSql('b', 'i')}, ${idSql('6', p1('i'))}, 'SKU' || ${p1('i')}, 'Product ' || ${p1('i')}, 1,
         ${n1}, ${n1}, 0, ${n1}, ${tax(n1)}, ${n1} + ${tax(n1)}, false, jsonb_build_array(${taxLine(n1, true)})
       FROM ${series}
       UNION ALL
       SELECT ${C}, ${idSql('a', 'i')}, 2, ${idSql('c', 'i')}, ${idSql('6', p2('i'))}, 'SKU' || ${p2('i')}, 'Product ' || ${p2('i')}, 2,
         ${price(p2('i'))}, ${n2}, 0, ${n2}, ${tax(n2)}, ${n2} + ${tax(n2)}, false, jsonb_build_array(${taxLine(n2, true)})
       FROM ${series}`,
    `INSERT INTO tenders (company_id, id, sale_id, position, method, amount, tendered, created_at)
       SELECT ${C}, ${idSql('d', 'i')}, ${idSql('a', 'i')}, 1, CASE WHEN i % 3 = 0 THEN 'cash' ELSE 'card' END, ${total}, ${total}, ${createdAt('i', n)}
       FROM ${series}`,
    `INSERT INTO refunds (company_id, id, kind, sale_id, store_id, register_id, shift_id, cashier_id, refund_seq, refund_number,
        currency, discount_total, net_total, tax_total, total, reason, created_at)
       SELECT ${C}, ${idSql('e', 'i')}, 'refund', ${idSql('a', 'i')}, ${idSql('1', store('i'))}, ${idSql('2', register('i'))},
         ${idSql('4', register('i'))}, ${idSql('3', register('i'))}, i, 'RF' || lpad(i::text, 9, '0'),
         'USD', 0, ${n1}, ${tax(n1)}, ${n1} + ${tax(n1)}, 'Bench refund', ${createdAt('i', n)} + interval '1 day'
       FROM ${refunded}`,
    `INSERT INTO refund_lines (company_id, refund_id, line_no, sale_id, sale_line_no, product_id, sku, name, quantity,
        unit_price, gross, discount, net, tax, total, taxes, restock)
       SELECT ${C}, ${idSql('e', 'i')}, 1, ${idSql('a', 'i')}, 1, ${idSql('6', p1('i'))}, 'SKU' || ${p1('i')}, 'Product ' || ${p1('i')}, 1,
         ${n1}, ${n1}, 0, ${n1}, ${tax(n1)}, ${n1} + ${tax(n1)}, jsonb_build_array(${taxLine(n1, true)}), true
       FROM ${refunded}`,
    `INSERT INTO refunds (company_id, id, kind, sale_id, store_id, register_id, shift_id, cashier_id, refund_seq, refund_number,
        currency, discount_total, net_total, tax_total, total, reason, created_at)
       SELECT ${C}, ${idSql('f', 'i')}, 'void', ${idSql('a', 'i')}, ${idSql('1', store('i'))}, ${idSql('2', register('i'))},
         ${idSql('4', register('i'))}, ${idSql('3', register('i'))}, 1000000000 + i, 'VD' || lpad(i::text, 9, '0'),
         'USD', 0, ${n1} + ${n2}, ${taxTotal}, ${total}, 'Bench void', ${createdAt('i', n)} + interval '10 minutes'
       FROM ${voided}`,
  ];
}
