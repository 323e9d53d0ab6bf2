import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContent } from '../../src/legal/content-check.ts';

/** The real content folder passes; a copy with a planted repealed reference fails, naming the file and place. */
describe('content:check', () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'content-check-'));
    await cp('content', copy, { recursive: true });
  });
  afterAll(() => rm(copy, { recursive: true, force: true }));

  it('finds no replaced document cited as current in today’s content', async () => {
    const result = await checkContent('content', '2026-12-01');
    expect(result.scanned).toBeGreaterThan(1000);
    expect(result.problems).toEqual([]);
  });

  it('fails on a repealed decree planted in an FAQ answer and in a quiz explanation', async () => {
    const faq = path.join(copy, 'faq', 'one-stop-shop.md');
    await writeFile(faq, `${await readFile(faq, 'utf8')}\nHồ sơ nộp theo Nghị định 61/2018/NĐ-CP.\n`);
    const bank = path.join(copy, 'quiz', 'banks', 'cchc-2025.yaml');
    const text = await readFile(bank, 'utf8');
    await writeFile(
      bank,
      text.replace(
        /(id: cchc-001\n(?:.*\n)*? {4}explanation: ")/,
        '$1Theo Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. ',
      ),
    );
    const result = await checkContent(copy, '2026-12-01');
    const where = result.problems.map((p) => `${path.basename(p.file)} ${p.place}`);
    expect(where).toContain('one-stop-shop.md answer');
    expect(where).toContain('cchc-2025.yaml questions[cchc-001].explanation');
    expect(result.problems.find((p) => p.place === 'answer')?.message).toContain('118/2025/NĐ-CP');
  });

  it('warns when a survey puts every correct option in the same position', async () => {
    const result = await checkContent('content', '2026-12-01');
    expect(result.warnings.map((w) => w.message)).toContain(
      'citizen-cchc-2025: đáp án đúng của cả 4 câu kiến thức đều ở vị trí thứ 2',
    );
    expect(result.warnings.filter((w) => w.message.includes('2026:'))).toEqual([]);
  });
});
