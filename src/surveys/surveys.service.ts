import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.ts';
import { activeCommune } from '../areas/areas.api.ts';
import { AppError } from '../http/errors.ts';
import { localDay, reportQuarterOf, reportYearOf, viDay } from '../lib/report-periods.ts';
import { evaluateUnderstanding, validateAnswers, type Answers } from './survey.answers.ts';
import { segmentQuestionOf, type SurveyDefinition } from './survey.definition.ts';
import { optionOrder, SEED_MAX } from './survey.shuffle.ts';
import { participationKey, type SurveyDeps } from './surveys.deps.ts';
import { getCurrentDefinition, getDefinitionVersion, surveyState } from './surveys.definitions.ts';
import {
  surveyAnswerTallies,
  surveyDailyCounts,
  surveyParticipations,
  surveyResponses,
} from './surveys.schema.ts';

/** A submission from any channel; `answers` is raw input, checked here against the definition. */
export const submissionSchema = z.object({
  consent: z.literal(true, 'Bạn cần đồng ý tham gia khảo sát trước khi gửi câu trả lời.'),
  answers: z.record(z.string(), z.unknown(), 'Câu trả lời phải là một đối tượng {mã câu hỏi: đáp án}.'),
  areaCode: z.string().min(1).max(100).nullish(),
  language: z.enum(['vi', 'km', 'en']).default('vi'),
  /** The version the person started on (the chat keeps it across turns); default: the current one. */
  version: z.number().int().min(1).max(2_147_483_647, 'Phiên bản khảo sát không hợp lệ.').optional(),
  /** The seed the knowledge options were shuffled with (given with the form); the shown order is stored. */
  optionSeed: z
    .number('Mã thứ tự phương án phải là một số.')
    .int('Mã thứ tự phương án không hợp lệ.')
    .min(0, 'Mã thứ tự phương án không hợp lệ.')
    .max(SEED_MAX, 'Mã thứ tự phương án không hợp lệ.')
    .optional(),
});
export type Submission = z.input<typeof submissionSchema>;

export interface SubmitInput extends Submission {
  surveyId: string;
  zaloUserId: string;
  channel: 'chat' | 'miniapp' | 'console';
}

export interface SubmitResult {
  surveyId: string;
  version: number;
  reportYear: number;
  understands: boolean;
}

export const ALREADY_ANSWERED = 'Bạn đã trả lời khảo sát này trong kỳ báo cáo năm nay rồi. Cảm ơn bạn!';

/**
 * Stores one response. Everything is checked first (consent, period, answers, commune); then one transaction
 * claims the "has answered" key and writes the response and its tallies, so a second or concurrent submit of the
 * same person fails with 409 and nothing is stored half. The one-response rule is per report year: the official
 * periods nest (Q1 ⊂ 6 tháng ⊂ năm), so this keeps each person at most once in every official report.
 */
export async function submitResponse(deps: SurveyDeps, input: SubmitInput): Promise<SubmitResult> {
  const sub = submissionSchema.parse(input);
  const stored = sub.version
    ? await getDefinitionVersion(deps.db, input.surveyId, sub.version)
    : await getCurrentDefinition(deps.db, input.surveyId);
  const def = stored.definition;
  const now = deps.clock.now();
  assertOpen(def, now);
  const answers = checkedAnswers(def, sub.answers);
  const areaCode = def.askCommune && sub.areaCode ? await checkedCommune(deps.db, sub.areaCode) : null;
  const outcome = evaluateUnderstanding(def, answers);
  const reportYear = reportYearOf(now);
  const day = localDay(now);
  const key = participationKey(deps.participationSecret, input.zaloUserId, def.id, reportYear);
  const segmentQ = segmentQuestionOf(def);
  const segment = segmentQ ? String(answers[segmentQ.id] ?? '') || null : null;
  const slot = reportQuarterOf(now);
  await deps.db.transaction(async (tx) => {
    const claimed = await tx
      .insert(surveyParticipations)
      .values({ keyHash: key, surveyId: def.id, reportYear })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) throw new AppError('conflict', 'survey already answered', ALREADY_ANSWERED);
    await tx.insert(surveyResponses).values({
      surveyId: def.id,
      version: stored.version,
      day,
      reportYear,
      slot,
      areaCode,
      segment,
      understands: outcome.understands,
      knowledgeCorrect: outcome.knowledgeCorrect,
      answers,
      optionOrder: sub.optionSeed === undefined ? null : optionOrder(def, sub.optionSeed),
      channel: input.channel,
      language: sub.language,
      consentGiven: true,
      respondentZaloId: def.anonymous ? null : input.zaloUserId,
    });
    await tx
      .insert(surveyDailyCounts)
      .values({
        surveyId: def.id,
        day,
        reportYear,
        slot,
        areaCode: areaCode ?? '',
        segment: segment ?? '',
        responses: 1,
        understands: outcome.understands ? 1 : 0,
      })
      .onConflictDoUpdate({
        target: [
          surveyDailyCounts.surveyId,
          surveyDailyCounts.day,
          surveyDailyCounts.areaCode,
          surveyDailyCounts.segment,
        ],
        set: {
          responses: sql`${surveyDailyCounts.responses} + 1`,
          understands: sql`${surveyDailyCounts.understands} + ${outcome.understands ? 1 : 0}`,
        },
      });
    await addTallies(tx, def, day, answers);
  });
  // No answer, commune or Zalo id in the log line: survey answers are personal data.
  deps.logger.info({ surveyId: def.id, channel: input.channel }, 'survey response stored');
  return { surveyId: def.id, version: stored.version, reportYear, understands: outcome.understands };
}

/** Whether this person has already answered the survey in the report year of `now`. */
export async function hasAnswered(
  deps: SurveyDeps,
  zaloUserId: string,
  surveyId: string,
  now: Date,
): Promise<boolean> {
  const key = participationKey(deps.participationSecret, zaloUserId, surveyId, reportYearOf(now));
  const rows = await deps.db
    .select({ k: surveyParticipations.keyHash })
    .from(surveyParticipations)
    .where(eq(surveyParticipations.keyHash, key));
  return rows.length > 0;
}

/** Throws a clear Vietnamese error outside the survey's period. */
export function assertOpen(def: SurveyDefinition, now: Date): void {
  const state = surveyState(def, now);
  const range = `${viDay(def.period.from)} – ${viDay(def.period.to)}`;
  if (state === 'not_started')
    throw new AppError(
      'conflict',
      'survey not started',
      `Khảo sát này chưa mở (thời gian khảo sát: ${range}).`,
    );
  if (state === 'closed')
    throw new AppError('gone', 'survey closed', `Khảo sát này đã kết thúc (thời gian khảo sát: ${range}).`);
}

function checkedAnswers(def: SurveyDefinition, raw: Record<string, unknown>): Answers {
  const result = validateAnswers(def, raw);
  if (result.ok) return result.answers;
  throw new AppError(
    'validation',
    'invalid survey answers',
    result.problems.map((p) => p.message).join(' '),
    result.problems.map((p) => ({ path: `answers.${p.question}`, message: p.message })),
  );
}

async function checkedCommune(db: Db, code: string): Promise<string> {
  const row = await activeCommune(db, code);
  if (!row) throw new AppError('validation', 'unknown commune', `Không tìm thấy xã, phường có mã "${code}".`);
  return row.code;
}

/** The tally keys of one response: '(answered)' per answered question, then each chosen value ('(text)' for text). */
export function tallyKeys(def: SurveyDefinition, answers: Answers): { questionId: string; answer: string }[] {
  const keys: { questionId: string; answer: string }[] = [];
  const types = new Map(def.questions.map((q) => [q.id, q.type]));
  for (const [questionId, value] of Object.entries(answers)) {
    keys.push({ questionId, answer: '(answered)' });
    // Free text is counted, never tallied by content.
    if (types.get(questionId) === 'text') keys.push({ questionId, answer: '(text)' });
    else for (const v of Array.isArray(value) ? value : [String(value)]) keys.push({ questionId, answer: v });
  }
  // One fixed order for every transaction, so concurrent upserts of the same rows cannot deadlock.
  return keys.sort((a, b) => (a.questionId + '\0' + a.answer < b.questionId + '\0' + b.answer ? -1 : 1));
}

async function addTallies(tx: Tx, def: SurveyDefinition, day: string, answers: Answers): Promise<void> {
  const rows = tallyKeys(def, answers).map((k) => ({ surveyId: def.id, day, ...k, count: 1 }));
  if (rows.length === 0) return;
  await tx
    .insert(surveyAnswerTallies)
    .values(rows)
    .onConflictDoUpdate({
      target: [
        surveyAnswerTallies.surveyId,
        surveyAnswerTallies.day,
        surveyAnswerTallies.questionId,
        surveyAnswerTallies.answer,
      ],
      set: { count: sql`${surveyAnswerTallies.count} + 1` },
    });
}

/**
 * Recomputes a survey's daily counts and answer tallies from the stored responses (after bulk loads, imports, or
 * deleting responses at the end of their retention). One transaction: readers see the old or the new counts.
 */
export async function rebuildAggregates(db: Db | Tx, surveyId: string): Promise<void> {
  const def = (await getCurrentDefinition(db, surveyId)).definition;
  // Question ids match /^[a-z0-9][a-z0-9_-]*$/ (schema), so they are safe inside an array literal.
  const textIds = def.questions.filter((q) => q.type === 'text').map((q) => `'${q.id}'`);
  const textArray = sql.raw(`array[${textIds.join(',')}]::text[]`);
  await db.transaction(async (tx) => {
    await tx.delete(surveyDailyCounts).where(eq(surveyDailyCounts.surveyId, surveyId));
    await tx.execute(sql`
      insert into survey_daily_counts (survey_id, day, report_year, slot, area_code, segment, responses, understands)
      select survey_id, day, report_year, slot, coalesce(area_code, ''), coalesce(segment, ''),
             count(*)::int, (count(*) filter (where understands))::int
      from survey_responses where survey_id = ${surveyId}
      group by survey_id, day, report_year, slot, coalesce(area_code, ''), coalesce(segment, '')`);
    await tx.delete(surveyAnswerTallies).where(eq(surveyAnswerTallies.surveyId, surveyId));
    await tx.execute(sql`
      insert into survey_answer_tallies (survey_id, day, question_id, answer, count)
      select r.survey_id, r.day, kv.key, a.answer, count(*)::int
      from survey_responses r
      cross join lateral jsonb_each(r.answers) kv
      cross join lateral (
        select '(answered)' as answer
        union all
        select case
          when kv.key = any(${textArray}) then '(text)'
          when jsonb_typeof(kv.value) = 'array' then null
          else kv.value #>> '{}' end
        union all
        select e from jsonb_array_elements_text(case when jsonb_typeof(kv.value) = 'array' and not (kv.key = any(${textArray})) then kv.value else '[]'::jsonb end) e
      ) a
      where r.survey_id = ${surveyId} and a.answer is not null
      group by r.survey_id, r.day, kv.key, a.answer`);
  });
}
