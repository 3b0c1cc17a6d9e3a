import { Transform, type Readable } from 'node:stream';
import Papa from 'papaparse';
import type { CellValue, Row } from 'exceljs';
import { AppError } from '../../errors.ts';

/** Spreadsheet formats an import reads. */
export type SheetFormat = 'csv' | 'xlsx';

/** Largest upload an import accepts, in bytes (50,000 product rows of CSV are about 6 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/**
 * Passes bytes through and fails with `file_too_large` (413) as soon as more than `limit` bytes went
 * by, so an oversized upload is refused without being read to the end.
 */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        callback(
          new AppError('file_too_large', 413, `The file is larger than ${limit} bytes`, { maxBytes: limit }),
        );
      } else callback(null, chunk);
    },
  });
}

/** An Excel cell as the text a user sees: numbers in shortest form, dates as ISO 8601, rich text joined. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result);
    return '';
  }
  return String(value);
}

async function* csvRows(input: Readable): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: 'greedy' });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let first = true;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (first && row.length > 0) row[0] = row[0]!.replace(/^\uFEFF/, '');
    first = false;
    yield row;
  }
}

async function* xlsxRows(input: Readable): AsyncGenerator<string[]> {
  // Loaded on first use: a server that never imports an .xlsx does not keep exceljs resident.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  let done = false;
  for await (const sheet of reader) {
    // Only the first worksheet is read; the rest are drained so the reader can finish.
    for await (const row of sheet as AsyncIterable<Row>) {
      if (done) continue;
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = Array.from(values, (v) => cellText(v).trim());
      if (cells.some((c) => c !== '')) yield cells;
    }
    done = true;
  }
}

/**
 * The rows of an uploaded spreadsheet (the first worksheet of an .xlsx), one array of cell texts at
 * a time, read as the bytes arrive: memory stays flat whatever the file size.
 * @throws AppError `file_too_large` (413) past `maxBytes`; `unsupported_file` (415) for a file that
 * is not the format it claims.
 */
export async function* readSheetRows(
  body: Readable,
  format: SheetFormat,
  maxBytes = MAX_IMPORT_BYTES,
): AsyncGenerator<string[]> {
  const limited = body.pipe(byteLimit(maxBytes));
  body.on('error', (error) => limited.destroy(error));
  try {
    yield* format === 'csv' ? csvRows(limited) : xlsxRows(limited);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('unsupported_file', 415, `The file could not be read as ${format}`, {
      format,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}
