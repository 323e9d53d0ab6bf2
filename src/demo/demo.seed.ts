import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { units, areas } from '../areas/areas.schema.ts';
import { localDay, reportPeriod, reportYearOf } from '../lib/report-periods.ts';
import { followers } from '../followers/followers.schema.ts';
import { conversations } from '../chat/chat.schema.ts';
import {
  broadcastClicks,
  broadcastDeliveries,
  broadcasts,
  contentItems,
  contentVersions,
} from '../broadcasts/broadcasts.schema.ts';
import {
  quizAttempts,
  quizBestAttempts,
  quizCampaigns,
  quizParticipants,
  quizRounds,
} from '../quiz/quiz.schema.ts';
import { consentVersion } from '../quiz/quiz.content.ts';
import { planDocuments, planThemes } from '../plan/plan.schema.ts';
import { createPlanFromPrevious } from '../plan/plan.editor.service.ts';
import { clearDemo, register } from './demo.clear.ts';
import { DEMO_LABEL } from './demo.label.ts';
import { seedSurvey } from './demo.survey.ts';

export { DEMO_LABEL };

const DAY = 86_400_000;

/** A small deterministic generator: the same day gives the same demo. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface DemoSummary {
  followers: number;
  broadcasts: number;
  deliveries: number;
  surveyResponses: number;
  surveyId: string | null;
  quizAttempts: number;
  campaignId: string;
  planYear: number | null;
}

/**
 * Fills the database with synthetic, clearly labelled data relative to today: followers in a few communes,
 * conversations, one published broadcast a month since the report year began (deliveries, reads, clicks), survey
 * answers (to an open survey, or to a demo survey copied from the newest one when none is open), a demo contest
 * with a closed and an open round, and a draft plan for the current year when there is none. Every row is
 * registered in demo_registry; running it again first clears the previous demo, so it is idempotent.
 */
export async function seedDemo(deps: { db: Db; clock: Clock }): Promise<DemoSummary> {
  await clearDemo(deps.db);
  const now = deps.clock.now();
  const rnd = random(Number(localDay(now).replaceAll('-', '')));
  const year = reportYearOf(now);
  const start = reportPeriod(year, 'year').from;
  const communes = await deps.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)))
    .orderBy(areas.code)
    .limit(4);
  const areaCodes = communes.map((c) => c.code);
  const publishers = await publishingUnits(deps.db);
  const themes = await latestThemes(deps.db);
  const summary = await deps.db.transaction(async (tx) => {
    const people = await seedFollowers(tx, now, start, areaCodes, rnd);
    const sent = await seedBroadcasts(tx, now, start, publishers, themes, people, rnd);
    const quiz = await seedQuiz(tx, now, start, areaCodes, publishers[0] ?? 'demo', rnd);
    return { followers: people.length, ...sent, ...quiz };
  });
  const survey = await seedSurvey(deps.db, now, start, areaCodes, rnd);
  const planYear = await seedPlan(deps, Number(localDay(now).slice(0, 4)));
  return { ...summary, ...survey, planYear };
}

/** Units that publish in the demo: a department, then communes with an area (whatever units are loaded). */
async function publishingUnits(db: Db): Promise<string[]> {
  const rows = await db
    .select({ code: units.code, kind: units.kind, areaCode: units.areaCode })
    .from(units)
    .where(eq(units.active, 1))
    .orderBy(units.code);
  const dept = rows.find((u) => u.code === 'so-noi-vu') ?? rows.find((u) => u.kind === 'department');
  const communes = rows.filter((u) => u.kind === 'commune' && u.areaCode).slice(0, 2);
  return [dept, ...communes].filter((u): u is NonNullable<typeof u> => Boolean(u)).map((u) => u.code);
}

async function latestThemes(db: Db) {
  const [latest] = await db
    .select({ year: planThemes.year })
    .from(planThemes)
    .orderBy(desc(planThemes.year))
    .limit(1);
  if (!latest) return [];
  return db.select().from(planThemes).where(eq(planThemes.year, latest.year));
}

async function seedFollowers(tx: Tx, now: Date, start: Date, areaCodes: string[], rnd: () => number) {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    zaloUserId: `demo-follower-${String(i + 1).padStart(3, '0')}`,
    displayName: `${DEMO_LABEL} Người theo dõi ${i + 1}`,
    areaCode: areaCodes.length > 0 && i % 5 !== 4 ? areaCodes[i % areaCodes.length]! : null,
    following: true,
    followedAt: new Date(start.getTime() + rnd() * (now.getTime() - start.getTime())),
    lastInteractionAt: new Date(now.getTime() - rnd() * 20 * DAY),
  }));
  const inserted = await tx
    .insert(followers)
    .values(rows)
    .returning({ id: followers.id, zaloUserId: followers.zaloUserId, areaCode: followers.areaCode });
  await register(
    tx,
    'followers',
    inserted.map((f) => f.zaloUserId),
  );
  await tx.insert(conversations).values(
    inserted.slice(0, 8).map((f, i) => ({
      followerId: f.id,
      handoffStatus: i < 2 ? ('waiting' as const) : ('bot' as const),
      handoffReason: i < 2 ? `${DEMO_LABEL} Hỏi về thủ tục cấp giấy khai sinh` : null,
      handoffAt: i < 2 ? new Date(now.getTime() - (i + 1) * 3_600_000) : null,
    })),
  );
  return inserted;
}

async function seedBroadcasts(
  tx: Tx,
  now: Date,
  start: Date,
  publishers: string[],
  themes: { code: string; label: string; year: number }[],
  people: { zaloUserId: string; areaCode: string | null }[],
  rnd: () => number,
) {
  let count = 0;
  let deliveries = 0;
  const broadcastIds: number[] = [];
  const itemIds: number[] = [];
  for (let at = start.getTime() + 5 * DAY, i = 0; at < now.getTime() - DAY && i < 14; at += 26 * DAY, i++) {
    const when = new Date(at);
    const theme = themes.length > 0 ? themes[i % themes.length]! : null;
    const [item] = await tx
      .insert(contentItems)
      .values({
        unitCode: publishers[i % Math.max(1, publishers.length)] ?? 'demo',
        themeCode: theme?.code ?? null,
        planYear: theme ? reportYearOf(when) : null,
        status: 'sent',
        createdBy: 'demo',
        createdAt: when,
        updatedAt: when,
      })
      .returning({ id: contentItems.id });
    itemIds.push(item!.id);
    await tx.insert(contentVersions).values({
      itemId: item!.id,
      version: 1,
      title: `${DEMO_LABEL} ${theme?.label ?? 'Tin cải cách hành chính'}`,
      textVi: `${DEMO_LABEL} Nội dung minh họa, không phải tin thật.`,
      buttonTitle: 'Xem thêm',
      buttonUrl: 'https://dichvucong.gov.vn/',
      createdBy: 'demo',
      createdAt: when,
    });
    const [b] = await tx
      .insert(broadcasts)
      .values({
        itemId: item!.id,
        version: 1,
        segment: {},
        scheduledAt: when,
        status: 'sent',
        linkToken: `demo-${localDay(when)}-${i}`,
        plannedAt: when,
        planned: people.length,
        finishedAt: new Date(at + 3_600_000),
        createdBy: 'demo',
        createdAt: when,
      })
      .returning({ id: broadcasts.id });
    broadcastIds.push(b!.id);
    const rows = people.map((p) => {
      const ok = rnd() > 0.05;
      const received = ok && rnd() > 0.15;
      const seen = received && rnd() > 0.4;
      return {
        broadcastId: b!.id,
        zaloUserId: p.zaloUserId,
        areaCode: p.areaCode,
        language: 'vi',
        messageKind: 'promotion',
        quotaDay: localDay(when),
        quotaMonth: localDay(when).slice(0, 7),
        status: ok ? ('sent' as const) : ('failed' as const),
        attempts: 1,
        errorReason: ok ? null : 'demo: người dùng chặn tin',
        sentAt: ok ? when : null,
        receivedAt: received ? new Date(at + 60_000) : null,
        seenAt: seen ? new Date(at + 600_000) : null,
      };
    });
    await tx.insert(broadcastDeliveries).values(rows);
    deliveries += rows.length;
    const clicks = rows.filter((r) => r.seenAt && rnd() > 0.6);
    if (clicks.length > 0)
      await tx
        .insert(broadcastClicks)
        .values(
          clicks.map((c) => ({ broadcastId: b!.id, areaCode: c.areaCode, at: new Date(at + 900_000) })),
        );
    count += 1;
  }
  await register(tx, 'content_items', itemIds);
  await register(tx, 'broadcasts', broadcastIds);
  return { broadcasts: count, deliveries };
}

async function seedQuiz(
  tx: Tx,
  now: Date,
  start: Date,
  areaCodes: string[],
  organiser: string,
  rnd: () => number,
) {
  const id = `demo-trinh-dien-${reportYearOf(now)}`;
  const [bank] = await tx.select({ bank: quizCampaigns.bank }).from(quizCampaigns).limit(1);
  const consent = `${DEMO_LABEL} Cuộc thi minh họa: không thu thập dữ liệu thật.`;
  await tx.insert(quizCampaigns).values({
    id,
    title: `${DEMO_LABEL} Cuộc thi tìm hiểu cải cách hành chính`,
    organiserUnit: organiser,
    audience: 'citizen',
    bank: bank?.bank ?? 'demo',
    startsAt: start,
    endsAt: new Date(now.getTime() + 30 * DAY),
    rules: `${DEMO_LABEL} Thể lệ minh họa.`,
    questionsPerRound: 5,
    draw: { byTopic: {} },
    timeLimitSeconds: 600,
    tieBreak: ['score', 'duration', 'submittedAt'],
    registration: {
      fields: [
        { key: 'fullName', label: 'Họ và tên', required: true, sensitive: false },
        { key: 'commune', label: 'Xã, phường', required: true, sensitive: false },
      ],
    },
    consentText: consent,
    consentVersion: consentVersion(consent),
  });
  await register(tx, 'quiz_campaigns', [id]);
  const [past, open] = await tx
    .insert(quizRounds)
    .values([
      {
        campaignId: id,
        no: 1,
        title: `${DEMO_LABEL} Vòng 1`,
        opensAt: start,
        closesAt: new Date(now.getTime() - 3 * DAY),
      },
      {
        campaignId: id,
        no: 2,
        title: `${DEMO_LABEL} Vòng 2 (đang mở)`,
        opensAt: new Date(now.getTime() - 3 * DAY + 1000),
        closesAt: new Date(now.getTime() + 14 * DAY),
      },
    ])
    .returning({ id: quizRounds.id });
  let attempts = 0;
  for (let i = 0; i < 30; i++) {
    const commune = areaCodes.length > 0 ? areaCodes[i % areaCodes.length]! : null;
    const joined = new Date(start.getTime() + rnd() * (now.getTime() - 4 * DAY - start.getTime()));
    const [p] = await tx
      .insert(quizParticipants)
      .values({
        campaignId: id,
        zaloUserId: `demo-quiz-${i + 1}`,
        registration: { fullName: `${DEMO_LABEL} Thí sinh ${i + 1}`, commune: commune ?? '' },
        commune,
        consentAt: joined,
        consentVersion: consentVersion(consent),
        createdAt: joined,
      })
      .returning({ id: quizParticipants.id });
    const score = Math.floor(rnd() * 6);
    const durationMs = 60_000 + Math.floor(rnd() * 400_000);
    const submittedAt = new Date(joined.getTime() + durationMs);
    const [a] = await tx
      .insert(quizAttempts)
      .values({
        campaignId: id,
        roundId: past!.id,
        participantId: p!.id,
        attemptNo: 1,
        status: 'submitted',
        startedAt: joined,
        deadlineAt: new Date(joined.getTime() + 600_000),
        questions: [],
        submittedAt,
        answers: [],
        score,
        durationMs,
      })
      .returning({ id: quizAttempts.id });
    await tx.insert(quizBestAttempts).values({
      roundId: past!.id,
      participantId: p!.id,
      campaignId: id,
      attemptId: a!.id,
      score,
      durationMs,
      submittedAt,
    });
    attempts += 1;
  }
  void open;
  return { quizAttempts: attempts, campaignId: id };
}

/** A draft plan for the calendar year when none exists and last year's is there to copy. */
async function seedPlan(deps: { db: Db; clock: Clock }, year: number): Promise<number | null> {
  const have = await deps.db
    .select({ year: planDocuments.year })
    .from(planDocuments)
    .where(inArray(planDocuments.year, [year, year - 1]));
  if (have.some((h) => h.year === year) || !have.some((h) => h.year === year - 1)) return null;
  await createPlanFromPrevious(deps, year, 'demo');
  await deps.db
    .update(planDocuments)
    .set({
      document: sql`jsonb_set(document, '{source}', to_jsonb(${DEMO_LABEL} || ' ' || (document->>'source')))`,
    })
    .where(eq(planDocuments.year, year));
  await deps.db.transaction((tx) => register(tx, 'plan_documents', [year]));
  return year;
}
