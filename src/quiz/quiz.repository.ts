// Every query of the contest (campaigns, rounds, participants, attempts, questions), raw SQL included.
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import type { BankQuestion } from './quiz.draw.ts';
import {
  quizAttempts,
  quizCampaigns,
  quizParticipants,
  quizQuestions,
  quizRounds,
  type DrawnQuestion,
  type GivenAnswer,
} from './quiz.schema.ts';

export type Campaign = typeof quizCampaigns.$inferSelect;
export type Round = typeof quizRounds.$inferSelect;
export type Participant = typeof quizParticipants.$inferSelect;
export type Attempt = typeof quizAttempts.$inferSelect;
export type Question = typeof quizQuestions.$inferSelect;

/** True for a unique-key violation, whichever driver raised it (drizzle wraps the driver error in `cause`). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

export async function findCampaign(db: Db | Tx, id: string): Promise<Campaign | undefined> {
  const [row] = await db.select().from(quizCampaigns).where(eq(quizCampaigns.id, id)).limit(1);
  return row;
}

export async function findRound(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ round: quizRounds, campaign: quizCampaigns })
    .from(quizRounds)
    .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizRounds.campaignId))
    .where(eq(quizRounds.id, id))
    .limit(1);
  return row;
}

export async function listRounds(db: Db | Tx, campaignId: string): Promise<Round[]> {
  return db
    .select()
    .from(quizRounds)
    .where(eq(quizRounds.campaignId, campaignId))
    .orderBy(asc(quizRounds.no));
}

export async function findParticipant(db: Db | Tx, campaignId: string, zaloUserId: string) {
  const [row] = await db
    .select()
    .from(quizParticipants)
    .where(and(eq(quizParticipants.campaignId, campaignId), eq(quizParticipants.zaloUserId, zaloUserId)))
    .limit(1);
  return row;
}

/** The two queries every start and submit runs, prepared once per database handle (named statements on PostgreSQL). */
function prepareHotQueries(db: Db | Tx) {
  return {
    roundForStart: db
      .select({
        round: quizRounds,
        campaign: quizCampaigns,
        participant: quizParticipants,
        attempt: quizAttempts,
      })
      .from(quizRounds)
      .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizRounds.campaignId))
      .leftJoin(
        quizParticipants,
        and(
          eq(quizParticipants.campaignId, quizCampaigns.id),
          eq(quizParticipants.zaloUserId, sql.placeholder('zaloUserId')),
        ),
      )
      .leftJoin(
        quizAttempts,
        and(eq(quizAttempts.participantId, quizParticipants.id), eq(quizAttempts.roundId, quizRounds.id)),
      )
      .where(eq(quizRounds.id, sql.placeholder('roundId')))
      .prepare('quiz_round_for_start'),
    attemptWithContext: db
      .select({
        attempt: quizAttempts,
        participant: quizParticipants,
        round: quizRounds,
        campaign: quizCampaigns,
      })
      .from(quizAttempts)
      .innerJoin(quizParticipants, eq(quizParticipants.id, quizAttempts.participantId))
      .innerJoin(quizRounds, eq(quizRounds.id, quizAttempts.roundId))
      .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizAttempts.campaignId))
      .where(eq(quizAttempts.id, sql.placeholder('attemptId')))
      .limit(1)
      .prepare('quiz_attempt_with_context'),
  };
}
const hotQueries = new WeakMap<object, ReturnType<typeof prepareHotQueries>>();
function hot(db: Db | Tx) {
  let q = hotQueries.get(db);
  if (!q) hotQueries.set(db, (q = prepareHotQueries(db)));
  return q;
}

/**
 * What starting an attempt needs, in one query (one round trip instead of three): the round and its campaign, the
 * person's registration in that campaign, and their attempts in the round. Undefined when the round does not exist.
 */
export async function findRoundForStart(db: Db | Tx, roundId: string, zaloUserId: string) {
  const rows = await hot(db).roundForStart.execute({ roundId, zaloUserId });
  const first = rows[0];
  if (!first) return undefined;
  return {
    round: first.round,
    campaign: first.campaign,
    participant: first.participant ?? undefined,
    attempts: rows.flatMap((r) => (r.attempt ? [r.attempt] : [])),
  };
}

/** An attempt with its owner, round and campaign, in one query. */
export async function findAttemptWithContext(db: Db | Tx, attemptId: string) {
  const [row] = await hot(db).attemptWithContext.execute({ attemptId });
  return row;
}

/** Active questions of a bank, with answers: for the draw and the scorer only, never for a response. */
export async function bankQuestions(db: Db | Tx, bank: string): Promise<BankQuestion[]> {
  return db
    .select({
      id: quizQuestions.id,
      type: quizQuestions.type,
      topic: quizQuestions.topic,
      options: quizQuestions.options,
      correct: quizQuestions.correct,
    })
    .from(quizQuestions)
    .where(and(eq(quizQuestions.bank, bank), eq(quizQuestions.active, 1)));
}

export async function questionsByIds(db: Db | Tx, ids: string[]): Promise<Question[]> {
  if (ids.length === 0) return [];
  return db.select().from(quizQuestions).where(inArray(quizQuestions.id, ids));
}

/** Number of submitted attempts in a round: what the prediction question asks about. */
export async function countSubmissions(db: Db | Tx, roundId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.roundId, roundId), eq(quizAttempts.status, 'submitted')));
  return row?.n ?? 0;
}

/**
 * A start's usual case in one statement: a new attempt for a registered participant who has no active attempt and
 * attempts left in the round. Undefined when any of that does not hold; the caller then takes the full path, which
 * says why (not registered, resume, no attempts left). Two racing starts collide on the unique indexes.
 */
export async function insertAttemptIfAllowed(
  db: Db | Tx,
  v: {
    campaignId: string;
    roundId: string;
    zaloUserId: string;
    attemptsPerRound: number;
    startedAt: Date;
    deadlineAt: Date;
    questions: DrawnQuestion[];
  },
): Promise<{ id: string; attemptNo: number } | undefined> {
  const result = await db.execute(sql`
    insert into quiz_attempts
      (campaign_id, round_id, participant_id, attempt_no, status, started_at, deadline_at, questions)
    select ${v.campaignId}, ${v.roundId}::uuid, p.id, a.n + 1, 'active', ${v.startedAt.toISOString()}::timestamptz,
           ${v.deadlineAt.toISOString()}::timestamptz, ${JSON.stringify(v.questions)}::jsonb
    from quiz_participants p
    cross join lateral (
      select count(*)::int as n, (count(*) filter (where status = 'active'))::int as active
      from quiz_attempts where participant_id = p.id and round_id = ${v.roundId}::uuid
    ) a
    where p.campaign_id = ${v.campaignId} and p.zalo_user_id = ${v.zaloUserId}
      and a.active = 0 and a.n < ${v.attemptsPerRound}
    returning id, attempt_no`);
  const [row] = rowsOf<{ id: string; attempt_no: number }>(result);
  return row && { id: row.id, attemptNo: row.attempt_no };
}

/** Active campaigns that end after `endedAfter` and start before `startsBefore`, earliest start first. */
export async function listVisibleCampaigns(
  db: Db | Tx,
  window: { endedAfter: Date; startsBefore: Date },
): Promise<Campaign[]> {
  return db
    .select()
    .from(quizCampaigns)
    .where(
      and(
        eq(quizCampaigns.active, 1),
        gte(quizCampaigns.endsAt, window.endedAfter),
        sql`${quizCampaigns.startsAt} <= ${window.startsBefore}`,
      ),
    )
    .orderBy(asc(quizCampaigns.startsAt));
}

/** A participant's attempts in every round of the campaign, oldest first. */
export async function listAttemptsOf(db: Db | Tx, participantId: string): Promise<Attempt[]> {
  return db
    .select()
    .from(quizAttempts)
    .where(eq(quizAttempts.participantId, participantId))
    .orderBy(asc(quizAttempts.startedAt));
}

/** Inserts or corrects a registration: one row per Zalo user per campaign. */
export async function upsertParticipant(
  db: Db | Tx,
  values: {
    campaignId: string;
    zaloUserId: string;
    registration: Record<string, string>;
    commune: string | null;
    unit: string | null;
    consentAt: Date;
    consentVersion: string;
  },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(quizParticipants)
    .values(values)
    .onConflictDoUpdate({
      target: [quizParticipants.campaignId, quizParticipants.zaloUserId],
      set: {
        registration: values.registration,
        commune: values.commune,
        unit: values.unit,
        consentAt: values.consentAt,
        consentVersion: values.consentVersion,
      },
    })
    .returning({ id: quizParticipants.id });
  return row!;
}

/** Inserts an active attempt; two racing starts collide on the unique indexes (see `isUniqueViolation`). */
export async function insertAttempt(
  db: Db | Tx,
  values: {
    campaignId: string;
    roundId: string;
    participantId: string;
    attemptNo: number;
    startedAt: Date;
    deadlineAt: Date;
    questions: DrawnQuestion[];
  },
): Promise<Attempt> {
  const [attempt] = await db
    .insert(quizAttempts)
    .values({ ...values, status: 'active' })
    .returning();
  return attempt!;
}

/** The participant's active attempt in the round, if any (at most one, held by a partial unique index). */
export async function findActiveAttempt(
  db: Db | Tx,
  participantId: string,
  roundId: string,
): Promise<Attempt | undefined> {
  const [row] = await db
    .select()
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.participantId, participantId),
        eq(quizAttempts.roundId, roundId),
        eq(quizAttempts.status, 'active'),
      ),
    );
  return row;
}

/** Marks an attempt expired, if it is still active. */
export async function expireAttempt(db: Db | Tx, attemptId: string): Promise<void> {
  await db
    .update(quizAttempts)
    .set({ status: 'expired' })
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.status, 'active')));
}

/**
 * Marks the attempt submitted and keeps the participant's best attempt of the round in the leaderboard table, in ONE
 * statement (atomic without a transaction, one round trip). The UPDATE matches only an active attempt, so of two racing
 * submits exactly one returns a row. Best = higher score, then shorter duration, then earlier submit.
 */
export async function saveSubmit(
  db: Db | Tx,
  attemptId: string,
  v: {
    submittedAt: Date;
    answers: GivenAnswer[];
    score: number;
    durationMs: number;
    prediction: number | null;
  },
): Promise<boolean> {
  const result = await db.execute(sql`
    with s as (
      update quiz_attempts
      set status = 'submitted', submitted_at = ${v.submittedAt.toISOString()}::timestamptz,
          answers = ${JSON.stringify(v.answers)}::jsonb, score = ${v.score}, duration_ms = ${v.durationMs},
          prediction = ${v.prediction}
      where id = ${attemptId}::uuid and status = 'active'
      returning *
    ), best as (
      insert into quiz_best_attempts
        (round_id, participant_id, campaign_id, attempt_id, score, duration_ms, prediction, submitted_at)
      select round_id, participant_id, campaign_id, id, score, duration_ms, prediction, submitted_at from s
      on conflict (round_id, participant_id) do update set
        attempt_id = excluded.attempt_id, score = excluded.score, duration_ms = excluded.duration_ms,
        prediction = excluded.prediction, submitted_at = excluded.submitted_at
      where (excluded.score, -excluded.duration_ms, -extract(epoch from excluded.submitted_at))
          > (quiz_best_attempts.score, -quiz_best_attempts.duration_ms, -extract(epoch from quiz_best_attempts.submitted_at))
    )
    select id from s`);
  return rowsOf<{ id: string }>(result).length > 0;
}
