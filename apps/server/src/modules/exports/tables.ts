import Papa from 'papaparse';
import ExcelJS from 'exceljs';

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

/**
 * An .xlsx workbook with one worksheet per table. Amount columns are exported as the same decimal
 * strings as the CSV (no binary floats in a money file); counts stay numbers.
 */
export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
