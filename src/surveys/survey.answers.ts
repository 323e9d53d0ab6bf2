import { selfAssessmentQuestions, type SurveyDefinition, type SurveyQuestion } from './survey.definition.ts';

/**
 * Answers as stored: option id (single, knowledge), option ids (multiple), an integer (likert), 'yes' | 'no'
 * (yesno), or text. A question skipped or not shown has no key.
 */
export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

/** One problem with one answer, in Vietnamese for the person who sent it. */
export interface AnswerProblem {
  question: string;
  message: string;
}

export type ParsedAnswer = { ok: true; value: AnswerValue } | { ok: false; message: string };

const DEFAULT_TEXT_MAX = 1000;

/** Checks one raw answer against its question and returns the stored form. Pure; used by the form and the chat. */
export function parseAnswer(q: SurveyQuestion, raw: unknown): ParsedAnswer {
  switch (q.type) {
    case 'single':
    case 'knowledge':
      if (typeof raw !== 'string') return fail('cần chọn một phương án');
      return optionIds(q).has(raw) ? { ok: true, value: raw } : fail(`không có phương án "${raw}"`);
    case 'multiple':
      return parseMultiple(q, raw);
    case 'likert':
      return parseLikert(q, raw);
    case 'yesno':
      return raw === 'yes' || raw === 'no'
        ? { ok: true, value: raw }
        : fail('chỉ trả lời "yes" (có) hoặc "no" (không)');
    case 'text': {
      if (typeof raw !== 'string') return fail('cần một câu trả lời dạng chữ');
      const text = raw.normalize('NFC').trim();
      if (!text) return fail('câu trả lời đang để trống');
      const max = q.maxLength ?? DEFAULT_TEXT_MAX;
      return text.length > max ? fail(`câu trả lời dài quá ${max} ký tự`) : { ok: true, value: text };
    }
  }
}

function parseMultiple(q: SurveyQuestion, raw: unknown): ParsedAnswer {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string'))
    return fail('cần chọn ít nhất một phương án');
  const ids = optionIds(q);
  const bad = (list as string[]).find((v) => !ids.has(v));
  if (bad !== undefined) return fail(`không có phương án "${bad}"`);
  // Keep the definition's option order so equal choices store equally.
  const chosen = new Set(list as string[]);
  return { ok: true, value: [...ids].filter((id) => chosen.has(id)) };
}

function parseLikert(q: SurveyQuestion, raw: unknown): ParsedAnswer {
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  const { min, max } = q.scale ?? { min: 1, max: 5 };
  if (typeof value !== 'number' || !Number.isInteger(value))
    return fail(`cần một số nguyên từ ${min} đến ${max}`);
  if (value < min || value > max) return fail(`điểm ${value} nằm ngoài thang ${min}–${max}`);
  return { ok: true, value };
}

function optionIds(q: SurveyQuestion): Set<string> {
  return new Set(q.options?.map((o) => o.id));
}

function fail(message: string): ParsedAnswer {
  return { ok: false, message };
}

/** Whether a question is shown, given the answers so far (skip logic: `showIf` on an earlier answer). */
export function isShown(q: SurveyQuestion, answers: Answers): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.question];
  if (Array.isArray(given)) return given.includes(String(q.showIf.equals));
  return given !== undefined && String(given) === String(q.showIf.equals);
}

export type ValidatedAnswers = { ok: true; answers: Answers } | { ok: false; problems: AnswerProblem[] };

/**
 * Validates a whole submission: every key must be a question of the survey, every value fit its question, every
 * shown required question answered. Answers to questions hidden by skip logic are dropped (a form may keep them
 * after the person changed an earlier answer); nothing else is silently changed.
 */
export function validateAnswers(def: SurveyDefinition, raw: Record<string, unknown>): ValidatedAnswers {
  const problems: AnswerProblem[] = [];
  const known = new Map(def.questions.map((q) => [q.id, q]));
  for (const key of Object.keys(raw))
    if (!known.has(key))
      problems.push({ question: key, message: `Câu hỏi "${key}" không có trong khảo sát này.` });
  const answers: Answers = {};
  for (const q of def.questions) {
    if (!isShown(q, answers)) continue;
    const value = raw[q.id];
    if (value === undefined || value === null || value === '') {
      if (q.required)
        problems.push({ question: q.id, message: `Câu "${q.id}" là câu bắt buộc, vui lòng trả lời.` });
      continue;
    }
    const parsed = parseAnswer(q, value);
    if (parsed.ok) answers[q.id] = parsed.value;
    else problems.push({ question: q.id, message: `Câu "${q.id}": ${parsed.message}.` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers };
}

/** The outcome of the definition's "understands" rule for one response. */
export interface UnderstandingOutcome {
  understands: boolean;
  knowledgeCorrect: number;
  knowledgeTotal: number;
  selfAssessment: number | null;
}

/**
 * Evaluates the definition's rule: at least `minCorrect` of the knowledge items right and/or every self-assessment
 * at or above `minValue` (`combine: all` needs every part, `any` one). A missing answer counts as not met. Pure.
 */
export function evaluateUnderstanding(def: SurveyDefinition, answers: Answers): UnderstandingOutcome {
  const rule = def.understanding;
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const items = rule.knowledge?.items ?? [];
  const knowledgeCorrect = items.filter((id) => {
    const a = answers[id];
    return typeof a === 'string' && (byId.get(id)?.correct ?? []).includes(a);
  }).length;
  // Several self-assessment questions: the lowest answer decides (each idea must be understood); a missing one
  // counts as not met.
  const selfValues = selfAssessmentQuestions(rule).map((q) => answers[q]);
  const selfAssessment =
    selfValues.length > 0 && selfValues.every((v) => typeof v === 'number')
      ? Math.min(...(selfValues as number[]))
      : null;
  const parts: boolean[] = [];
  if (rule.knowledge) parts.push(knowledgeCorrect >= rule.knowledge.minCorrect);
  if (rule.selfAssessment)
    parts.push(selfAssessment !== null && selfAssessment >= rule.selfAssessment.minValue);
  const understands = rule.combine === 'any' ? parts.some(Boolean) : parts.length > 0 && parts.every(Boolean);
  return { understands, knowledgeCorrect, knowledgeTotal: items.length, selfAssessment };
}
