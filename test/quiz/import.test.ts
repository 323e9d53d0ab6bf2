import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../helpers/db.ts';
import type { Database } from '../../src/db/client.ts';
import { importBank, parseCorrect } from '../../src/quiz/quiz.import.ts';
import { quizQuestions } from '../../src/quiz/quiz.schema.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const header = [
  'id',
  'type',
  'topic',
  'difficulty',
  'text',
  'option_1',
  'option_2',
  'option_3',
  'option_4',
  'correct',
  'explanation',
  'source',
];
const good = [
  [
    't-001',
    'single',
    'dvc',
    '1',
    'Cổng Dịch vụ công quốc gia có địa chỉ nào?',
    'dichvucong.gov.vn',
    'vneid.gov.vn',
    'zalo.me',
    '',
    '1',
    'Giải thích 1',
    'Cổng DVCQG',
  ],
  [
    't-002',
    'multiple',
    'vneid',
    '2',
    'Ứng dụng VNeID dùng để làm gì?',
    'Định danh điện tử',
    'Chơi game',
    'Tích hợp giấy tờ',
    '',
    '1,3',
    'Giải thích 2',
    'Luật Căn cước',
  ],
  [
    't-003',
    'truefalse',
    'cchc',
    '',
    'Cải cách hành chính gồm cải cách thể chế.',
    'Đúng',
    'Sai',
    '',
    '',
    'A',
    'Giải thích 3',
    'NQ 76/NQ-CP',
  ],
];

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Câu hỏi');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const count = async (bank: string) =>
  (await database.db.select().from(quizQuestions).where(eq(quizQuestions.bank, bank))).length;

describe('bank import', () => {
  it('imports a good XLSX and a good CSV, and a re-import updates instead of duplicating', async () => {
    const r1 = await importBank(database.db, {
      bank: 'imp-x',
      format: 'xlsx',
      data: await xlsx([header, ...good]),
    });
    expect(r1).toMatchObject({ ok: true, rows: 3, imported: 3, created: 3, updated: 0, problems: [] });
    const r2 = await importBank(database.db, { bank: 'imp-x', format: 'csv', data: csv([header, ...good]) });
    expect(r2).toMatchObject({ ok: true, created: 0, updated: 3 });
    expect(await count('imp-x')).toBe(3);
    const [q2] = await database.db.select().from(quizQuestions).where(eq(quizQuestions.code, 't-002'));
    expect(q2).toMatchObject({
      type: 'multiple',
      correct: [0, 2],
      options: ['Định danh điện tử', 'Chơi game', 'Tích hợp giấy tờ'],
    });
  });

  it('a dry run reports without writing', async () => {
    const r = await importBank(database.db, {
      bank: 'imp-dry',
      format: 'csv',
      data: csv([header, ...good]),
      dryRun: true,
    });
    expect(r).toMatchObject({ ok: true, imported: 0, created: 3 });
    expect(await count('imp-dry')).toBe(0);
  });

  it('refuses wrong columns with a header-row report', async () => {
    const bad = ['id', 'loai', 'topic', 'text', 'option_1', 'option_2', 'explanation', 'source', 'source'];
    const r = await importBank(database.db, {
      bank: 'imp-h',
      format: 'csv',
      data: csv([bad, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']]),
    });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.row, p.column])).toEqual(
      expect.arrayContaining([
        [1, 'loai'],
        [1, 'type'],
        [1, 'correct'],
        [1, 'source'],
      ]),
    );
    expect(r.problems.every((p) => p.row === 1 && /[ộắưữ]|Thiếu|Cột/.test(p.message))).toBe(true);
    expect(await count('imp-h')).toBe(0);
  });

  it('reports every bad row by row and column, in Vietnamese, and imports nothing', async () => {
    const rows = [
      header,
      good[0]!,
      ['t-002', 'single', 'dvc', '1', 'Câu không có đáp án?', 'A', 'B', '', '', '', 'x', 'y'],
      ['t-003', 'single', 'dvc', '1', 'Câu hai đáp án đúng?', 'A', 'B', 'C', '', '1,2', 'x', 'y'],
      ['t-004', 'essay', 'thoi-tiet', '1', 'Loại lạ?', 'A', 'B', '', '', '1', 'x', 'y'],
      ['t-005', 'single', 'dvc', '1', 'Phương án trống?', 'A', '', 'C', '', '1', 'x', 'y'],
      [
        't-001',
        'single',
        'dvc',
        '1',
        'Cổng  dịch vụ công quốc gia có địa chỉ nào?',
        'A',
        'B',
        '',
        '',
        '1',
        'x',
        'y',
      ],
      ['t-007', 'single', 'dvc', '1', 'Đáp án ngoài phạm vi?', 'A', 'B', '', '', '5', 'x', 'y'],
      ['t-008', 'single', 'dvc', '1', 'Đáp án chữ lạ?', 'A', 'B', '', '', 'đúng', 'x', 'y'],
      ['t-009', 'single', 'dvc', '1', 'Thiếu nguồn?', 'A', 'B', '', '', '1', '', ''],
    ];
    for (const format of ['csv', 'xlsx'] as const) {
      const data = format === 'csv' ? csv(rows) : await xlsx(rows);
      const r = await importBank(database.db, { bank: 'imp-bad', format, data });
      expect(r.ok).toBe(false);
      const at = (row: number) => r.problems.filter((p) => p.row === row).map((p) => p.column);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual(['correct']);
      expect(at(4)).toEqual(['correct']);
      expect(at(5).sort()).toEqual(['topic', 'type']);
      expect(at(6)).toEqual(['options']);
      expect(at(7).sort()).toEqual(['id', 'text']);
      expect(at(8)).toEqual(['correct']);
      expect(at(9)).toEqual(['correct']);
      expect(at(10).sort()).toEqual(['explanation', 'source']);
      expect(r.problems.find((p) => p.row === 4)!.message).toBe(
        'Câu một lựa chọn chỉ được có một đáp án đúng.',
      );
      expect(r.problems.find((p) => p.row === 3)!.message).toBe('Chưa có đáp án đúng.');
      expect(await count('imp-bad')).toBe(0);
    }
  });

  it('refuses a question already in the bank under another id', async () => {
    await importBank(database.db, { bank: 'imp-d', format: 'csv', data: csv([header, good[0]!]) });
    const copy = [...good[0]!];
    copy[0] = 't-100';
    const r = await importBank(database.db, {
      bank: 'imp-d',
      format: 'csv',
      data: csv([header, copy, good[1]!]),
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { row: 2, column: 'text', message: 'Câu hỏi trùng nội dung với câu "t-001" đã có trong ngân hàng.' },
    ]);
    expect(await count('imp-d')).toBe(1);
  });

  it('says so when the file is not a spreadsheet', async () => {
    await expect(
      importBank(database.db, { bank: 'x', format: 'xlsx', data: Buffer.from('not a zip') }),
    ).rejects.toThrow(/xlsx/);
  });
});

describe(parseCorrect.name, () => {
  it('reads numbers and letters', () => {
    expect(parseCorrect('2')).toEqual([1]);
    expect(parseCorrect('1, 3')).toEqual([0, 2]);
    expect(parseCorrect('b;D')).toEqual([1, 3]);
    expect(parseCorrect('')).toEqual([]);
    expect(parseCorrect('x1')).toBeUndefined();
  });
});
