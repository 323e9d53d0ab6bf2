import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { AreasImportError, parseOfficialList } from '../areas/areas.import.ts';
import { readSpreadsheet } from './spreadsheet.ts';

describe(readSpreadsheet.name, () => {
  it('reads a CSV with a BOM and numbers rows from the header (row 1)', async () => {
    const table = await readSpreadsheet(
      Buffer.from('\uFEFFMã,Tên\n31117,Phường Phú Lợi\n\n31120,Xã Mỹ Tú\n'),
      'csv',
    );
    expect(table).toEqual({
      header: ['Mã', 'Tên'],
      rows: [
        { row: 2, cells: ['31117', 'Phường Phú Lợi'] },
        { row: 3, cells: ['31120', 'Xã Mỹ Tú'] },
      ],
    });
  });

  it('reads the first sheet of an .xlsx as the text a person sees in each cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['id', 'text', 'sum', 'link']);
    ws.addRow([
      7,
      { richText: [{ text: 'Dịch vụ ' }, { text: 'công', font: { bold: true } }] },
      { formula: '1+1', result: 2 },
      { text: 'Cổng DVC', hyperlink: 'https://dichvucong.gov.vn' },
    ]);
    const table = await readSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(table).toEqual({
      header: ['id', 'text', 'sum', 'link'],
      rows: [{ row: 2, cells: ['7', 'Dịch vụ công', '2', 'Cổng DVC'] }],
    });
  });

  it('refuses a file it cannot read with a message for staff', async () => {
    const err = await readSpreadsheet(Buffer.from('not a zip'), 'xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'bad_request', userMessage: expect.stringContaining('Excel') });
    await expect(readSpreadsheet(Buffer.from('a,"b\n'), 'csv')).rejects.toMatchObject({
      code: 'bad_request',
      userMessage: expect.stringContaining('Không đọc được tệp CSV'),
    });
  });

  it('an unreadable communes list is one problem of that import, not a server error', async () => {
    const err = await parseOfficialList(Buffer.from('not a zip'), 'xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AreasImportError);
    expect((err as AreasImportError).problems).toEqual([
      'Không đọc được tệp Excel (.xlsx). Vui lòng kiểm tra lại tệp.',
    ]);
  });
});
