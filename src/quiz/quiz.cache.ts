import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { quizQuestions, type DrawnQuestion } from './quiz.schema.ts';
import { findRound, questionsByIds, type Campaign, type Question, type Round } from './quiz.repository.ts';

/**
 * Bank questions kept in memory for a short time: every start and submit needs them, and banks change only on
 * import. Each app instance refreshes after `ttlMs`, so an import shows everywhere within that time; the instance
 * that imported drops its copy at once. Attempts that name a question outside the cached bank fall back to the database.
 */
export class QuestionCache {
  private readonly banks: LRUCache<string, BankEntry>;
  constructor(
    private readonly db: Db,
    ttlMs = 30_000,
  ) {
    // Concurrent callers share one load (a cold start under load must not read the bank once per request).
    this.banks = new LRUCache<string, BankEntry>({
      max: 100,
      ttl: ttlMs,
      fetchMethod: async (bank) => {
        const questions = await db.select().from(quizQuestions).where(eq(quizQuestions.bank, bank));
        return {
          questions,
          active: questions.filter((q) => q.active === 1),
          byId: new Map(questions.map((q) => [q.id, q])),
        };
      },
    });
  }

  async bank(bank: string): Promise<Question[]> {
    return (await this.entry(bank)).questions;
  }

  /** Active questions of a bank, as the draw needs them. */
  async active(bank: string): Promise<Question[]> {
    return (await this.entry(bank)).active;
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

  private async entry(bank: string): Promise<BankEntry> {
    const entry = await this.banks.fetch(bank);
    if (!entry) throw new Error(`quiz bank ${bank} could not be loaded`);
    return entry;
  }
}

interface BankEntry {
  questions: Question[];
  active: Question[];
  byId: Map<string, Question>;
}

export interface RoundWithCampaign {
  round: Round;
  campaign: Campaign;
}

/**
 * A round with its campaign, kept for `ttlMs`: a contest's configuration changes seldom, and every start and submit
 * reads it. The console drops the copy of the instance that edited; other instances see an edit within `ttlMs`.
 * Unknown round ids are not remembered (a round created a moment ago must be found at once).
 */
export class RoundCache {
  private readonly rounds: LRUCache<string, RoundWithCampaign>;
  constructor(db: Db, ttlMs = 3_000) {
    this.rounds = new LRUCache<string, RoundWithCampaign>({
      max: 1_000,
      ttl: ttlMs,
      fetchMethod: async (roundId) => (await findRound(db, roundId)) ?? undefined,
    });
  }

  /** Concurrent callers for the same round share one database read. */
  async get(roundId: string): Promise<RoundWithCampaign | undefined> {
    return this.rounds.fetch(roundId);
  }

  invalidate(): void {
    this.rounds.clear();
  }
}

/** What a submit needs about an attempt and never changes after its start. */
export interface StartedAttempt {
  id: string;
  zaloUserId: string;
  roundId: string;
  attemptNo: number;
  startedAt: Date;
  deadlineAt: Date;
  questions: DrawnQuestion[];
}

/**
 * Attempts started by this instance and not yet submitted, so that the usual submit (same instance, in time) reads
 * nothing before its one UPDATE. Only facts fixed at start are kept; the status is always checked by the UPDATE
 * itself. A submit that misses (another instance, a restart, an evicted entry) reads the attempt from the database.
 */
export class StartedAttempts {
  private readonly attempts: LRUCache<string, StartedAttempt>;
  constructor(max = 20_000) {
    this.attempts = new LRUCache<string, StartedAttempt>({ max });
  }

  remember(attempt: StartedAttempt): void {
    this.attempts.set(attempt.id, attempt);
  }

  find(attemptId: string): StartedAttempt | undefined {
    return this.attempts.get(attemptId);
  }

  forget(attemptId: string): void {
    this.attempts.delete(attemptId);
  }
}
