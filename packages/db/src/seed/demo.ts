import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { gtin13FromItemNumber, newDocumentId, parseMajor } from '@kassa/domain';
import type { KassaDb, KassaTx } from '../client.ts';
import { withCompanyTx } from '../client.ts';
import { DB_PACKAGE_DIR } from '../package-dir.ts';
import * as s from '../schema.ts';

/** The demo logins printed on start and shown in the README. */
export const DEMO_LOGINS = [
  { email: 'owner@demo.kassa.dev', name: 'Olivia Owner', role: 'owner', pin: '1111' },
  { email: 'manager@demo.kassa.dev', name: 'Max Manager', role: 'manager', pin: '2222' },
  { email: 'cashier@demo.kassa.dev', name: 'Casey Cashier', role: 'cashier', pin: '3333' },
] as const;
export const DEMO_PASSWORD = 'kassa-demo';

/** The three stores of the demo company: the busiest ordering stores of the source file. */
const DEMO_STORE_NUMBERS = ['2614', '2587', '2506'];

const CATEGORY_COLORS = [
  '#1c7ed6',
  '#2f9e44',
  '#e8590c',
  '#9c36b5',
  '#c2255c',
  '#0c8599',
  '#5c940d',
  '#f08c00',
  '#3b5bdb',
  '#e03131',
  '#087f5b',
  '#6741d9',
];

export const IOWA_CSV: string = join(DB_PACKAGE_DIR, 'seed-data', 'iowa-liquor-2012-01-31.csv');

type IowaRow = {
  store_number: string;
  store_name: string;
  city: string;
  state: string;
  zip_code: string;
  item_number: string;
  category_name: string;
  vendor_name: string;
  item_description: string;
  pack: string;
  bottle_volume_ml: string;
  state_bottle_cost: string;
  state_bottle_retail: string;
  bottles_sold: string;
};

export type SeedOptions = {
  /** Hashes a password or PIN (argon2id in the server). */
  hashSecret: (secret: string) => Promise<string>;
  log?: (message: string) => void;
};

export type DemoSeedResult = { companyId: string; products: number; stores: number };

/** Title-cases the file's upper-case city names ("DAVENPORT" -> "Davenport"). */
function titleCase(value: string): string {
  return value.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

async function insertChunked<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
  size = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Seeds "Demo Liquor Co." (USD) from the Iowa liquor orders of 2012-01-31:
 * - 3 stores (the busiest ordering stores in the file, real names and cities, America/Chicago),
 *   2 registers each; owner, manager and cashier logins;
 * - every item as a product: item number as SKU, description, category, vendor, state bottle cost
 *   as cost and state bottle retail as price, pack and bottle volume, all age-restricted, with a
 *   GTIN-13 derived from the item number; the items without a state price in the file are kept
 *   inactive (price 0) until someone prices them;
 * - Iowa sales tax 6 % state + 1 % local option, tax exclusive;
 * - opening stock per store: the bottles that store ordered that day plus one case (pack), or one
 *   case for items it did not order, each written as an `opening` stock movement.
 * Callers seed only an empty database (see `countCompanies`).
 */
export async function seedDemo(db: KassaDb, options: SeedOptions): Promise<DemoSeedResult> {
  const log = options.log ?? (() => undefined);
  const csv = readFileSync(IOWA_CSV, 'utf8');
  const parsed = Papa.parse<IowaRow>(csv, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`demo data: ${parsed.errors[0]?.message ?? 'parse error'}`);
  const rows = parsed.data;

  const companyId = newDocumentId();
  const hashes = await Promise.all(
    DEMO_LOGINS.map(async (l) => ({
      password: await options.hashSecret(DEMO_PASSWORD),
      pin: await options.hashSecret(l.pin),
    })),
  );

  const result = await withCompanyTx(db, companyId, async (tx: KassaTx) => {
    await tx.insert(s.companies).values({
      id: companyId,
      name: 'Demo Liquor Co.',
      currency: 'USD',
      taxRounding: 'per_line',
      roundingMode: 'half_up',
    });

    const storeIds = new Map<string, string>();
    const storeRows = DEMO_STORE_NUMBERS.map((number, i) => {
      const row = rows.find((r) => r.store_number === number);
      if (!row) throw new Error(`demo data: store ${number} not in the file`);
      const id = newDocumentId();
      storeIds.set(number, id);
      return {
        companyId,
        id,
        code: `S${i + 1}`,
        name: row.store_name,
        addressLine1: `Iowa liquor licensee #${number}`,
        city: titleCase(row.city),
        region: row.state,
        postalCode: row.zip_code,
        country: 'US',
        timeZone: 'America/Chicago',
        receiptFooter: 'Thank you for shopping with us! Please drink responsibly.',
      };
    });
    await tx.insert(s.stores).values(storeRows);
    await tx.insert(s.registers).values(
      storeRows.flatMap((store) =>
        [1, 2].map((n) => ({
          companyId,
          id: newDocumentId(),
          storeId: store.id,
          code: `R${n}`,
          name: `Register ${n}`,
        })),
      ),
    );

    const users = DEMO_LOGINS.map((l, i) => ({
      companyId,
      id: newDocumentId(),
      email: l.email,
      name: l.name,
      role: l.role,
      passwordHash: hashes[i]!.password,
      pinHash: hashes[i]!.pin,
    }));
    await tx.insert(s.users).values(users);
    await tx.insert(s.loginEmails).values(users.map((u) => ({ email: u.email, companyId, userId: u.id })));

    const stateTax = {
      companyId,
      id: newDocumentId(),
      name: 'Iowa state sales tax',
      rate: '6',
      inclusive: false,
      compound: false,
    };
    const localTax = {
      companyId,
      id: newDocumentId(),
      name: 'Local option sales tax',
      rate: '1',
      inclusive: false,
      compound: false,
    };
    await tx.insert(s.taxRates).values([stateTax, localTax]);
    const taxCategoryId = newDocumentId();
    await tx.insert(s.taxCategories).values({ companyId, id: taxCategoryId, name: 'Iowa general sales' });
    await tx.insert(s.taxCategoryRates).values([
      { companyId, taxCategoryId, taxRateId: stateTax.id, position: 0 },
      { companyId, taxCategoryId, taxRateId: localTax.id, position: 1 },
    ]);

    const categoryNames = [...new Set(rows.map((r) => r.category_name.trim()).filter(Boolean))].sort();
    const categoryIds = new Map<string, string>();
    await tx.insert(s.categories).values(
      categoryNames.map((name, position) => {
        const id = newDocumentId();
        categoryIds.set(name, id);
        return {
          companyId,
          id,
          name: titleCase(name),
          color: CATEGORY_COLORS[position % CATEGORY_COLORS.length]!,
          position,
        };
      }),
    );

    const items = new Map<string, IowaRow>();
    for (const row of rows) if (!items.has(row.item_number)) items.set(row.item_number, row);
    const products = [...items.values()].map((r) => {
      const id = newDocumentId();
      // Two items of the file have no state prices; they are kept but not sold until priced.
      const priced = r.state_bottle_retail.trim() !== '';
      return {
        companyId,
        id,
        sku: r.item_number,
        name: r.item_description.trim(),
        categoryId: categoryIds.get(r.category_name.trim()) ?? null,
        vendor: r.vendor_name.trim() || null,
        price: priced ? parseMajor(r.state_bottle_retail, 'USD') : 0,
        cost: r.state_bottle_cost.trim() !== '' ? parseMajor(r.state_bottle_cost, 'USD') : null,
        active: priced,
        unit: 'each' as const,
        packSize: Number.parseInt(r.pack, 10) || null,
        volumeMl: Number.parseInt(r.bottle_volume_ml, 10) || null,
        taxCategoryId,
        ageRestricted: true,
      };
    });
    await insertChunked(products, (chunk) => tx.insert(s.products).values(chunk));
    await insertChunked(
      products.map((p) => ({ companyId, barcode: gtin13FromItemNumber(p.sku), productId: p.id })),
      (chunk) => tx.insert(s.productBarcodes).values(chunk),
    );

    const ordered = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.store_number}:${r.item_number}`;
      ordered.set(key, (ordered.get(key) ?? 0) + (Number.parseInt(r.bottles_sold, 10) || 0));
    }
    const levels: (typeof s.stockLevels.$inferInsert)[] = [];
    const movements: (typeof s.stockMovements.$inferInsert)[] = [];
    for (const [storeNumber, storeId] of storeIds) {
      for (const p of products) {
        const onHand = String((ordered.get(`${storeNumber}:${p.sku}`) ?? 0) + (p.packSize ?? 12));
        levels.push({ companyId, storeId, productId: p.id, onHand });
        movements.push({
          companyId,
          id: newDocumentId(),
          storeId,
          productId: p.id,
          quantity: onHand,
          reason: 'opening',
        });
      }
    }
    await insertChunked(levels, (chunk) => tx.insert(s.stockLevels).values(chunk));
    await insertChunked(movements, (chunk) => tx.insert(s.stockMovements).values(chunk));
    return { companyId, products: products.length, stores: storeRows.length };
  });
  log(
    `Seeded "Demo Liquor Co.": ${result.stores} stores, ${result.products} products from the Iowa liquor file.`,
  );
  return result;
}
