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
  uniqueIndex,
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
    /**
     * Notes and coins a drawer is counted in at a shift close, per currency:
     * {"USD": [{"value": 2000, "kind": "bill", "label": "$20"}, ...]}; null: packages/domain defaults.
     */
    cashDenominations:
      jsonb('cash_denominations').$type<
        Record<string, { value: number; kind: 'bill' | 'coin'; label: string }[]>
      >(),
    /** Owners and managers must sign in with a TOTP code (two-factor) when true. */
    requireTotpForManagers: boolean('require_totp_for_managers').notNull().default(false),
    /**
     * Tax category a new product gets when it is created without taxes (the "default taxes"
     * setting); null: such a product is tax-exempt.
     */
    defaultTaxCategoryId: uuid('default_tax_category_id'),
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
    /** Lines printed under the store name on every receipt (slogan, phone, opening hours). */
    receiptHeader: text('receipt_header').notNull().default(''),
    /** The store's tax registration number (VAT id, EIN, sales tax permit), printed on receipts. */
    taxId: text('tax_id').notNull().default(''),
    /**
     * Minimum age (completed years, in the store's time zone) to buy age-restricted products: 21 in
     * the US, 18 or 19 elsewhere. Null: the store checks no ages (restricted lines need no check).
     */
    minimumAge: integer('minimum_age'),
    /** A visual check ("customer clearly over N") is allowed for customers over N; null = never. */
    ageCheckVisualOver: integer('age_check_visual_over'),
    /** Keep the customer's birth date on an age check (off: only method, result and reason). */
    ageCheckKeepBirthDate: boolean('age_check_keep_birth_date').notNull().default(false),
    /** Over/short of a shift close above this (absolute, minor units) needs a manager's approval. */
    cashVarianceThreshold: money('cash_variance_threshold').notNull().default(500),
    /**
     * Where the money of a return without a receipt goes: `cash` from the drawer, `store_credit`
     * (a credit code printed on the receipt), or `either` (the cashier chooses).
     */
    noReceiptRefundTo: text('no_receipt_refund_to', { enum: ['cash', 'store_credit', 'either'] })
      .notNull()
      .default('cash'),
    /** A terminal offline longer than this (hours, 1 to 168) warns that it must reconnect. */
    offlineLimitHours: integer('offline_limit_hours').notNull().default(24),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('stores_code_uq').on(t.companyId, t.code),
    check('stores_no_receipt_refund_to', sql`${t.noReceiptRefundTo} IN ('cash', 'store_credit', 'either')`),
    check('stores_cash_variance_threshold_nonneg', sql`${t.cashVarianceThreshold} >= 0`),
    check('stores_minimum_age_range', sql`${t.minimumAge} BETWEEN 1 AND 99`),
    check('stores_age_check_visual_over_range', sql`${t.ageCheckVisualOver} BETWEEN 1 AND 120`),
    check('stores_offline_limit_hours_range', sql`${t.offlineLimitHours} BETWEEN 1 AND 168`),
  ],
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
    /**
     * A custom role (table `roles`) whose permissions replace the built-in role's; the built-in
     * `role` still sets the discount limit. Null: the built-in role's permissions.
     */
    customRoleId: uuid('custom_role_id'),
    /** Stores this user may act in; null = every store of the company. */
    storeIds: uuid('store_ids').array(),
    /** TOTP secret (base32), AES-256-GCM sealed with the company data key; null = no two-factor. */
    totpSecret: text('totp_secret'),
    /** A secret being enrolled, sealed the same way, until the first code confirms it. */
    totpPendingSecret: text('totp_pending_secret'),
    /** The last 30-second TOTP step accepted (a code is never accepted twice). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('users_email_uq').on(t.companyId, t.email),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * A company's custom role: a named set of permissions (packages/domain PERMISSIONS), optionally
 * limited to some stores. Users point at it by `users.custom_role_id`.
 */
export const roles = pgTable(
  'roles',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    permissions: text('permissions').array().notNull(),
    /** Stores the role may act in; null = every store. */
    storeIds: uuid('store_ids').array(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('roles_name_uq').on(t.companyId, t.name),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/** Single-use recovery codes of a user's two-factor sign-in (SHA-256 of each code). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    companyId: uuid('company_id').notNull(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId, t.codeHash] }),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/**
 * Password reset and invitation tokens sent by e-mail: `<company>.<id>.<secret>`, only the
 * secret's SHA-256 is stored; single use (`used_at`), expiring.
 */
export const passwordTokens = pgTable(
  'password_tokens',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['reset', 'invite'] }).notNull(),
    secretHash: text('secret_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('password_tokens_user_idx').on(t.companyId, t.userId),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/**
 * Failed PIN entries (PIN switch and manager approvals), per `user:<id>` and per `device:<session
 * id>`: like `login_throttles`, reaching the limit locks the key, each lock longer than the last.
 */
export const pinThrottles = pgTable(
  'pin_throttles',
  {
    companyId: uuid('company_id').notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    lockCount: integer('lock_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.key] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/** The cash drawer opened without a sale ("no sale"), by whom, approved by whom. Never updated. */
export const noSaleEvents = pgTable(
  'no_sale_events',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    userId: uuid('user_id').notNull(),
    approvedBy: uuid('approved_by'),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('no_sale_events_register_idx').on(t.companyId, t.registerId, t.createdAt),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.approvedBy], foreignColumns: [users.companyId, users.id] }),
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
    reason: text('reason', { enum: ['opening', 'sale', 'adjustment', 'refund', 'void'] }).notNull(),
    saleId: uuid('sale_id'),
    /** The refund or void that put the goods back. */
    refundId: uuid('refund_id'),
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('stock_movements_product_idx').on(t.companyId, t.storeId, t.productId),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
  ],
);

/**
 * A shift (cash session) of one register: opened with a counted float, closed once with a Z report.
 * At most one open shift per register (partial unique index). A closed shift is never changed again
 * (trigger, see the shifts RLS migration).
 */
export const shifts = pgTable(
  'shifts',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7: opening the same id twice returns this row. */
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    openedBy: uuid('opened_by').notNull(),
    /** Cash counted into the drawer at the start. */
    openingFloat: money('opening_float').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    uniqueIndex('shifts_one_open_per_register')
      .on(t.companyId, t.registerId)
      .where(sql`${t.closedAt} IS NULL`),
    index('shifts_register_idx').on(t.companyId, t.registerId, t.openedAt),
    check('shifts_float_nonneg', sql`${t.openingFloat} >= 0`),
    check('shifts_closed_pair', sql`(${t.closedAt} IS NULL) = (${t.closedBy} IS NULL)`),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.openedBy], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.closedBy], foreignColumns: [users.companyId, users.id] }),
  ],
);

/** Cash paid into or out of a drawer outside a sale, with the reason. A document: never changed. */
export const cashMovements = pgTable(
  'cash_movements',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7. */
    id: uuid('id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    kind: text('kind', { enum: ['paid_in', 'paid_out'] }).notNull(),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('cash_movements_shift_idx').on(t.companyId, t.shiftId),
    check('cash_movements_amount_pos', sql`${t.amount} > 0`),
    check('cash_movements_kind', sql`${t.kind} IN ('paid_in', 'paid_out')`),
    foreignKey({ columns: [t.companyId, t.shiftId], foreignColumns: [shifts.companyId, shifts.id] }),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/**
 * The Z report of a closed shift: numbered per register without gaps, written once with the figures
 * at the close (`report`, the X report then), the count by denomination and the over/short.
 */
export const zReports = pgTable(
  'z_reports',
  {
    companyId: uuid('company_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    registerId: uuid('register_id').notNull(),
    zNumber: integer('z_number').notNull(),
    expectedCash: money('expected_cash').notNull(),
    countedCash: money('counted_cash').notNull(),
    /** counted - expected: positive over, negative short. */
    overShort: money('over_short').notNull(),
    /** [{value, kind, count}] as counted. */
    counts: jsonb('counts').notNull(),
    /** The shift report at the close (contracts ShiftReport). */
    report: jsonb('report').notNull(),
    closedBy: uuid('closed_by').notNull(),
    approvedBy: uuid('approved_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.shiftId] }),
    unique('z_reports_number_uq').on(t.companyId, t.registerId, t.zNumber),
    check('z_reports_number_pos', sql`${t.zNumber} > 0`),
    check('z_reports_counted_nonneg', sql`${t.countedCash} >= 0`),
    check('z_reports_over_short', sql`${t.overShort} = ${t.countedCash} - ${t.expectedCash}`),
    foreignKey({ columns: [t.companyId, t.shiftId], foreignColumns: [shifts.companyId, shifts.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.closedBy], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.approvedBy], foreignColumns: [users.companyId, users.id] }),
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
    /** The shift (cash session) of the register the sale was rung up in; null for sales before shifts. */
    shiftId: uuid('shift_id'),
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
    /** Sum of the lines' signed price override adjustments (apart from discounts). */
    overrideTotal: money('override_total').notNull().default(0),
    /** The whole sale was tax-exempt; the reason and certificate say why. */
    taxExempt: boolean('tax_exempt').notNull().default(false),
    /** Tax given up on tax-inclusive prices of exempt lines (<= 0); 0 otherwise. */
    exemptionTotal: money('exemption_total').notNull().default(0),
    taxExemptReason: text('tax_exempt_reason'),
    /** Exemption certificate (resale, diplomatic...) number as shown by the customer. */
    taxExemptCertificate: text('tax_exempt_certificate'),
    clientCreatedAt: timestamp('client_created_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('sales_receipt_seq_uq').on(t.companyId, t.registerId, t.receiptSeq),
    index('sales_created_idx').on(t.companyId, t.createdAt),
    index('sales_store_idx').on(t.companyId, t.storeId, t.createdAt),
    index('sales_shift_idx').on(t.companyId, t.shiftId),
    check(
      'sales_amounts_nonneg',
      sql`${t.subtotal} >= 0 AND ${t.discountTotal} >= 0 AND ${t.taxTotal} >= 0 AND ${t.total} >= 0 AND ${t.tendered} >= 0 AND ${t.changeDue} >= 0`,
    ),
    check('sales_tax_exempt_reason', sql`NOT ${t.taxExempt} OR ${t.taxExemptReason} IS NOT NULL`),
    check('sales_exemption_nonpos', sql`${t.exemptionTotal} <= 0`),
    check('sales_amount_due_nonneg', sql`${t.total} + ${t.cashRounding} >= 0`),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.shiftId], foreignColumns: [shifts.companyId, shifts.id] }),
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
    /** The unit price set by hand at the register instead of `unit_price` (the shelf price); null: none. */
    overrideUnitPrice: money('override_unit_price'),
    /** Signed adjustment of the override: override price x quantity - gross; 0 without one. */
    priceOverride: money('price_override').notNull().default(0),
    /** The line carried no tax (exempt line or sale). */
    taxExempt: boolean('tax_exempt').notNull().default(false),
    /** Tax given up on a tax-inclusive price of an exempt line (<= 0). */
    exemption: money('exemption').notNull().default(0),
    /**
     * The product's unit cost (minor units per unit) when it was sold, for margin reports; null when
     * the product had no cost then (and for sales recorded before costs were snapshotted).
     */
    unitCost: money('unit_cost'),
    ageRestricted: boolean('age_restricted').notNull(),
    /** [{taxId, name, rate, inclusive, base, amount}] as applied. */
    taxes: jsonb('taxes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.saleId, t.lineNo] }),
    check('sale_lines_override_unit_price_nonneg', sql`${t.overrideUnitPrice} >= 0`),
    check('sale_lines_exemption_nonpos', sql`${t.exemption} <= 0`),
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
    method: text('method', { enum: ['cash', 'card', 'store_credit'] }).notNull(),
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

/**
 * Per-company data keys of envelope encryption (AES-256), stored wrapped by a master key named by
 * `master_key_id`. `kassa keys rotate` rewrites only `master_key_id` and `wrapped_key`; the rows
 * encrypted with a data key are never rewritten.
 */
export const dataKeys = pgTable(
  'data_keys',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    masterKeyId: text('master_key_id').notNull(),
    /** base64 of AES-256-GCM iv | tag | wrapped key bytes. */
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: createdAt(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * The head of one hash chain of the audit log: a company has one chain per stream
 * (`register:<id>` for sales at that register, `company` for everything else), so sales on
 * different registers never wait for each other's chain. Locked FOR UPDATE to append.
 */
export const auditStreams = pgTable(
  'audit_streams',
  {
    companyId: uuid('company_id').notNull(),
    stream: text('stream').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    /** SHA-256 hex of the stream's last entry. */
    lastHash: text('last_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.stream] }),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), hash-chained per
 * (company, stream): `hash` = SHA-256 over the entry's fields and `prev_hash`. Sensitive fields
 * are one AES-256-GCM ciphertext under the company's data key `data_key_id`.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    companyId: uuid('company_id').notNull(),
    stream: text('stream').notNull(),
    /** 1, 2, 3… within the stream, without gaps. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    id: uuid('id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** e.g. `auth.login.succeeded`, `sale.completed`, `settings.updated`. */
    action: text('action').notNull(),
    /** Who did it; null when nobody was signed in (a failed login of an unknown user). */
    actorId: uuid('actor_id'),
    /** The second person of a manager approval. */
    approverId: uuid('approver_id'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    storeId: uuid('store_id'),
    registerId: uuid('register_id'),
    requestId: text('request_id'),
    /** Non-sensitive facts of the action (amounts, old and new values). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    dataKeyId: uuid('data_key_id'),
    /** base64 AES-256-GCM of the sensitive fields as JSON (e-mail typed, IP address, user agent). */
    sensitive: text('sensitive'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.stream, t.seq] }),
    unique('audit_entries_id_uq').on(t.companyId, t.id),
    index('audit_entries_time_idx').on(t.companyId, t.occurredAt),
    index('audit_entries_action_idx').on(t.companyId, t.action, t.occurredAt),
    index('audit_entries_actor_idx').on(t.companyId, t.actorId, t.occurredAt),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
    foreignKey({ columns: [t.companyId, t.dataKeyId], foreignColumns: [dataKeys.companyId, dataKeys.id] }),
  ],
);

/**
 * Failed sign-ins of an account, for lockout: `failures` counts failures since `window_started_at`
 * (a window of KASSA_LOGIN_WINDOW); reaching the limit locks the account until `locked_until`,
 * each lock longer than the last (`lock_count`). A successful sign-in resets the row.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    companyId: uuid('company_id').notNull(),
    userId: uuid('user_id').notNull(),
    failures: integer('failures').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    lockCount: integer('lock_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.userId] }),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/**
 * A signed-in session: made at sign-in (password or PIN), carried by its access tokens (`sid`)
 * and its refresh-token family (`refresh_tokens.family_id` = `id`). Revoking it (logout,
 * `DELETE /auth/sessions/:id`, disabling the user) refuses its access tokens on their next request.
 */
export const sessions = pgTable(
  'sessions',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    /** `password` or `pin`. */
    method: text('method', { enum: ['password', 'pin'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    /** Last refresh of the session (access tokens are not tracked one by one). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** `logout`, `revoked`, `user_disabled` or `token_reuse`. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('sessions_user_idx').on(t.companyId, t.userId),
    foreignKey({ columns: [t.companyId, t.userId], foreignColumns: [users.companyId, users.id] }),
  ],
);

/**
 * A manager's approval of one cashier action beyond the cashier's rights, given by PIN at the
 * register: bound to the action, the register, the sale and the amount; single use (`used_at`),
 * short-lived (`expires_at`).
 */
export const approvals = pgTable(
  'approvals',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    action: text('action', {
      enum: ['discount_override', 'refund', 'void', 'no_sale', 'price_override', 'tax_exempt'],
    }).notNull(),
    /** The cashier who asked. */
    requestedBy: uuid('requested_by').notNull(),
    /** The manager who approved with their PIN. */
    approvedBy: uuid('approved_by').notNull(),
    registerId: uuid('register_id').notNull(),
    saleId: uuid('sale_id').notNull(),
    /** Largest line discount approved, percent (discount_override). */
    percent: numeric('percent', { precision: 7, scale: 4 }),
    /** Amount approved in minor units (for actions that carry one). */
    amount: money('amount'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    check('approvals_percent_range', sql`${t.percent} > 0 AND ${t.percent} <= 100`),
    foreignKey({ columns: [t.companyId, t.requestedBy], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.approvedBy], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
  ],
);

/**
 * A refund or a void: a new document pointing at the sale it reverses (a void reverses all of it,
 * in the sale's own shift). A return without a receipt has no sale and needs a manager's approval.
 * Numbered per register in its own sequence, e.g. "S1-R2-RF000007".
 */
export const refunds = pgTable(
  'refunds',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7: posting the same id twice returns this row. */
    id: uuid('id').notNull(),
    kind: text('kind', { enum: ['refund', 'void'] }).notNull(),
    /** The sale reversed; null for a return without a receipt. */
    saleId: uuid('sale_id'),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    cashierId: uuid('cashier_id').notNull(),
    refundSeq: bigint('refund_seq', { mode: 'number' }).notNull(),
    refundNumber: text('refund_number').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** Sums of the refund lines' shares. `total` is what goes back to the customer. */
    discountTotal: money('discount_total').notNull(),
    netTotal: money('net_total').notNull(),
    taxTotal: money('tax_total').notNull(),
    total: money('total').notNull(),
    reason: text('reason').notNull(),
    approvedBy: uuid('approved_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('refunds_seq_uq').on(t.companyId, t.registerId, t.refundSeq),
    index('refunds_sale_idx').on(t.companyId, t.saleId),
    index('refunds_shift_idx').on(t.companyId, t.shiftId),
    check('refunds_kind', sql`${t.kind} IN ('refund', 'void')`),
    check(
      'refunds_amounts_nonneg',
      sql`${t.discountTotal} >= 0 AND ${t.netTotal} >= 0 AND ${t.taxTotal} >= 0 AND ${t.total} >= 0`,
    ),
    check('refunds_void_has_sale', sql`${t.kind} = 'refund' OR ${t.saleId} IS NOT NULL`),
    foreignKey({ columns: [t.companyId, t.saleId], foreignColumns: [sales.companyId, sales.id] }),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.shiftId], foreignColumns: [shifts.companyId, shifts.id] }),
    foreignKey({ columns: [t.companyId, t.cashierId], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.approvedBy], foreignColumns: [users.companyId, users.id] }),
  ],
);

/** A returned line: its exact share of the sale line (packages/domain refundLineShare), restocked or not. */
export const refundLines = pgTable(
  'refund_lines',
  {
    companyId: uuid('company_id').notNull(),
    refundId: uuid('refund_id').notNull(),
    lineNo: integer('line_no').notNull(),
    /** The sale and its line returned; null for a return without a receipt. */
    saleId: uuid('sale_id'),
    saleLineNo: integer('sale_line_no'),
    productId: uuid('product_id').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitPrice: money('unit_price').notNull(),
    gross: money('gross').notNull(),
    discount: money('discount').notNull(),
    net: money('net').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    /** [{taxId, name, rate, inclusive, base, amount}] given back. */
    taxes: jsonb('taxes').notNull(),
    /** False for damaged goods: nothing goes back on the shelf. */
    restock: boolean('restock').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.refundId, t.lineNo] }),
    index('refund_lines_sale_line_idx').on(t.companyId, t.saleId, t.saleLineNo),
    check('refund_lines_qty_pos', sql`${t.quantity} > 0`),
    check(
      'refund_lines_amounts_nonneg',
      sql`${t.gross} >= 0 AND ${t.discount} >= 0 AND ${t.net} >= 0 AND ${t.tax} >= 0 AND ${t.total} >= 0`,
    ),
    foreignKey({ columns: [t.companyId, t.refundId], foreignColumns: [refunds.companyId, refunds.id] }),
    foreignKey({
      columns: [t.companyId, t.saleId, t.saleLineNo],
      foreignColumns: [saleLines.companyId, saleLines.saleId, saleLines.lineNo],
    }),
  ],
);

/** Money given back by a refund: cash from the drawer, or a card refund recorded with its reference. */
export const refundTenders = pgTable(
  'refund_tenders',
  {
    companyId: uuid('company_id').notNull(),
    refundId: uuid('refund_id').notNull(),
    position: integer('position').notNull(),
    method: text('method', { enum: ['cash', 'card', 'store_credit'] }).notNull(),
    amount: money('amount').notNull(),
    reference: text('reference'),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.refundId, t.position] }),
    check('refund_tenders_amount_pos', sql`${t.amount} > 0`),
    foreignKey({ columns: [t.companyId, t.refundId], foreignColumns: [refunds.companyId, refunds.id] }),
  ],
);

/**
 * Store credit: issued by a return (without a receipt, when the store allows it) instead of cash,
 * spent as a sale tender by its `code`. `balance` (minor units) is the only column ever updated,
 * under a row lock, in the same transaction as the movement that explains the change.
 */
export const storeCredits = pgTable(
  'store_credits',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    /** Short, human-typable code printed on the refund receipt, e.g. "SC-7K4M-Q2XD". */
    code: text('code').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** Issued, minor units. */
    amount: money('amount').notNull(),
    /** Left to spend, minor units. */
    balance: money('balance').notNull(),
    /** The refund that issued it. */
    refundId: uuid('refund_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('store_credits_code_uq').on(t.companyId, t.code),
    check(
      'store_credits_amounts',
      sql`${t.amount} > 0 AND ${t.balance} >= 0 AND ${t.balance} <= ${t.amount}`,
    ),
    foreignKey({ columns: [t.companyId, t.refundId], foreignColumns: [refunds.companyId, refunds.id] }),
  ],
);

/**
 * A change of a store credit's balance, written once: `issue` (a refund, +), `redeem` (a sale
 * tender, -), `return` (a refund of a sale paid by the credit, +). `amount` is signed, minor units.
 */
export const storeCreditMovements = pgTable(
  'store_credit_movements',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    storeCreditId: uuid('store_credit_id').notNull(),
    kind: text('kind', { enum: ['issue', 'redeem', 'return'] }).notNull(),
    amount: money('amount').notNull(),
    saleId: uuid('sale_id'),
    refundId: uuid('refund_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('store_credit_movements_credit_idx').on(t.companyId, t.storeCreditId),
    check('store_credit_movements_kind', sql`${t.kind} IN ('issue', 'redeem', 'return')`),
    check(
      'store_credit_movements_sign',
      sql`(${t.kind} = 'redeem' AND ${t.amount} < 0 AND ${t.saleId} IS NOT NULL) OR (${t.kind} <> 'redeem' AND ${t.amount} > 0 AND ${t.refundId} IS NOT NULL)`,
    ),
    foreignKey({
      columns: [t.companyId, t.storeCreditId],
      foreignColumns: [storeCredits.companyId, storeCredits.id],
    }),
  ],
);

/**
 * A parked (suspended) cart: put aside on one register and resumed on any register of the store.
 * Not a document: resuming or expiring it sets its state once. Parked carts still waiting when
 * their shift closes are listed in the Z report and expire.
 */
export const parkedSales = pgTable(
  'parked_sales',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7. */
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    shiftId: uuid('shift_id').notNull(),
    cashierId: uuid('cashier_id').notNull(),
    /** The cart as the terminal holds it: [{productId, quantity, discountPercent?}]. */
    lines: jsonb('lines').notNull(),
    note: text('note').notNull().default(''),
    /** Cart total when parked (minor units), for the list only: resuming prices it again. */
    total: money('total').notNull(),
    createdAt: createdAt(),
    state: text('state', { enum: ['parked', 'resumed', 'expired'] })
      .notNull()
      .default('parked'),
    resumedAt: timestamp('resumed_at', { withTimezone: true }),
    resumedBy: uuid('resumed_by'),
    resumedRegisterId: uuid('resumed_register_id'),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('parked_sales_store_idx').on(t.companyId, t.storeId, t.state),
    index('parked_sales_shift_idx').on(t.companyId, t.shiftId),
    check('parked_sales_state', sql`${t.state} IN ('parked', 'resumed', 'expired')`),
    check('parked_sales_total_nonneg', sql`${t.total} >= 0`),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.shiftId], foreignColumns: [shifts.companyId, shifts.id] }),
    foreignKey({ columns: [t.companyId, t.cashierId], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.resumedBy], foreignColumns: [users.companyId, users.id] }),
    foreignKey({
      columns: [t.companyId, t.resumedRegisterId],
      foreignColumns: [registers.companyId, registers.id],
    }),
  ],
);

/**
 * Customers of a company. `code` is the company's own customer number (a loyalty card, an account
 * number): imports upsert by it, so importing a file twice changes nothing.
 */
export const customers = pgTable(
  'customers',
  {
    companyId: uuid('company_id').notNull(),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    country: text('country'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    unique('customers_code_uq').on(t.companyId, t.code),
    index('customers_name_idx').on(t.companyId, t.name),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * An age check a cashier recorded for age-restricted products: method, result and minimum age,
 * by whom and when, at which register; `sale_id` when it cleared a sale, null for a refusal logged
 * on its own. The birth date is kept only when the store's setting asks. Written once.
 */
export const ageChecks = pgTable(
  'age_checks',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7 for a logged refusal (posting it twice returns it); server-made on a sale. */
    id: uuid('id').notNull(),
    storeId: uuid('store_id').notNull(),
    registerId: uuid('register_id').notNull(),
    cashierId: uuid('cashier_id').notNull(),
    saleId: uuid('sale_id'),
    method: text('method', { enum: ['birth_date', 'id_scan', 'visual'] }).notNull(),
    result: text('result', { enum: ['passed', 'refused'] }).notNull(),
    reason: text('reason', { enum: ['under_age', 'id_expired', 'id_unreadable', 'invalid_birth_date'] }),
    minimumAge: integer('minimum_age').notNull(),
    /** ISO date, only when `stores.age_check_keep_birth_date` was on. */
    birthDate: text('birth_date'),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    index('age_checks_store_idx').on(t.companyId, t.storeId, t.checkedAt),
    uniqueIndex('age_checks_sale_uq').on(t.companyId, t.saleId),
    check('age_checks_method', sql`${t.method} IN ('birth_date', 'id_scan', 'visual')`),
    check('age_checks_result', sql`${t.result} IN ('passed', 'refused')`),
    check('age_checks_reason', sql`(${t.result} = 'passed') = (${t.reason} IS NULL)`),
    check('age_checks_sale_passed', sql`${t.saleId} IS NULL OR ${t.result} = 'passed'`),
    foreignKey({ columns: [t.companyId, t.storeId], foreignColumns: [stores.companyId, stores.id] }),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.cashierId], foreignColumns: [users.companyId, users.id] }),
    foreignKey({ columns: [t.companyId, t.saleId], foreignColumns: [sales.companyId, sales.id] }),
  ],
);

/**
 * An exchange: a return (`refund_id`, of `original_sale_id`) and a new sale (`sale_id`) settled
 * together at one register. `net` is the new sale's amount due minus the refund, in minor units:
 * positive the customer paid it, negative the customer got it back. Written once.
 */
export const exchanges = pgTable(
  'exchanges',
  {
    companyId: uuid('company_id').notNull(),
    /** Client-made UUIDv7: posting the same id twice returns this exchange. */
    id: uuid('id').notNull(),
    registerId: uuid('register_id').notNull(),
    originalSaleId: uuid('original_sale_id').notNull(),
    refundId: uuid('refund_id').notNull(),
    saleId: uuid('sale_id').notNull(),
    net: money('net').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.id] }),
    uniqueIndex('exchanges_refund_uq').on(t.companyId, t.refundId),
    uniqueIndex('exchanges_sale_uq').on(t.companyId, t.saleId),
    foreignKey({ columns: [t.companyId, t.registerId], foreignColumns: [registers.companyId, registers.id] }),
    foreignKey({ columns: [t.companyId, t.originalSaleId], foreignColumns: [sales.companyId, sales.id] }),
    foreignKey({ columns: [t.companyId, t.refundId], foreignColumns: [refunds.companyId, refunds.id] }),
    foreignKey({ columns: [t.companyId, t.saleId], foreignColumns: [sales.companyId, sales.id] }),
  ],
);

/**
 * Stored answers of mutations sent with an `Idempotency-Key` header: the same key and body get the
 * same answer and change nothing more; the same key with another body is refused. Scoped by company
 * and route (`scope`, e.g. "POST /api/v1/taxes").
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    companyId: uuid('company_id').notNull(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 (hex) of the canonical JSON of the request body. */
    requestHash: text('request_hash').notNull(),
    userId: uuid('user_id').notNull(),
    /** HTTP status and body of the answer; null while the first request is in flight. */
    status: integer('status'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.scope, t.key] }),
    index('idempotency_keys_created_idx').on(t.companyId, t.createdAt),
    foreignKey({ columns: [t.companyId], foreignColumns: [companies.id] }),
  ],
);

/**
 * Platform operators (the /platform side: companies, plans, trials). Platform-wide, not a tenant
 * table (no RLS); created with `kassa create-platform-admin`. Sign-in needs TOTP (modules/platform).
 */
export const platformAdmins = pgTable(
  'platform_admins',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id of the password. */
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    /** TOTP secret sealed under the master key (AES-256-GCM); set at setup, in use once confirmed. */
    totpSecret: text('totp_secret'),
    /** When enrolment was confirmed with a code; null: the next sign-in may only enrol. */
    totpConfirmedAt: timestamp('totp_confirmed_at', { withTimezone: true }),
    /** The last 30-second step accepted, so a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** Sign-in lockout state (same policy as company users, see auth/lockout.ts). */
    failedLogins: integer('failed_logins').notNull().default(0),
    failureWindowStartedAt: timestamp('failure_window_started_at', { withTimezone: true }),
    lockCount: integer('lock_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [uniqueIndex('platform_admins_email_uq').on(sql`lower(${t.email})`)],
);

/** Single-use recovery codes of platform admins (SHA-256 hashes only), like `recovery_codes`. */
export const platformRecoveryCodes = pgTable(
  'platform_recovery_codes',
  {
    adminId: uuid('admin_id')
      .notNull()
      .references(() => platformAdmins.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.adminId, t.codeHash] })],
);
