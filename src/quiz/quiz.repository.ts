import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import type { BankQuestion } from './quiz.draw.ts';
import {
  quizAttempts,
  quizCampaigns,
  quizParticipants,
  quizQuestions,
  quizRounds,
  type DrawnQuestion,
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
