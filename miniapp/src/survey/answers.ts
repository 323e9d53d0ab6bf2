import type { AnswerValue, FormQuestion } from '@cchc/contract/surveys';

export type { AnswerValue };

/** What the skip logic needs of a question (type-only import: the backend's tests run these functions in Node). */
export type SkippableQuestion = Pick<FormQuestion, 'id' | 'showIf'>;

export type Answers = Record<string, AnswerValue>;

/** Same rule as the server's skip logic (src/surveys/survey.answers.ts): shown when the earlier answer matches. */
export function isShown(q: SkippableQuestion, answers: Answers): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.question];
  if (Array.isArray(given)) return given.includes(String(q.showIf.equals));
  return given !== undefined && String(given) === String(q.showIf.equals);
}

/** The answers to send: only shown questions, no empty text or empty choice (a skipped question has no key). */
export function answersToSend(questions: SkippableQuestion[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v = answers[q.id];
    if (v === undefined || !isShown(q, out)) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[q.id] = v;
  }
  return out;
}

/** Lower case without Vietnamese diacritics, so "vinh phuoc" finds "Phường Vĩnh Phước" and "đ" matches "d". */
export function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
