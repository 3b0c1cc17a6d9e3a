/**
 * The bench company's shape and its deterministic ids. Ids are valid UUIDv7 strings whose last 12
 * hex digits are a 1-based number, so the pgbench script can name the same rows with
 * `lpad(to_hex(n), 12, '0')` and the load driver can pick rows without reading the catalogue.
 */

/** Kinds of seeded rows; the digit after the UUID version nibble. */
export const KIND = {
  company: 0,
  store: 1,
  register: 2,
  user: 3,
  product: 4,
  category: 5,
  taxRate: 6,
  taxCategory: 7,
  movement: 8,
  shift: 9,
} as const;

export type Kind = keyof typeof KIND;

const PREFIX = '01900000-0000-7';

/** The id of the `n`-th (1-based) seeded row of a kind, e.g. benchId('product', 1). */
export function benchId(kind: Kind, n: number): string {
  return `${PREFIX}${KIND[kind]}00-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The same id computed in SQL from an integer expression. */
export function benchIdSql(kind: Kind, expr: string): string {
  return `('${PREFIX}${KIND[kind]}00-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
}

export const COMPANY_ID = benchId('company', 1);
export const CASHIER_PASSWORD = 'bench-cashier-password';

/** How many of everything. Registers are numbered store by store: store s has (s-1)*perStore+1 .. s*perStore. */
export type Layout = {
  stores: number;
  registersPerStore: number;
  products: number;
  startingStock: number;
};

export const registerCount = (layout: Layout): number => layout.stores * layout.registersPerStore;

/** The register (1-based number) of store `store` (1-based), k-th (1-based) in that store. */
export const registerNo = (layout: Layout, store: number, k: number): number =>
  (store - 1) * layout.registersPerStore + k;

export const storeOfRegister = (layout: Layout, register: number): number =>
  Math.floor((register - 1) / layout.registersPerStore) + 1;

export const cashierEmail = (register: number): string => `cashier${register}@bench.kassa.dev`;

/** Shelf price of product n in cents: $1.99 to $49.98, spread by a prime stride. */
export const priceOf = (n: number): number => 199 + ((n * 7919) % 4800);
export const PRICE_SQL = (n: string): string => `199 + ((${n}::bigint * 7919) % 4800)`;

/**
 * Register of the i-th (0-based) simulated terminal. Uniform load spreads terminals over the
 * stores round-robin; the hot-SKU variant puts every terminal in store 1. The pgbench script
 * computes the same mapping from its `client_id`.
 */
export function registerOfClient(layout: Layout, client: number, hot: boolean): number {
  if (hot) return registerNo(layout, 1, client + 1);
  return registerNo(layout, (client % layout.stores) + 1, Math.floor(client / layout.stores) + 1);
}

/** The number of the hot product of the hot-SKU variant. */
export const HOT_PRODUCT = 1;
