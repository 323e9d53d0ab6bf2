import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../http/errors.ts';

/** An uploaded list as text: the header row, then each row with its spreadsheet row number (header = row 1). */
export interface SheetTable {
  header: string[];
  rows: { row: number; cells: string[] }[];
}

/**
 * Reads the first sheet of an .xlsx, or a CSV (UTF-8, BOM allowed), for the imports staff upload (the communes
 * list, quiz banks). A file that cannot be read is an AppError('bad_request') whose message tells staff why.
 */
export async function readSpreadsheet(data: Buffer, format: 'xlsx' | 'csv'): Promise<SheetTable> {
  return format === 'xlsx' ? readXlsx(data) : readCsv(data);
}

async function readXlsx(data: Buffer): Promise<SheetTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      'bad_request',
      'xlsx unreadable',
      'Không đọc được tệp Excel (.xlsx). Vui lòng kiểm tra lại tệp.',
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('bad_request', 'xlsx empty', 'Tệp Excel không có trang tính nào.');
  const lines: SheetTable['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    lines.push({ row: rowNumber, cells });
  });
  const [head, ...rows] = lines;
  return { header: head?.cells ?? [], rows };
}

/** What a person sees in the cell: rich text joined, a formula's result, a hyperlink's text. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

function readCsv(data: Buffer): SheetTable {
  let records: string[][];
  try {
    records = parse(data.toString('utf8').replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (err) {
    throw new AppError('bad_request', 'csv unreadable', `Không đọc được tệp CSV: ${(err as Error).message}`);
  }
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}
