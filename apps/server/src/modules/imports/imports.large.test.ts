/**
 * 50,000 product rows in one upload: imported in one go, streamed, with bounded memory. The peak
 * resident set size is sampled while the import runs and printed (see the issue 7 note).
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gtinCheckDigit } from '@kassa/domain';
import type { LoginResponse, ProductImportResult } from '@kassa/contracts';
import { bearer, createTestApp, login, type TestContext } from '../../../test/harness.ts';
import { seedEmptyCompany } from '../../../test/company-factory.ts';

const ROWS = 50_000;
let t: TestContext;
let owner: LoginResponse;

beforeAll(async () => {
  t = await createTestApp();
  const company = await seedEmptyCompany(t.db, {
    tag: 'big',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    country: 'FR',
  });
  owner = await login(t.app, company.email, company.password);
});
afterAll(async () => {
  await t?.close();
});

/** A generated CSV of `ROWS` products, produced chunk by chunk (never one big string). */
function bigCsv(): Readable {
  return Readable.from(
    (function* () {
      yield 'sku,name,price,cost,barcode,category,unit\n';
      for (let i = 0; i < ROWS; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) {
          const body = `29${String(j).padStart(10, '0')}`;
          chunk += `P-${j},Product number ${j},${(j % 5000) + 1}.${String(j % 100).padStart(2, '0')},1.25,${body}${gtinCheckDigit(body)},Group ${j % 40},${j % 7 === 0 ? 'kg' : 'each'}\n`;
        }
        yield chunk;
      }
    })(),
  );
}

it(`imports ${ROWS} rows in one request with bounded memory, then re-imports as unchanged`, async () => {
  let peak = process.memoryUsage().rss;
  const base = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports/products?dryRun=false',
    headers: { ...bearer(owner.accessToken), 'content-type': 'text/csv' },
    payload: bigCsv(),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.json<ProductImportResult>()).toMatchObject({ rows: ROWS, created: ROWS, errors: [] });
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  console.log(
    `import of ${ROWS} rows: ${seconds.toFixed(1)} s, peak RSS ${mb(peak)} MB (start ${mb(base)} MB)`,
  );
  // The whole test process (PGlite's database included) stays far below a small server's memory.
  expect(peak - base).toBeLessThan(1024 * 1024 * 1024);

  const again = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports/products?dryRun=false',
    headers: { ...bearer(owner.accessToken), 'content-type': 'text/csv' },
    payload: bigCsv(),
  });
  expect(again.json<ProductImportResult>()).toMatchObject({ created: 0, updated: 0, unchanged: ROWS });
}, 600_000);
