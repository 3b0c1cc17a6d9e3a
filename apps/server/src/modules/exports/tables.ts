import { PassThrough, Readable } from 'node:stream';
import Papa from 'papaparse';

/** A table to export: column headers and rows of cell values (strings or numbers). */
export type Table = { name: string; columns: string[]; rows: (string | number | boolean | null)[][] };

/** Media types and file extensions of the export formats. */
export const EXPORT_TYPES = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
} as const;

/** RFC 4180 CSV of one table, header first, CRLF line ends. */
export function toCsv(table: Table): Buffer {
  return Buffer.from(Papa.unparse({ fields: table.columns, data: table.rows }, { newline: '\r\n' }) + '\r\n');
}

/** exceljs, loaded on first use: a server that never exports .xlsx does not keep it resident. */
async function loadExcelJS() {
  return (await import('exceljs')).default;
}

/**
 * An .xlsx workbook with one worksheet per table. Amount columns are exported as the same decimal
 * strings as the CSV (no binary floats in a money file); counts stay numbers. Written with exceljs's
 * streaming WorkbookWriter: each row is committed (serialized and released) as it is added, so no
 * in-memory workbook model of the whole file is built.
 */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
  });
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    header.commit();
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** A table whose rows arrive in batches (e.g. pages of a query), for a streamed export. */
export type TableStream = { name: string; columns: string[]; rows: AsyncIterable<Table['rows']> };

/** RFC 4180 CSV of a streamed table, header first, CRLF line ends, written batch by batch. */
export function csvStream(table: TableStream): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(Papa.unparse([table.columns], { newline: '\r\n' }) + '\r\n');
      for await (const batch of table.rows) {
        if (batch.length > 0) yield Buffer.from(Papa.unparse(batch, { newline: '\r\n' }) + '\r\n');
      }
    })(),
  );
}

/**
 * An .xlsx workbook of one streamed table, written with exceljs's streaming WorkbookWriter as the
 * batches arrive (each row committed; strings inline), so neither the rows nor a workbook model accumulate. A
 * failure while reading the rows destroys the stream with that error.
 */
export function xlsxStream(table: TableStream): Readable {
  const out = new PassThrough();
  const write = async () => {
    const ExcelJS = await loadExcelJS();
    // Inline strings: a shared-strings table would keep every distinct text of the file in memory.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    header.commit();
    for await (const batch of table.rows) for (const row of batch) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
