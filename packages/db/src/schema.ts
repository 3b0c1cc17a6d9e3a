/**
 * Kassa's relational schema (Drizzle). Rules that hold for every table below:
 * - Tenant tables carry `company_id` as the first column of the primary key and of every unique
 *   index (it is also the distribution column when a deployment shards with Citus), and are
 *   guarded by row-level security on `app.company_id` (see migrations/0001_rls.sql).
 * - Money is `bigint` integer minor units of the company's currency; rates and quantities are
 *   `numeric`, never binary floats.
 * - Documents (sales, lines, tenders, stock movements) are written once and never updated.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A tenant. Not tenant-keyed itself: its RLS policy compares `id` with `app.company_id`. */
export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** ISO 4217 code. */
    currency: char('currency', { length: 3 }).notNull(),
    taxRounding: text('tax_rounding', { enum: ['per_line', 'global'] })
      .notNull()
      .default('per_line'),
    roundingMode: text('rounding_mode', { enum: ['half_up', 'half_even'] })
      .notNull()
      .default('half_up'),
    /** Maximum line discount per role, percent as decimal strings, e.g. {"cashier":"10"}. */
    maxDiscountPercent: jsonb('max_discount_percent').$type<Record<string, string>>().notNull().default({}),
    /**
     * Cash rounding of the part of a payment made in cash: the increment in minor units (5 = 0.05),
     * null when cash is not rounded. The mode is kept while rounding is off.
     */
    cashRoundingIncrement: integer('cash_rounding_increment'),
    cashRoundingMode: text('cash_rounding_mode', { enum: ['half_up', 'up', 'down'] })
      .notNull()
      .default('half_up'),
    createdAt: createdAt(),
  },
  (t) => [
    check('companies_tax_rounding', sql`${t.taxRounding} IN ('per_line', 'global')`),
    check('companies_rounding_mode', sql`${t.roundingMode} IN ('half_up', 'half_even')`),
    check('companies_cash_rounding_increment_pos', sql`${t.cashRoundingIncrement} > 0`),
    check('companies_cash_rounding_mode', sql`${t.cashRoundingMode} IN ('half_up', 'up', 'down')`),
  ],
);

export const stores = pgTable(
  'stores',
  {
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    id: uuid('id').notNull(),
    /** Short code used in receipt numbers, e.g. "S1". */
    code: text('code').notNull(),
    name: text('name').notNull(),
    addressLine1: text('address_line1').notNull().default(''),
    city: text('city').notNull(),
    region: text('region').notNull(),
    postalCode: text('postal_code').notNull(),
    country: char('country', { length: 2 }).notNull(),
    /** IANA time zone used for receipts and day boundaries. */
    timeZone: text('time_zone').notNull(),
    receiptFooter: text('receipt_footer').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.id] }), unique('stores_code_uq').on(t.companyId, t.code)],
);

export const registers = pgTable(
  'registers',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    /** Short code used in receipt numbers, e.g. "R2". */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The register's own gap-free receipt sequence: the number the next sale takes. */
    nextReceiptSeq: bigint('next_receipt_seq', { mode: 'number' }).notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('registers_code_uq').on(t.companyId, t.storeId, t.code),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
  ],
);

export const users = pgTable(
  'users',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'manager', 'cashier'] }).notNull(),
    /** argon2id (PHC string). */
    passwordHash: text('password_hash').notNull(),
    /** argon2id of the 4-6 digit PIN, null when the user has none. */
    pinHash: text('pin_hash'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('users_email_uq').on(t.companyId, t.email),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * Platform-wide login directory: an e-mail address names exactly one user of one company. Not a
 * tenant table (login happens before the company is known), so it holds no more than the mapping.
 */
export const loginEmails = pgTable('login_emails', {
  email: text('email').primaryKey(),
  companyId: uuid('company_id').notNull(),
  userId: uuid('user_id').notNull(),
});

/** Rotating refresh tokens, in families: reuse of a rotated token revokes its family. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    familyId: uuid('family_id').notNull(),
    /** SHA-256 of the secret part of the token, hex. */
    secretHash: text('secret_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

export const categories = pgTable(
  'categories',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Colour of the terminal's grid tile, CSS hex. */
    color: text('color').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('categories_name_uq').on(t.companyId, t.name),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

export const taxRates = pgTable(
  'tax_rates',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Percent, exact: 6.0000 means 6 %. */
    rate: numeric('rate', { precision: 9, scale: 4 }).notNull(),
    inclusive: boolean('inclusive').notNull().default(false),
    compound: boolean('compound').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    check('tax_rates_rate_range', sql`${t.rate} >= 0 AND ${t.rate} <= 100`),
    check('tax_rates_inclusive_not_compound', sql`NOT (${t.inclusive} AND ${t.compound})`),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/** A named set of tax rates a product points at ("Liquor", "Food", "Exempt"). */
export const taxCategories = pgTable(
  'tax_categories',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

export const taxCategoryRates = pgTable(
  'tax_category_rates',
  {
    companyId: uuid('company_id').notNull(),
    taxCategoryId: uuid('tax_category_id').notNull(),
    taxRateId: uuid('tax_rate_id').notNull(),
    /** Order of application (matters for compound taxes). */
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.taxCategoryId, t.taxRateId] }),
    foreignKey({
      columns: [t.companyId, t.taxCategoryId],
      foreignColumns: [taxCategories.companyId, taxCategories.id],
    }),
    foreignKey({ columns: [t.companyId, t.taxRateId], foreignColumns: [taxRates.companyId, taxRates.id] }),
  ],
);

export const products = pgTable(
  'products',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    categoryId: uuid('category_id'),
    vendor: text('vendor'),
    price: money('price').notNull(),
    cost: money('cost'),
    unit: text('unit', { enum: ['each', 'kg', 'l'] })
      .notNull()
      .default('each'),
    packSize: integer('pack_size'),
    volumeMl: integer('volume_ml'),
    taxCategoryId: uuid('tax_category_id'),
    ageRestricted: boolean('age_restricted').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('products_sku_uq').on(t.companyId, t.sku),
    index('products_name_idx').on(t.companyId, t.name),
    check('products_price_nonneg', sql`${t.price} >= 0`),
    check('products_cost_nonneg', sql`${t.cost} >= 0`),
    foreignKey({
      columns: [t.companyId, t.categoryId],
      foreignColumns: [categories.companyId, categories.id],
    }),
    foreignKey({
      columns: [t.companyId, t.taxCategoryId],
      foreignColumns: [taxCategories.companyId, taxCategories.id],
    }),
  ],
);

/** GTIN barcodes; a product may have several, a barcode names one product per company. */
export const productBarcodes = pgTable(
  'product_barcodes',
  {
    companyId: uuid('company_id').notNull(),
    barcode: text('barcode').notNull(),
    productId: uuid('product_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.barcode] }),
    index('product_barcodes_product_idx').on(t.companyId, t.productId),
    foreignKey({ columns: [t.companyId, t.productId], foreignColumns: [products.companyId, products.id] }),
  ],
);

/** Current stock per store and product, updated in the same transaction as its movements. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    companyId: uuid('company_id').notNull(),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    onHand: numeric('on_hand', { precision: 14, scale: 3 }).notNull().default('0'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.storeId, t.productId] }),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
    foreignKey({ columns: [t.companyId, t.productId], foreignColumns: [products.companyId, products.id] }),
  ],
);

/** The stock ledger: every change of a stock level is a signed movement with its reason. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    /** Signed: negative takes stock out. */
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    reason: text('reason', { enum: ['opening', 'sale', 'adjustment'] }).notNull(),
    saleId: uuid('sale_id'),
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('stock_movements_product_idx').on(t.companyId, t.storeId, t.productId),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
  ],
);

/** A completed sale. Totals are derived from its lines by packages/domain and stored as rung up. */
export const sales = pgTable(
  'sales',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7: posting the same id twice returns this row. */
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    cashierId: uuid('cashier_id').notNull(),
    receiptSeq: bigint('receipt_seq', { mode: 'number' }).notNull(),
    /** e.g. "S1-R2-000123": store code, register code, register sequence. */
    receiptNumber: text('receipt_number').notNull(),
    status: text('status', { enum: ['completed'] })
      .notNull()
      .default('completed'),
    currency: char('currency', { length: 3 }).notNull(),
    subtotal: money('subtotal').notNull(),
    discountTotal: money('discount_total').notNull(),
    taxTotal: money('tax_total').notNull(),
    /** What the customer owed before cash rounding: lines' totals (net + exclusive taxes). */
    total: money('total').notNull(),
    /** Signed cash rounding adjustment; the amount due is `total + cash_rounding`. */
    cashRounding: money('cash_rounding').notNull().default(0),
    tendered: money('tendered').notNull(),
    changeDue: money('change_due').notNull(),
    /** Tax summary as printed: [{taxId, name, rate, base, amount}]. */
    taxSummary: jsonb('tax_summary').notNull(),
    clientCreatedAt: timestamp('client_created_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('sales_receipt_seq_uq').on(t.companyId, t.registerId, t.receiptSeq),
    index('sales_created_idx').on(t.companyId, t.createdAt),
    index('sales_store_idx').on(t.companyId, t.storeId, t.createdAt),
    check(
      'sales_amounts_nonneg',
      sql`${t.subtotal} >= 0 AND ${t.discountTotal} >= 0 AND ${t.taxTotal} >= 0 AND ${t.total} >= 0 AND ${t.tendered} >= 0 AND ${t.changeDue} >= 0`,
    ),
    check('sales_amount_due_nonneg', sql`${t.total} + ${t.cashRounding} >= 0`),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.cashierId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/** A sale line: a snapshot of the product (name, SKU, price, taxes) at the moment of sale. */
export const saleLines = pgTable(
  'sale_lines',
  {
    companyId: uuid('company_id').notNull(),
    saleId: uuid('sale_id').notNull(),
    lineNo: integer('line_no').notNull(),
    id: uuid('id').notNull(),
    productId: uuid('product_id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitPrice: money('unit_price').notNull(),
    discountPercent: numeric('discount_percent', { precision: 7, scale: 4 }).notNull().default('0'),
    gross: money('gross').notNull(),
    discount: money('discount').notNull(),
    net: money('net').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    ageRestricted: boolean('age_restricted').notNull(),
    /** [{taxId, name, rate, inclusive, base, amount}] as applied. */
    taxes: jsonb('taxes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.saleId, t.lineNo] }),
    check('sale_lines_qty_pos', sql`${t.quantity} > 0`),
    check(
      'sale_lines_amounts_nonneg',
      sql`${t.unitPrice} >= 0 AND ${t.discount} >= 0 AND ${t.net} >= 0 AND ${t.tax} >= 0`,
    ),
    foreignKey({ columns: [t.companyId, t.saleId], foreignColumns: [sales.companyId, sales.id] }),
  ],
);

/** A payment applied to a sale. Cash: `tendered` handed over, `amount` applied (tendered - change). */
export const tenders = pgTable(
  'tenders',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    saleId: uuid('sale_id').notNull(),
    position: integer('position').notNull(),
    method: text('method', { enum: ['cash', 'card'] }).notNull(),
    amount: money('amount').notNull(),
    tendered: money('tendered').notNull(),
    reference: text('reference'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('tenders_sale_idx').on(t.companyId, t.saleId),
    check('tenders_amounts', sql`${t.amount} >= 0 AND ${t.tendered} >= ${t.amount}`),
    foreignKey({ columns: [t.companyId, t.saleId], foreignColumns: [sales.companyId, sales.id] }),
  ],
);
