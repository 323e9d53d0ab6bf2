import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { BankQuestion } from './quiz.draw.ts';
import { quizAttempts, quizCampaigns, quizParticipants, quizQuestions, quizRounds } from './quiz.schema.ts';

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
 * Bank questions kept in memory for a short time: every start and submit needs them, and banks change only on
 * import. Each app instance refreshes after `ttlMs`, so an import shows everywhere within that time; the instance
 * that imported drops its copy at once. Attempts that name a question outside the cached bank fall back to the database.
 */
export class QuestionCache {
  private readonly banks = new Map<string, { at: number; entry: Promise<BankEntry> }>();
  constructor(
    private readonly db: Db,
    private readonly ttlMs = 30_000,
  ) {}

  async bank(bank: string): Promise<Question[]> {
    return (await this.entry(bank)).questions;
  }

  /** Active questions of a bank, as the draw needs them. */
  async active(bank: string): Promise<BankQuestion[]> {
    return (await this.bank(bank)).filter((q) => q.active === 1);
  }

  async byIds(bank: string, ids: string[]): Promise<Question[]> {
    const { byId } = await this.entry(bank);
    const found = ids.map((id) => byId.get(id));
    if (found.every((q): q is Question => q !== undefined)) return found;
    return questionsByIds(this.db, ids);
  }

  invalidate(bank?: string): void {
    if (bank) this.banks.delete(bank);
    else this.banks.clear();
  }

  /** Concurrent callers share one load (a cold start under load must not read the bank once per request). */
  private entry(bank: string): Promise<BankEntry> {
    const cached = this.banks.get(bank);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.entry;
    const entry = this.db
      .select()
      .from(quizQuestions)
      .where(eq(quizQuestions.bank, bank))
      .then((questions) => ({ questions, byId: new Map(questions.map((q) => [q.id, q])) }));
    this.banks.set(bank, { at: Date.now(), entry });
    entry.catch(() => this.banks.delete(bank));
    return entry;
  }
}

interface BankEntry {
  questions: Question[];
  byId: Map<string, Question>;
}
