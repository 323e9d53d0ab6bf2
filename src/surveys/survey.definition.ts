import { z } from 'zod';
import { isRealDay } from '../http/input.ts';

/**
 * The shape of a survey definition (content/surveys/*.yaml, also edited in the console), with the cross-reference
 * checks zod cannot express field by field: skip logic, knowledge answers and the "understands" rule must all point
 * at questions and options that exist. Messages are Vietnamese because editors read them in the console.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'mã chỉ gồm chữ thường không dấu, số, "-" và "_"');
const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD')
  .refine(isRealDay, 'ngày không có thật hoặc ngoài khoảng 2000–2100');

/** Text in the three languages; Vietnamese is required, Khmer and English fall back to it. */
export const localizedText = z.object({
  vi: z.string().trim().min(1, 'cần nội dung tiếng Việt'),
  km: z.string().trim().optional(),
  en: z.string().trim().optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

/** `fixed`: keeps its place when knowledge options are shuffled per respondent (e.g. "Tôi không biết" last). */
const option = z.object({ id, text: localizedText, fixed: z.boolean().optional() });

export const QUESTION_TYPES = ['single', 'multiple', 'likert', 'yesno', 'text', 'knowledge'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const question = z.object({
  id,
  type: z.enum(QUESTION_TYPES, 'loại câu hỏi phải là single, multiple, likert, yesno, text hoặc knowledge'),
  text: localizedText,
  required: z.boolean().default(true),
  options: z.array(option).optional(),
  correct: z.array(id).optional(),
  scale: z
    .object({
      min: z.number().int(),
      max: z.number().int(),
      low: localizedText.optional(),
      high: localizedText.optional(),
    })
    .optional(),
  showIf: z.object({ question: id, equals: z.union([z.string(), z.number()]) }).optional(),
  maxLength: z.number().int().min(1).max(5000).optional(),
  source: z.string().optional(),
});
export type SurveyQuestion = z.infer<typeof question>;

const understanding = z.object({
  knowledge: z.object({ items: z.array(id).min(1), minCorrect: z.number().int().min(0) }).optional(),
  /**
   * One Likert question (`question`) or several (`questions`, one idea each, e.g. purpose, meaning, benefits):
   * every one must reach `minValue`.
   */
  selfAssessment: z
    .object({ question: id.optional(), questions: z.array(id).min(1).optional(), minValue: z.number().int() })
    .refine((s) => (s.question === undefined) !== (s.questions === undefined), {
      message: 'tự đánh giá cần đúng một trong question hoặc questions',
    })
    .optional(),
  combine: z.enum(['all', 'any']).default('all'),
});
export type UnderstandingRule = z.infer<typeof understanding>;

const baseDefinition = z.object({
  id,
  title: localizedText,
  /**
   * The unit that runs the survey (content/units.yaml code): staff whose unit scope covers it, and admins, edit
   * the definition (src/surveys/surveys.scope.ts). Absent: the province's, edited by province-wide staff only.
   */
  ownerUnit: id.optional(),
  population: z.enum(['citizen', 'civil_servant', 'organisation', 'other']),
  source: z.string().optional(),
  target: z.object({ share: z.number().gt(0).max(1) }),
  period: z.object({ from: localDay, to: localDay }),
  anonymous: z.boolean(),
  retention: z.object({ months: z.number().int().min(1) }).optional(),
  consent: localizedText,
  askCommune: z.boolean().default(false),
  /** The question whose answer splits the report into segments; default: the first required single-choice question. */
  segmentQuestion: id.optional(),
  questions: z.array(question).min(1, 'khảo sát cần ít nhất một câu hỏi'),
  understanding,
});

/** A fully checked survey definition. */
export const surveyDefinitionSchema = baseDefinition.superRefine((d, ctx) => {
  for (const p of definitionProblems(d)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
export type SurveyDefinition = z.infer<typeof baseDefinition>;
/** What an editor writes (defaults not yet applied). */
export type SurveyDefinitionInput = z.input<typeof baseDefinition>;

interface Problem {
  path: (string | number)[];
  message: string;
}

function definitionProblems(d: SurveyDefinition): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, { q: SurveyQuestion; index: number }>();
  d.questions.forEach((q, index) => {
    if (byId.has(q.id))
      problems.push({ path: ['questions', index, 'id'], message: `mã câu hỏi "${q.id}" bị trùng` });
    byId.set(q.id, { q, index });
    problems.push(...questionProblems(q).map((p) => ({ ...p, path: ['questions', index, ...p.path] })));
  });
  d.questions.forEach((q, index) => {
    if (!q.showIf) return;
    const ref = byId.get(q.showIf.question);
    const path = ['questions', index, 'showIf', 'question'];
    if (!ref)
      problems.push({ path, message: `điều kiện hiển thị trỏ tới câu "${q.showIf.question}" không tồn tại` });
    else if (ref.index >= index)
      problems.push({ path, message: 'điều kiện hiển thị phải dựa vào một câu hỏi đứng trước' });
    else if (!acceptsValue(ref.q, q.showIf.equals))
      problems.push({
        path: ['questions', index, 'showIf', 'equals'],
        message: `câu "${ref.q.id}" không có đáp án "${q.showIf.equals}"`,
      });
  });
  const seg = d.segmentQuestion;
  if (seg && !['single', 'yesno'].includes(byId.get(seg)?.q.type ?? ''))
    problems.push({ path: ['segmentQuestion'], message: 'câu phân nhóm phải là câu chọn một hoặc có/không' });
  problems.push(...ruleProblems(d.understanding, byId));
  if (d.period.to < d.period.from)
    problems.push({ path: ['period', 'to'], message: 'ngày kết thúc trước ngày bắt đầu' });
  return problems;
}

function questionProblems(q: SurveyQuestion): Problem[] {
  const problems: Problem[] = [];
  const hasOptions = q.type === 'single' || q.type === 'multiple' || q.type === 'knowledge';
  if (hasOptions && (q.options?.length ?? 0) < 2)
    problems.push({ path: ['options'], message: 'câu hỏi lựa chọn cần ít nhất hai phương án' });
  if (!hasOptions && q.options)
    problems.push({ path: ['options'], message: `câu loại ${q.type} không có phương án` });
  const optionIds = new Set(q.options?.map((o) => o.id));
  if (q.options && optionIds.size !== q.options.length)
    problems.push({ path: ['options'], message: 'mã phương án bị trùng' });
  if (q.type === 'knowledge') {
    if (!q.correct?.length) problems.push({ path: ['correct'], message: 'câu kiến thức cần đáp án đúng' });
    for (const c of q.correct ?? [])
      if (!optionIds.has(c))
        problems.push({ path: ['correct'], message: `đáp án đúng "${c}" không phải một phương án` });
  } else if (q.correct) problems.push({ path: ['correct'], message: 'chỉ câu kiến thức mới có đáp án đúng' });
  if (q.type === 'likert') {
    if (!q.scale) problems.push({ path: ['scale'], message: 'câu thang điểm cần min và max' });
    else if (q.scale.max <= q.scale.min || q.scale.max - q.scale.min > 10)
      problems.push({ path: ['scale'], message: 'thang điểm phải có max > min và không quá 11 mức' });
  }
  return problems;
}

function ruleProblems(rule: UnderstandingRule, byId: Map<string, { q: SurveyQuestion }>): Problem[] {
  const problems: Problem[] = [];
  if (!rule.knowledge && !rule.selfAssessment)
    problems.push({
      path: ['understanding'],
      message: 'quy tắc "hiểu" cần ít nhất phần kiến thức hoặc tự đánh giá',
    });
  if (rule.knowledge) {
    for (const item of rule.knowledge.items)
      if (byId.get(item)?.q.type !== 'knowledge')
        problems.push({
          path: ['understanding', 'knowledge', 'items'],
          message: `"${item}" không phải câu kiến thức`,
        });
    if (rule.knowledge.minCorrect > rule.knowledge.items.length)
      problems.push({
        path: ['understanding', 'knowledge', 'minCorrect'],
        message: 'số câu đúng tối thiểu lớn hơn số câu',
      });
  }
  if (rule.selfAssessment)
    for (const qid of selfAssessmentQuestions(rule)) {
      const q = byId.get(qid)?.q;
      if (q?.type !== 'likert' || !q.scale)
        problems.push({
          path: ['understanding', 'selfAssessment'],
          message: `"${qid}" không phải câu thang điểm`,
        });
      else if (rule.selfAssessment.minValue < q.scale.min || rule.selfAssessment.minValue > q.scale.max)
        problems.push({
          path: ['understanding', 'selfAssessment', 'minValue'],
          message: `mức tối thiểu nằm ngoài thang điểm của câu "${qid}"`,
        });
    }
  return problems;
}

/** The self-assessment questions of a rule (one or several). */
export function selfAssessmentQuestions(rule: UnderstandingRule): string[] {
  const sa = rule.selfAssessment;
  if (!sa) return [];
  return sa.questions ?? (sa.question ? [sa.question] : []);
}

/** Whether `value` is a possible answer of `q` (used by skip logic). */
function acceptsValue(q: SurveyQuestion, value: string | number): boolean {
  switch (q.type) {
    case 'yesno':
      return value === 'yes' || value === 'no';
    case 'likert':
      return typeof value === 'number' && !!q.scale && value >= q.scale.min && value <= q.scale.max;
    case 'single':
    case 'multiple':
    case 'knowledge':
      return q.options?.some((o) => o.id === value) ?? false;
    default:
      return false;
  }
}

/** The question used to split reports into segments (see `segmentQuestion`). */
export function segmentQuestionOf(d: SurveyDefinition): SurveyQuestion | undefined {
  if (d.segmentQuestion) return d.questions.find((q) => q.id === d.segmentQuestion);
  return d.questions.find((q) => q.type === 'single' && q.required && !q.showIf);
}

/** Picks the text in a language, falling back to Vietnamese. */
export function localized(text: LocalizedText, lang: 'vi' | 'km' | 'en'): string {
  return (lang === 'vi' ? text.vi : text[lang]) || text.vi;
}
