import { z } from 'zod';
import { questionTypes, quizTopics, tieBreakKeys } from './quiz.schema.ts';
import { isSaneInstant } from '../http/input.ts';

/** A question as written in a bank file or an import row, before it is stored. */
export interface QuestionInput {
  code: string;
  type: string;
  topic: string;
  difficulty: number;
  text: string;
  options: string[];
  correct: number[];
  explanation: string;
  source: string;
}

/** One thing wrong with a question, named by the column a person would fix. */
export interface QuestionProblem {
  column: string;
  message: string;
}

/** Every rule a bank question must meet; messages are Vietnamese because organisers read them. */
export function questionProblems(q: QuestionInput): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const add = (column: string, message: string) => problems.push({ column, message });
  if (!/^[\w.-]{1,64}$/.test(q.code)) add('id', 'Mã câu hỏi trống hoặc có ký tự không hợp lệ.');
  if (!(questionTypes as readonly string[]).includes(q.type))
    add('type', `Loại câu hỏi "${q.type}" không hợp lệ (dùng single, multiple hoặc truefalse).`);
  if (!(q.topic in quizTopics))
    add('topic', `Chủ đề "${q.topic}" không có trong danh mục (${Object.keys(quizTopics).join(', ')}).`);
  if (!Number.isInteger(q.difficulty) || q.difficulty < 1 || q.difficulty > 3)
    add('difficulty', 'Độ khó phải là 1, 2 hoặc 3.');
  if (!q.text.trim()) add('text', 'Nội dung câu hỏi trống.');
  if (!q.explanation.trim()) add('explanation', 'Thiếu giải thích đáp án.');
  if (!q.source.trim()) add('source', 'Thiếu nguồn (văn bản, kế hoạch hoặc cổng chính thức).');
  problems.push(...optionProblems(q));
  return problems;
}

function optionProblems(q: QuestionInput): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const add = (column: string, message: string) => problems.push({ column, message });
  if (q.options.length < 2) add('options', 'Cần ít nhất 2 phương án trả lời.');
  if (q.options.some((o) => !o.trim())) add('options', 'Có phương án trả lời để trống.');
  if (new Set(q.options.map((o) => o.trim().toLowerCase())).size !== q.options.length)
    add('options', 'Có hai phương án trả lời trùng nhau.');
  if (q.type === 'truefalse' && q.options.length !== 2)
    add('options', 'Câu Đúng/Sai phải có đúng 2 phương án.');
  if (q.correct.length === 0) add('correct', 'Chưa có đáp án đúng.');
  if (q.correct.some((c) => !Number.isInteger(c) || c < 0 || c >= q.options.length))
    add('correct', 'Đáp án đúng trỏ tới phương án không tồn tại.');
  if (new Set(q.correct).size !== q.correct.length) add('correct', 'Đáp án đúng bị lặp.');
  if ((q.type === 'single' || q.type === 'truefalse') && q.correct.length > 1)
    add('correct', 'Câu một lựa chọn chỉ được có một đáp án đúng.');
  return problems;
}

/** The text that makes two questions "the same question": case, spacing and diacritic forms ignored. */
export function questionFingerprint(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v))
  .refine((d) => isSaneInstant(d), 'thời điểm không có thật hoặc ngoài khoảng 2000–2100');

/** A campaign as organisers write it (YAML file or console form). */
export const campaignInputSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    organiserUnit: z.string().min(1),
    audience: z.enum(['citizen', 'civil_servant']),
    bank: z.string().min(1),
    source: z.string().nullish(),
    startsAt: instant,
    endsAt: instant,
    rules: z.string().min(1),
    questionsPerRound: z.number().int().min(1).max(100),
    draw: z.object({ byTopic: z.record(z.string(), z.number().int().min(0)) }).default({ byTopic: {} }),
    timeLimitSeconds: z.number().int().min(10).max(7200),
    graceSeconds: z.number().int().min(0).max(120).default(10),
    attemptsPerRound: z.number().int().min(1).max(20).default(1),
    prediction: z
      .object({ text: z.string().min(1), min: z.number().int(), max: z.number().int() })
      .refine((p) => p.min <= p.max, 'min phải nhỏ hơn hoặc bằng max')
      .nullish(),
    tieBreak: z
      .array(z.enum(tieBreakKeys))
      .min(1)
      .refine((k) => new Set(k).size === k.length, 'khoá xếp hạng bị lặp')
      .default(['score', 'duration', 'prediction', 'submittedAt']),
    registration: z.object({
      fields: z
        .array(
          z.object({
            key: z.string().regex(/^[a-zA-Z][\w]*$/),
            label: z.string().min(1),
            required: z.boolean().default(false),
            sensitive: z.boolean().default(false),
          }),
        )
        .min(1),
    }),
    consentText: z.string().min(1),
    rounds: z
      .array(
        z.object({
          no: z.number().int().min(1),
          title: z.string().min(1),
          opensAt: instant,
          closesAt: instant,
        }),
      )
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (c.endsAt <= c.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'phải sau startsAt' });
    const drawTotal = Object.values(c.draw.byTopic).reduce((a, b) => a + b, 0);
    if (drawTotal > c.questionsPerRound)
      ctx.addIssue({
        code: 'custom',
        path: ['draw'],
        message: 'tổng số câu theo chủ đề vượt questionsPerRound',
      });
    for (const topic of Object.keys(c.draw.byTopic))
      if (!(topic in quizTopics))
        ctx.addIssue({ code: 'custom', path: ['draw', topic], message: 'chủ đề không có' });
    c.rounds.forEach((r, i) => {
      if (r.closesAt <= r.opensAt)
        ctx.addIssue({ code: 'custom', path: ['rounds', i, 'closesAt'], message: 'phải sau opensAt' });
    });
    if (new Set(c.rounds.map((r) => r.no)).size !== c.rounds.length)
      ctx.addIssue({ code: 'custom', path: ['rounds'], message: 'số vòng bị lặp' });
  });
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/** A bank file: content/quiz/banks/<bank>.yaml. */
export const bankFileSchema = z.object({
  bank: slug,
  title: z.string().optional(),
  questions: z
    .array(
      z.object({
        id: z.string().min(1),
        type: z.string(),
        topic: z.string(),
        difficulty: z.number().int().default(1),
        text: z.string(),
        options: z.array(z.string()),
        correct: z.array(z.number().int()),
        explanation: z.string(),
        source: z.string(),
      }),
    )
    .min(1),
});
export type BankFile = z.infer<typeof bankFileSchema>;
