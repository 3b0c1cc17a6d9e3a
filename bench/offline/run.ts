/// <reference lib="dom" />
/**
 * `npm run bench:offline`: the offline terminal measured in Chromium (issue 8).
 * 1. Sync: 500 sales waiting in a terminal's IndexedDB outbox when the network comes back; the time
 *    until the terminal has sent them all (one request each, oldest first, as the app does).
 * 2. Search: the device catalog with 50,000 products in IndexedDB; latency of the terminal's own
 *    name search and barcode lookup (apps/web/src/features/offline/state/catalogCache.ts, bundled
 *    as is), p50 / p95 over repeated queries, and the first search that loads the catalog.
 * Prints timings and writes bench/results/offline-<date>.json and .md; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import type { LoginResponse, Product, ProductPage, Store } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium';
const SALES = Number(process.env.BENCH_OFFLINE_SALES ?? 500);
const PRODUCTS = Number(process.env.BENCH_OFFLINE_PRODUCTS ?? 50_000);
const QUERIES = 200;
const log = (message: string) =>
  console.log(`[bench offline ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Starts the real server on a fresh embedded database with the demo company; resolves when /health answers. */
async function startServer(port: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-bench-offline-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KASSA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 360; i += 1) {
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    baseUrl,
    stop: () => {
      child.kill('SIGTERM');
      return new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() =>
        rmSync(dataDir, { recursive: true, force: true }),
      );
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const stats = (ms: number[]) => {
  const sorted = ms.toSorted((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: ms.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    max: r(sorted.at(-1)!),
  };
};

/** The terminal's catalog module, bundled for the page: window.kassaBench. */
async function catalogBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `export { openOfflineDb } from './apps/web/src/features/offline/state/offlineDb.ts';
        export { searchCachedProducts, findCachedByBarcode } from './apps/web/src/features/offline/state/catalogCache.ts';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'kassaBench',
    write: false,
    minify: true,
    platform: 'browser',
  });
  return out.outputFiles[0]!.text;
}

async function measureSync(page: Page, baseUrl: string, cashier: LoginResponse, manager: LoginResponse) {
  const get = async <T>(path: string, as = cashier) =>
    (await (
      await fetch(`${baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${as.accessToken}` } })
    ).json()) as T;
  const [store] = (await get<{ items: Store[] }>('/stores')).items as [Store];
  const sellable = (await get<ProductPage>(`/products?limit=200&storeId=${store.id}`)).items.filter(
    (p: Product) => p.active && p.price > 0,
  );
  if (sellable.length === 0) throw new Error('no product to sell');
  await page.goto(`${baseUrl}/pos`);
  await page.getByTestId('login-email').fill('cashier@demo.kassa.dev');
  await page.getByTestId('login-password').fill('kassa-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('store-option').filter({ hasText: store.name }).click();
  await page.getByTestId('register-option').first().click();
  const openFloat = page.getByTestId('opening-float');
  await openFloat.or(page.getByTestId('search-input')).first().waitFor();
  if (await openFloat.isVisible()) {
    await openFloat.fill('150.00');
    await page.getByTestId('open-shift').click();
    await page.getByTestId('search-input').waitFor();
  }
  const registerId = store.registers[0]!.id;
  const start = Date.now() - 3600_000;
  const entries = Array.from({ length: SALES }, (_, i) => {
    const product = sellable[i % sellable.length]!;
    const createdAt = new Date(start + i * 1000).toISOString();
    const id = newDocumentId();
    return {
      id,
      kind: 'sale',
      registerId,
      body: {
        id,
        registerId,
        lines: [{ productId: product.id, quantity: '1', listedPrice: product.price }],
        tenders: [{ method: 'cash', amount: 1_000_000 }],
        clientCreatedAt: createdAt,
      },
      createdAt,
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    };
  });
  await page.context().setOffline(true);
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kassa-terminal');
        open.onerror = () => reject(new Error('open'));
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          for (const row of rows) tx.objectStore('outbox').put(row);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error('put'));
        };
      }),
    entries,
  );
  const pending = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('kassa-terminal');
          open.onsuccess = () => {
            const count = open.result.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
  log(`${await pending()} sales in the outbox; network back`);
  const t0 = performance.now();
  await page.context().setOffline(false);
  while ((await pending()) > 0) {
    if (performance.now() - t0 > 600_000) throw new Error('the outbox did not empty in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  const total = (await get<{ total: number }>(`/sales?registerId=${registerId}&limit=1`, manager)).total;
  return {
    sales: SALES,
    seconds: Math.round(seconds * 100) / 100,
    salesPerSecond: Math.round((SALES / seconds) * 10) / 10,
    storedOnRegister: total,
  };
}

async function measureSearch(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/health`);
  await page.addScriptTag({ content: await catalogBundle() });
  return page.evaluate(
    async ({ products, queries }) => {
      type Bench = {
        openOfflineDb: (name: string) => {
          products: { bulkPut: (rows: unknown[]) => Promise<unknown> };
          delete: () => Promise<void>;
        };
        searchCachedProducts: (db: unknown, q: { q?: string; limit: number }) => Promise<{ total: number }>;
        findCachedByBarcode: (db: unknown, barcode: string) => Promise<unknown>;
      };
      const bench = (window as unknown as { kassaBench: Bench }).kassaBench;
      const db = bench.openOfflineDb('kassa-bench-50k');
      const words = [
        'Vodka',
        'Whiskey',
        'Gin',
        'Rum',
        'Tequila',
        'Brandy',
        'Liqueur',
        'Schnapps',
        'Wine',
        'Beer',
      ];
      const makers = [
        'Absolut',
        'Smirnoff',
        'Jameson',
        'Bacardi',
        'Patron',
        'Hennessy',
        'Baileys',
        'Gordon',
        'Tanqueray',
        'Jose',
      ];
      const rows = Array.from({ length: products }, (_, i) => {
        const name = `${makers[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`;
        return {
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          sku: `SKU-${i}`,
          name,
          nameLower: name.toLowerCase(),
          barcodes: [String(2_000_000_000_000 + i)],
          price: 1000 + (i % 5000),
          active: true,
          categoryId: null,
          taxes: [],
          ageRestricted: false,
          volumeMl: 750,
          stockOnHand: null,
          updatedAt: new Date().toISOString(),
        };
      });
      let t = performance.now();
      for (let i = 0; i < rows.length; i += 5000) await db.products.bulkPut(rows.slice(i, i + 5000));
      const loadMs = performance.now() - t;
      t = performance.now();
      await bench.searchCachedProducts(db, { q: 'vodka 1', limit: 60 });
      const firstSearchMs = performance.now() - t;
      const search: number[] = [];
      const barcode: number[] = [];
      for (let i = 0; i < queries; i += 1) {
        const q =
          i % 2 === 0
            ? `${makers[i % 10]} ${words[(i * 7) % 10]}`.toLowerCase()
            : String((i * 9973) % products);
        t = performance.now();
        await bench.searchCachedProducts(db, { q, limit: 60 });
        search.push(performance.now() - t);
        t = performance.now();
        const found = await bench.findCachedByBarcode(
          db,
          String(2_000_000_000_000 + ((i * 7919) % products)),
        );
        barcode.push(performance.now() - t);
        if (!found) throw new Error('barcode not found');
      }
      await db.delete();
      return { loadMs, firstSearchMs, search, barcode };
    },
    { products: PRODUCTS, queries: QUERIES },
  );
}

const port = 39_000 + Math.floor(Math.random() * 1000);
log(`starting the server on ${port}`);
const server = await startServer(port);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const login = async (email: string) =>
    (await (
      await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'kassa-demo' }),
      })
    ).json()) as LoginResponse;
  const context = await browser.newContext();
  const sync = await measureSync(
    await context.newPage(),
    server.baseUrl,
    await login('cashier@demo.kassa.dev'),
    await login('manager@demo.kassa.dev'),
  );
  log(`sync: ${JSON.stringify(sync)}`);
  // The bundled module is injected inline: the app's Content-Security-Policy would refuse it.
  const raw = await measureSearch(
    await (await browser.newContext({ bypassCSP: true })).newPage(),
    server.baseUrl,
  );
  const search = {
    products: PRODUCTS,
    loadIntoIndexedDbMs: Math.round(raw.loadMs),
    firstSearchMs: Math.round(raw.firstSearchMs * 100) / 100,
    nameSearchMs: stats(raw.search),
    barcodeLookupMs: stats(raw.barcode),
  };
  log(`search: ${JSON.stringify(search)}`);
  const date = new Date().toISOString().slice(0, 10);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', chromium: browser.version() };
  const results = { date, machine, sync, search };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/offline-${date}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    join(ROOT, `bench/results/offline-${date}.md`),
    [
      `# Offline terminal in Chromium, ${date}`,
      '',
      `Machine: ${machine.cpus} CPUs (${machine.cpu}), Chromium ${machine.chromium}; server on PGlite. \`npm run bench:offline\`.`,
      '',
      `- Sync of ${sync.sales} offline sales from the outbox, one request each, after the network came back: ` +
        `**${sync.seconds} s** (${sync.salesPerSecond} sales/s).`,
      `- ${PRODUCTS} products in IndexedDB (written in ${search.loadIntoIndexedDbMs} ms). First search (loads the catalog into memory): ${search.firstSearchMs} ms.`,
      `- Name search: p50 **${search.nameSearchMs.p50} ms**, p95 **${search.nameSearchMs.p95} ms** (max ${search.nameSearchMs.max}, n=${search.nameSearchMs.n}).`,
      `- Barcode lookup: p50 **${search.barcodeLookupMs.p50} ms**, p95 **${search.barcodeLookupMs.p95} ms** (max ${search.barcodeLookupMs.max}, n=${search.barcodeLookupMs.n}).`,
      '',
      "Measured with the terminal's own code: the sync by the running /pos app, the search by its catalogCache module. Shared 2-core machine, other work running: figures are indicative.",
      '',
    ].join('\n'),
  );
} finally {
  await browser.close();
  await server.stop();
}
