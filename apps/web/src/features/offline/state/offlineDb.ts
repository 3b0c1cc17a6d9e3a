import type { CreateSaleRequest, Product } from '@kassa/contracts';
import { Dexie, type EntityTable } from 'dexie';

/**
 * A completed sale waiting to reach the server. `id` is the sale's client-made UUIDv7, so a
 * retry is the same request and the server's idempotency makes it safe; UUIDv7 ids sort by
 * creation time, so ordering by id pushes oldest first.
 */
export type OutboxEntry = {
  id: string;
  kind: 'sale';
  registerId: string;
  body: CreateSaleRequest;
  /** When the cashier completed the document (ISO 8601, terminal clock). */
  createdAt: string;
  /** Failed sends so far (network errors, server errors). */
  attempts: number;
  /** Epoch milliseconds before which the sync loop leaves the entry alone (backoff, or a send in progress). */
  nextAttemptAt: number;
  lastError: string | null;
};

/**
 * A document the server refused for a business reason (a product archived meanwhile, a closed
 * shift...): kept for a manager to see and resolve, never dropped silently.
 */
export type AttentionEntry = {
  id: string;
  kind: 'sale';
  registerId: string;
  body: CreateSaleRequest;
  createdAt: string;
  /** The server's problem code and sentence, and its HTTP status. */
  code: string;
  message: string;
  status: number;
  refusedAt: string;
};

/** A product as the terminal keeps it: the API product plus a lower-cased name for search. */
export type CachedProduct = Product & { nameLower: string };

/** Small values: catalog version, last sync times. */
export type MetaEntry = { key: string; value: unknown };

/** The terminal's IndexedDB database. */
export type OfflineDb = Dexie & {
  outbox: EntityTable<OutboxEntry, 'id'>;
  attention: EntityTable<AttentionEntry, 'id'>;
  products: EntityTable<CachedProduct, 'id'>;
  meta: EntityTable<MetaEntry, 'key'>;
};

/** Opens (creating or upgrading) the terminal database `name`; tests pass their own name. */
export function openOfflineDb(name = 'kassa-terminal'): OfflineDb {
  const db = new Dexie(name) as OfflineDb;
  db.version(1).stores({
    outbox: 'id, registerId, nextAttemptAt',
    attention: 'id, registerId',
    products: 'id, sku, *barcodes, categoryId, updatedAt',
    meta: 'key',
  });
  return db;
}

let shared: OfflineDb | null = null;

/** The one database of this page. */
export function offlineDb(): OfflineDb {
  shared ??= openOfflineDb();
  return shared;
}
