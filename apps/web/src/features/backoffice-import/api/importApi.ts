import type { ImportProgress, ImportStreamEvent, ProductImportResult } from '@kassa/contracts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { ApiError, apiErrorFromResponse } from '../../../lib/http/apiError.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';
import { withQuery, type QueryParams } from '../../../lib/http/apiClient.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function authHeaders(): Record<string, string> {
  const token = sessionStore.get()?.accessToken;
  return { 'X-Kassa-Request': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
}

/**
 * Sends a product file to POST /imports/products/stream as the raw request body (the server reads it
 * as it arrives). `query` carries dryRun and the column mapping. `onProgress` hears the server's
 * progress lines (rows read, then products written) while a large file is checked or imported.
 * Rejects with an ApiError for a problem answered before the stream or in its `error` line (a real
 * run with row errors: 422 `import_invalid`, its details listing them).
 */
export async function uploadProductsWithProgress(
  file: File,
  query: QueryParams,
  onProgress: (progress: ImportProgress) => void,
): Promise<ProductImportResult> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const response = await fetch(API_PREFIX + withQuery('/imports/products/stream', query), {
    method: 'POST',
    headers: {
      ...authHeaders(),
      Accept: 'application/x-ndjson',
      'Content-Type': xlsx ? XLSX_TYPE : 'text/csv',
    },
    body: file,
    credentials: 'same-origin',
  });
  if (!response.ok || !response.body) throw await apiErrorFromResponse(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffered += value ?? '';
    const lines = buffered.split('\n');
    buffered = done ? '' : lines.pop()!;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as ImportStreamEvent;
      if (event.type === 'progress') onProgress(event);
      else if (event.type === 'result') return event.result;
      else
        throw new ApiError(
          event.problem.status,
          event.problem.code,
          event.problem.detail ?? '',
          event.problem,
        );
    }
    if (done) throw new ApiError(502, 'import_interrupted', 'The import answer ended without a result');
  }
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
