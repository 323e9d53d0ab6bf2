import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { readSpreadsheet } from '../lib/spreadsheet.ts';
import { upsertQuestions } from './quiz.content.ts';
import { quizQuestions } from './quiz.schema.ts';
import { questionFingerprint, questionProblems, type QuestionInput } from './quiz.validation.ts';

/**
 * Bank import columns (first row is the header, names as below, any order, case-insensitive):
 * id, type (single | multiple | truefalse), topic (see quizTopics), difficulty (1–3, optional, default 1), text,
 * option_1 … option_8 (at least two; for truefalse "Đúng", "Sai"), correct (option numbers from 1, comma-separated:
 * "2" or "1,3"; letters A–H also accepted), explanation, source.
 */
export const importColumns = {
  required: ['id', 'type', 'topic', 'text', 'option_1', 'option_2', 'correct', 'explanation', 'source'],
  optional: ['difficulty', 'option_3', 'option_4', 'option_5', 'option_6', 'option_7', 'option_8'],
} as const;

/** One problem of an import, where a person would look for it: spreadsheet row number (header = 1) and column. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportReport {
  ok: boolean;
  rows: number;
  imported: number;
  created: number;
  updated: number;
  problems: ImportProblem[];
}

function headerProblems(header: string[]): ImportProblem[] {
  const known = new Set<string>([...importColumns.required, ...importColumns.optional]);
  const names = header.map((h) => h.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  names.forEach((n, i) => {
    if (n && !known.has(n))
      problems.push({ row: 1, column: n, message: `Cột "${header[i]}" không được hỗ trợ.` });
    if (n && names.indexOf(n) !== i)
      problems.push({ row: 1, column: n, message: `Cột "${n}" xuất hiện hai lần.` });
  });
  for (const r of importColumns.required)
    if (!names.includes(r)) problems.push({ row: 1, column: r, message: `Thiếu cột bắt buộc "${r}".` });
  return problems;
}

/** "2", "1, 3", "B", "a;c" → zero-based indexes; undefined when a token is not a number or letter. */
export function parseCorrect(raw: string): number[] | undefined {
  const tokens = raw.split(/[,;\s]+/).filter(Boolean);
  const out: number[] = [];
  for (const t of tokens) {
    if (/^\d+$/.test(t)) out.push(Number(t) - 1);
    else if (/^[a-h]$/i.test(t)) out.push(t.toUpperCase().charCodeAt(0) - 65);
    else return undefined;
  }
  return out;
}

function rowToQuestion(
  names: string[],
  cells: string[],
  row: number,
): { q: QuestionInput; problems: ImportProblem[] } {
  const get = (col: string) => (cells[names.indexOf(col)] ?? '').normalize('NFC').trim();
  const problems: ImportProblem[] = [];
  const options = [
    'option_1',
    'option_2',
    'option_3',
    'option_4',
    'option_5',
    'option_6',
    'option_7',
    'option_8',
  ]
    .map((c, i) => ({ c, i, v: names.includes(c) ? get(c) : undefined }))
    .filter((o) => o.v !== undefined);
  // Trailing empty options are just unused columns; an empty option before a filled one is a mistake.
  const lastFilled = Math.max(-1, ...options.filter((o) => o.v).map((o) => o.i));
  const used = options.filter((o) => o.i <= lastFilled).map((o) => o.v ?? '');
  const correct = parseCorrect(get('correct'));
  if (correct === undefined)
    problems.push({
      row,
      column: 'correct',
      message: 'Đáp án đúng phải là số thứ tự phương án (ví dụ "2" hoặc "1,3").',
    });
  const difficultyRaw = get('difficulty');
  const q: QuestionInput = {
    code: get('id'),
    type: get('type').toLowerCase(),
    topic: get('topic').toLowerCase(),
    difficulty: difficultyRaw ? Number(difficultyRaw) : 1,
    text: get('text'),
    options: used,
    correct: correct ?? [],
    explanation: get('explanation'),
    source: get('source'),
  };
  const rules = questionProblems(q).filter((p) => !(correct === undefined && p.column === 'correct'));
  problems.push(...rules.map((p) => ({ row, column: p.column, message: p.message })));
  return { q, problems };
}

/**
 * Checks a whole bank file and, only when every row is right, upserts its questions in one transaction. With
 * `dryRun` nothing is written: the organiser sees the same report first.
 */
export async function importBank(
  db: Db,
  input: { bank: string; format: 'xlsx' | 'csv'; data: Buffer; dryRun?: boolean },
): Promise<ImportReport> {
  const table = await readSpreadsheet(input.data, input.format);
  const problems = headerProblems(table.header);
  const empty: ImportReport = {
    ok: false,
    rows: table.rows.length,
    imported: 0,
    created: 0,
    updated: 0,
    problems,
  };
  if (problems.length > 0) return empty;
  if (table.rows.length === 0)
    return { ...empty, problems: [{ row: 2, column: '', message: 'Tệp không có câu hỏi nào.' }] };
  const names = table.header.map((h) => h.trim().toLowerCase());
  const parsed = table.rows.map((r) => ({ row: r.row, ...rowToQuestion(names, r.cells, r.row) }));
  for (const p of parsed) problems.push(...p.problems);
  problems.push(...(await duplicateProblems(db, input.bank, parsed)));
  problems.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  if (problems.length > 0) return { ...empty, problems };
  const existing = new Set(
    (
      await db
        .select({ code: quizQuestions.code })
        .from(quizQuestions)
        .where(eq(quizQuestions.bank, input.bank))
    ).map((r) => r.code),
  );
  const created = parsed.filter((p) => !existing.has(p.q.code)).length;
  if (!input.dryRun)
    await db.transaction((tx) =>
      upsertQuestions(
        tx,
        input.bank,
        parsed.map((p) => p.q),
        false,
      ),
    );
  return {
    ok: true,
    rows: parsed.length,
    imported: input.dryRun ? 0 : parsed.length,
    created,
    updated: parsed.length - created,
    problems: [],
  };
}

async function duplicateProblems(
  db: Db,
  bank: string,
  parsed: { row: number; q: QuestionInput }[],
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const byCode = new Map<string, number>();
  const byText = new Map<string, number>();
  for (const { row, q } of parsed) {
    const first = byCode.get(q.code);
    if (first !== undefined)
      problems.push({ row, column: 'id', message: `Mã câu hỏi "${q.code}" trùng với dòng ${first}.` });
    else byCode.set(q.code, row);
    const key = questionFingerprint(q.text);
    const same = byText.get(key);
    if (key && same !== undefined)
      problems.push({ row, column: 'text', message: `Câu hỏi trùng nội dung với dòng ${same}.` });
    else byText.set(key, row);
  }
  // The same question already in the bank under another id would be asked twice in one draw.
  const stored = await db
    .select({ code: quizQuestions.code, text: quizQuestions.text })
    .from(quizQuestions)
    .where(and(eq(quizQuestions.bank, bank), eq(quizQuestions.active, 1)));
  const storedByText = new Map(stored.map((s) => [questionFingerprint(s.text), s.code]));
  for (const { row, q } of parsed) {
    const code = storedByText.get(questionFingerprint(q.text));
    if (code && code !== q.code)
      problems.push({
        row,
        column: 'text',
        message: `Câu hỏi trùng nội dung với câu "${code}" đã có trong ngân hàng.`,
      });
  }
  return problems;
}
