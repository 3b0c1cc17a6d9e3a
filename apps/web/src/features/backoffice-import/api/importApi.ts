import type { ProductImportResult } from '@kassa/contracts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { apiErrorFromResponse } from '../../../lib/http/apiError.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';
import { withQuery, type QueryParams } from '../../../lib/http/apiClient.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function authHeaders(): Record<string, string> {
  const token = sessionStore.get()?.accessToken;
  return { 'X-Kassa-Request': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
}

/**
 * Sends a product file to POST /imports/products as the raw request body (the server streams it).
 * `query` carries dryRun and the column mapping. Rejects with an ApiError on a problem answer
 * (a real run with row errors is 422 `import_invalid`, its details listing them).
 */
export async function uploadProducts(file: File, query: QueryParams): Promise<ProductImportResult> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const response = await fetch(API_PREFIX + withQuery('/imports/products', query), {
    method: 'POST',
    headers: { ...authHeaders(), Accept: 'application/json', 'Content-Type': xlsx ? XLSX_TYPE : 'text/csv' },
    body: file,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await apiErrorFromResponse(response);
  return (await response.json()) as ProductImportResult;
}

/** Downloads an export (CSV or XLSX) and hands it to the browser as a file. */
export async function downloadExport(path: string, query: QueryParams): Promise<void> {
  const response = await fetch(API_PREFIX + withQuery(path, query), {
    headers: authHeaders(),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await apiErrorFromResponse(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
