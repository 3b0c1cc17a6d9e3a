import type { Product, ProductPage } from '@kassa/contracts';
import type { CachedProduct, OfflineDb } from './offlineDb.ts';

/** Fetches one page of GET /products with the given query. */
export type FetchProductPage = (query: {
  updatedSince?: string;
  status: 'all';
  limit: number;
  offset: number;
}) => Promise<ProductPage>;

/** Page size of the catalog download (the API's maximum). */
export const CATALOG_PAGE = 200;

/**
 * How far back a delta sync re-reads. A product's `updatedAt` is its transaction's start time,
 * so a change committed after the device's last sync may carry an earlier stamp; re-reading a
 * margin (5 minutes, longer than any catalog transaction but a 50,000-row import) costs a few
 * idempotent upserts and misses nothing.
 */
export const SYNC_OVERLAP_MS = 5 * 60_000;

const VERSION_KEY = 'catalogVersion';

/** The newest `updatedAt` the device holds (ISO 8601), or null before the first download. */
export async function catalogVersion(db: OfflineDb): Promise<string | null> {
  return ((await db.meta.get(VERSION_KEY))?.value as string | undefined) ?? null;
}

/**
 * Brings the device's catalog up to date: everything on the first run, afterwards only products
 * changed since the device's version (minus the overlap), archived ones included so they stop
 * being sold. Returns how many products were written.
 */
export async function syncCatalog(db: OfflineDb, fetchPage: FetchProductPage): Promise<number> {
  const version = await catalogVersion(db);
  const updatedSince = version ? new Date(Date.parse(version) - SYNC_OVERLAP_MS).toISOString() : undefined;
  let offset = 0;
  let written = 0;
  let newest = version;
  for (;;) {
    const page = await fetchPage({
      ...(updatedSince ? { updatedSince } : {}),
      status: 'all',
      limit: CATALOG_PAGE,
      offset,
    });
    const rows: CachedProduct[] = page.items.map((p) => ({
      ...p,
      // Stock differs per store and moves with every sale: the device does not keep it.
      stockOnHand: null,
      nameLower: p.name.toLowerCase(),
    }));
    for (const row of rows)
      if (!newest || Date.parse(row.updatedAt) > Date.parse(newest)) newest = row.updatedAt;
    await db.products.bulkPut(rows);
    written += rows.length;
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  if (newest) await db.meta.put({ key: VERSION_KEY, value: newest });
  memory = null;
  return written;
}

/** The device's active products in memory, sorted by name, loaded once per catalog change. */
let memory: { db: OfflineDb; products: CachedProduct[] } | null = null;

async function loadedProducts(db: OfflineDb): Promise<CachedProduct[]> {
  if (memory?.db !== db) {
    const all = await db.products.toArray();
    const products = all
      .filter((p) => p.active)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.sku < b.sku ? -1 : 1));
    memory = { db, products };
  }
  return memory.products;
}

const strip = ({ nameLower: _n, ...product }: CachedProduct): Product => product;

/**
 * Searches the device's catalog as GET /products does: active products whose name contains `q`
 * (case-insensitive), or whose SKU or a barcode equals it; or all of a category. A page of
 * `limit`, sorted by name. Kept in memory after the first call, so a search over 50,000 products
 * is one pass over an array.
 */
export async function searchCachedProducts(
  db: OfflineDb,
  query: { q?: string | undefined; categoryId?: string | undefined; limit: number },
): Promise<ProductPage> {
  const products = await loadedProducts(db);
  const q = query.q?.trim().toLowerCase() ?? '';
  const matches = products.filter((p) => {
    if (q) return p.nameLower.includes(q) || p.sku.toLowerCase() === q || p.barcodes.includes(q);
    return query.categoryId !== undefined && p.categoryId === query.categoryId;
  });
  return {
    items: matches.slice(0, query.limit).map(strip),
    total: matches.length,
    limit: query.limit,
    offset: 0,
  };
}

/** The device's product with exactly this barcode, or null; an archived one too, so the terminal can say why it cannot be sold. */
export async function findCachedByBarcode(db: OfflineDb, barcode: string): Promise<Product | null> {
  const found = await db.products.where('barcodes').equals(barcode).first();
  return found ? strip(found) : null;
}
