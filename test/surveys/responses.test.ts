import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { createTestDatabase, onPostgres } from '../helpers/db.ts';
import type { Database } from '../../src/db/client.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { AppError } from '../../src/http/errors.ts';
import {
  getCurrentDefinition,
  listVersions,
  loadSurveyFiles,
  updateDefinition,
} from '../../src/surveys/surveys.definitions.ts';
import {
  ALREADY_ANSWERED,
  hasAnswered,
  rebuildAggregates,
  submitResponse,
} from '../../src/surveys/surveys.service.ts';
import {
  surveyAnswerTallies,
  surveyDailyCounts,
  surveyParticipations,
  surveyResponses,
} from '../../src/surveys/surveys.schema.ts';
import { purgeExpired, retentionEnd } from '../../src/surveys/surveys.retention.ts';
import { citizenAnswers, surveyDeps } from './fixtures.ts';

let database: Database;
let deps: ReturnType<typeof surveyDeps>;
const SURVEY = 'citizen-cchc-2025';

beforeAll(async () => {
  database = await createTestDatabase();
  deps = surveyDeps(database);
  await loadReferenceData(database.db, 'content');
  await loadSurveyFiles(database.db, 'content');
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.execute(
    sql`truncate survey_responses, survey_participations, survey_answer_tallies, survey_daily_counts`,
  );
  deps.clock.set('2025-06-02T02:00:00Z');
});

const counts = async () => {
  const [r] = await database.db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses);
  const [p] = await database.db.select({ n: sql<number>`count(*)::int` }).from(surveyParticipations);
  const [t] = await database.db
    .select({ n: sql<number>`coalesce(sum(count), 0)::int` })
    .from(surveyAnswerTallies);
  return { responses: r!.n, participations: p!.n, tallies: t!.n };
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

const submit = (zaloUserId: string, over: Partial<Parameters<typeof submitResponse>[1]> = {}) =>
  submitResponse(deps, {
    surveyId: SURVEY,
    zaloUserId,
    channel: 'miniapp',
    consent: true,
    answers: citizenAnswers(),
    areaCode: 'phuong-vinh-chau',
    ...over,
  });

describe('definitions', () => {
  it('loads the YAML files idempotently and keeps console versions', async () => {
    expect(await loadSurveyFiles(database.db, 'content')).toEqual({
      loaded: 4,
      added: 0,
      // The 2025 citizen survey is history: kept as it was, with its tell (every correct option second).
      warnings: ['citizen-cchc-2025: đáp án đúng của cả 4 câu kiến thức đều ở vị trí thứ 2'],
    });
    const current = await getCurrentDefinition(database.db, SURVEY);
    const edited = { ...current.definition, target: { share: 0.85 } };
    const v2 = await updateDefinition(database.db, SURVEY, edited, 'staff-1');
    expect(v2.version).toBe(current.version + 1);
    // same definition again: no new version; files unchanged: no new version at restart
    expect((await updateDefinition(database.db, SURVEY, edited, 'staff-1')).version).toBe(v2.version);
    expect(await loadSurveyFiles(database.db, 'content')).toEqual({
      loaded: 4,
      added: 0,
      // The 2025 citizen survey is history: kept as it was, with its tell (every correct option second).
      warnings: ['citizen-cchc-2025: đáp án đúng của cả 4 câu kiến thức đều ở vị trí thứ 2'],
    });
    expect((await getCurrentDefinition(database.db, SURVEY)).definition.target.share).toBe(0.85);
    const versions = await listVersions(database.db, SURVEY);
    expect(versions.map((v) => v.source)).toEqual(['console', 'file']);
    // put the file version back as current for the other tests
    const file = parse(readFileSync(`content/surveys/${SURVEY}.yaml`, 'utf8'));
    await updateDefinition(database.db, SURVEY, file, 'staff-1');
  });

  it('refuses an invalid edit and a changed id, adding no version', async () => {
    const before = (await listVersions(database.db, SURVEY)).length;
    const current = await getCurrentDefinition(database.db, SURVEY);
    const broken = {
      ...current.definition,
      understanding: { knowledge: { items: ['nope'], minCorrect: 1 } },
    };
    const zodError = await updateDefinition(database.db, SURVEY, broken, 's').catch(
      (e: { issues?: { message: string }[] }) => e,
    );
    expect((zodError as { issues: { message: string }[] }).issues.map((i) => i.message)).toContain(
      '"nope" không phải câu kiến thức',
    );
    const renamed = { ...current.definition, id: 'other' };
    expect((await rejection(updateDefinition(database.db, SURVEY, renamed, 's'))).userMessage).toMatch(
      /mã khảo sát/,
    );
    expect((await listVersions(database.db, SURVEY)).length).toBe(before);
  });
});

describe(submitResponse.name, () => {
  it('stores an anonymous response with no link to the Zalo id, and never logs answers', async () => {
    const result = await submit('zalo-user-1');
    expect(result).toMatchObject({ surveyId: SURVEY, reportYear: 2025, understands: true });
    const rows = await database.db.execute(sql`select * from survey_responses`);
    const row = (rows as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    expect(row).toMatchObject({
      respondent_zalo_id: null,
      area_code: 'phuong-vinh-chau',
      segment: 'a',
      slot: 2,
      day: '2025-06-02',
    });
    expect(JSON.stringify(rows)).not.toContain('zalo-user-1');
    const [p] = await database.db.select().from(surveyParticipations);
    expect(p!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hasAnswered(deps, 'zalo-user-1', SURVEY, deps.clock.now())).toBe(true);
    expect(await hasAnswered(deps, 'zalo-user-2', SURVEY, deps.clock.now())).toBe(false);
    expect(deps.logText()).not.toContain('hướng dẫn tại xã');
    expect(deps.logText()).not.toContain('zalo-user-1');
  });

  it('refuses a second response in the same report year, storing nothing more', async () => {
    await submit('zalo-user-1');
    const before = await counts();
    const err = await rejection(submit('zalo-user-1', { answers: citizenAnswers(['a', 'a', 'a', 'a'], 1) }));
    expect(err.code).toBe('conflict');
    expect(err.userMessage).toBe(ALREADY_ANSWERED);
    expect(await counts()).toEqual(before);
  });

  it('lets the same person answer again once 15/12 opens the next report year', async () => {
    deps.clock.set('2025-12-14T16:59:00Z'); // 14/12 23:59 local: report year 2025
    await submit('zalo-user-1');
    deps.clock.set('2025-12-14T17:00:00Z'); // 15/12 00:00 local: 2026, but the survey period ended on 14/12
    expect((await rejection(submit('zalo-user-1'))).userMessage).toBe(
      'Khảo sát này đã kết thúc (thời gian khảo sát: 15/12/2024 – 14/12/2025).',
    );
  });

  it.each([
    [
      'a question that does not exist',
      { ...citizenAnswers(), q99: 'a' },
      'Câu hỏi "q99" không có trong khảo sát này.',
    ],
    ['an out-of-range Likert value', { ...citizenAnswers(), s1: 6 }, 'Câu "s1": điểm 6 nằm ngoài thang 1–5.'],
    [
      'text where a choice is expected',
      { ...citizenAnswers(), k1: 'chính quyền' },
      'Câu "k1": không có phương án "chính quyền".',
    ],
    [
      'a missing required answer',
      { ...citizenAnswers(), k3: undefined },
      'Câu "k3" là câu bắt buộc, vui lòng trả lời.',
    ],
  ])('refuses %s with a Vietnamese message and stores nothing', async (_name, answers, message) => {
    const err = await rejection(submit('zalo-user-9', { answers }));
    expect(err.code).toBe('validation');
    expect(err.userMessage).toContain(message);
    expect(await counts()).toEqual({ responses: 0, participations: 0, tallies: 0 });
  });

  it('refuses without consent, before and after the period, and an unknown commune', async () => {
    await expect(submit('u', { consent: false as unknown as true })).rejects.toThrow(
      /Bạn cần đồng ý tham gia khảo sát/,
    );
    deps.clock.set('2024-12-14T16:59:59Z');
    expect((await rejection(submit('u'))).userMessage).toMatch(/^Khảo sát này chưa mở/);
    deps.clock.set('2024-12-14T17:00:00Z'); // 15/12/2024 00:00 local: open
    expect((await rejection(submit('u', { areaCode: 'atlantis' }))).userMessage).toBe(
      'Không tìm thấy xã, phường có mã "atlantis".',
    );
    expect(await counts()).toEqual({ responses: 0, participations: 0, tallies: 0 });
    await submit('u');
    expect((await counts()).responses).toBe(1);
  });

  it('keeps tallies per question: answered counts and each chosen option, text only counted', async () => {
    await submit('a1');
    await submit('a2', { answers: { ...citizenAnswers(), c1: ['b'], t1: undefined } });
    const rows = await database.db.select().from(surveyAnswerTallies);
    const get = (q: string, a: string) => rows.find((r) => r.questionId === q && r.answer === a)?.count;
    expect(get('c1', '(answered)')).toBe(2);
    expect(get('c1', 'a')).toBe(1);
    expect(get('c1', 'b')).toBe(1);
    expect(get('t1', '(answered)')).toBe(1);
    expect(get('t1', '(text)')).toBe(1);
    expect(rows.some((r) => r.answer.includes('hướng dẫn'))).toBe(false);
  });

  it(`allows one response under ${onPostgres ? 'PostgreSQL' : 'PGlite'} concurrent submits of the same person`, async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => submit('zalo-racer')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'conflict',
    );
    expect(ok.length).toBe(1);
    expect(refused.length).toBe(11);
    const c = await counts();
    expect(c.responses).toBe(1);
    expect(c.participations).toBe(1);
    // tallies exactly those of one response
    const [answered] = await database.db
      .select({ n: sql<number>`sum(count)::int` })
      .from(surveyAnswerTallies)
      .where(sql`question_id = 'k1' and answer = '(answered)'`);
    expect(answered!.n).toBe(1);
  });

  it('concurrent submits of different people all succeed', async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => submit(`p-${i}`)));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await counts()).responses).toBe(12);
  });

  it('rebuildAggregates recomputes exactly the counts kept at submit', async () => {
    await submit('a1');
    await submit('a2', {
      answers: {
        ...citizenAnswers(['a', 'a', 'b', 'b'], 2),
        u1: 'no',
        u2: undefined,
        u3: ['a', 'e'],
        t1: undefined,
      },
    });
    deps.clock.set('2025-09-20T02:00:00Z');
    await submit('a3', { areaCode: null });
    const snapshot = async () => ({
      tallies: (await database.db.select().from(surveyAnswerTallies)).sort((a, b) =>
        JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
      ),
      counts: (await database.db.select().from(surveyDailyCounts)).sort((a, b) =>
        JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
      ),
    });
    const kept = await snapshot();
    expect(kept.counts.map((c) => [c.day, c.slot, c.areaCode, c.responses, c.understands])).toEqual([
      ['2025-06-02', 2, 'phuong-vinh-chau', 2, 1],
      ['2025-09-20', 4, '', 1, 1],
    ]);
    await rebuildAggregates(database.db, SURVEY);
    expect(await snapshot()).toEqual(kept);
  });
});

describe(purgeExpired.name, () => {
  it('keeps data until retention ends (24 months after 14/12/2025), then deletes every trace', async () => {
    await database.db.execute(
      sql`truncate survey_responses, survey_participations, survey_answer_tallies, survey_daily_counts`,
    );
    deps.clock.set('2025-06-02T02:00:00Z');
    await submit('keep-or-purge');
    expect(retentionEnd({ period: { to: '2025-12-14' }, retention: { months: 24 } })).toBe('2027-12-14');
    deps.clock.set('2027-12-14T16:00:00Z'); // 14/12/2027 23:00 local: still kept
    expect(await purgeExpired(deps)).toEqual({});
    expect((await counts()).responses).toBe(1);
    deps.clock.set('2027-12-14T17:00:00Z'); // 15/12/2027 00:00 local
    expect(await purgeExpired(deps)).toMatchObject({ 'citizen-cchc-2025': 1 });
    expect(await counts()).toEqual({ responses: 0, participations: 0, tallies: 0 });
    const [daily] = await database.db.select({ n: sql<number>`count(*)::int` }).from(surveyDailyCounts);
    expect(daily!.n).toBe(0);
  });
});
