import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Db } from '../db/client.ts';
import { areaResolver, referenceNames } from '../areas/areas.service.ts';
import { AppError } from '../http/errors.ts';
import {
  countSubmissions,
  findCampaign,
  findRound,
  listRounds,
  type Campaign,
  type Round,
} from './quiz.repository.ts';
import { rankEntries, type RankEntry, type RankedEntry } from './quiz.ranking.ts';
import {
  quizAttempts,
  quizBestAttempts,
  quizCampaigns,
  quizParticipants,
  quizRounds,
  type TieBreakKey,
} from './quiz.schema.ts';
import { resultsOpenAt } from './quiz.campaigns.service.ts';
import type { QuizDeps } from './quiz.deps.ts';

/** A ranked row with who it is; registration answers are the caller's to mask. */
export interface ResultRow extends RankEntry {
  attemptId: string;
  registration: Record<string, string>;
  commune: string | null;
  unit: string | null;
}

/**
 * The number the prediction is measured against: submitted attempts in the round. Frozen on the round row the first
 * time it is asked for after results open, so later reads (and every leaderboard) use one fixed number.
 */
export async function actualCount(deps: QuizDeps, round: Round, campaign: Campaign): Promise<number> {
  if (round.actualCount !== null) return round.actualCount;
  const n = await countSubmissions(deps.db, round.id);
  if (deps.clock.now() >= resultsOpenAt(round, campaign)) {
    await deps.db
      .update(quizRounds)
      .set({ actualCount: n })
      .where(and(eq(quizRounds.id, round.id), isNull(quizRounds.actualCount)));
    round.actualCount = n;
  }
  return n;
}

/**
 * Freezes the actual count of every round whose results have opened and that nobody has looked at yet, so the first
 * leaderboard after a close does not count every attempt of the round while an organiser waits. Run by a job.
 */
export async function freezeClosedRounds(deps: QuizDeps): Promise<number> {
  const due = await deps.db
    .select({ round: quizRounds, campaign: quizCampaigns })
    .from(quizRounds)
    .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizRounds.campaignId))
    .where(
      and(
        isNull(quizRounds.actualCount),
        sql`${quizRounds.closesAt} + make_interval(secs => ${quizCampaigns.graceSeconds}) <= ${deps.clock.now().toISOString()}::timestamptz`,
      ),
    );
  for (const { round, campaign } of due) await actualCount(deps, round, campaign);
  return due.length;
}

/** ORDER BY for a campaign's tie-break keys over the best-attempts table; matches its index for the default order. */
function orderSql(tieBreak: readonly TieBreakKey[], actual: number): SQL {
  const b = quizBestAttempts;
  const parts = tieBreak.map((k) => {
    switch (k) {
      case 'score':
        return sql`${b.score} desc nulls last`;
      case 'duration':
        return sql`${b.durationMs} asc`;
      case 'prediction':
        return sql`abs(${b.prediction} - ${actual}) asc nulls last`;
      case 'submittedAt':
        return sql`${b.submittedAt} asc`;
    }
  });
  return sql.join([...parts, sql`${b.participantId} asc`], sql`, `);
}

const resultColumns = {
  participantId: quizBestAttempts.participantId,
  attemptId: quizBestAttempts.attemptId,
  score: quizBestAttempts.score,
  durationMs: quizBestAttempts.durationMs,
  prediction: quizBestAttempts.prediction,
  submittedAt: quizBestAttempts.submittedAt,
  registration: quizParticipants.registration,
  commune: quizParticipants.commune,
  unit: quizParticipants.unit,
};

async function loadRound(deps: QuizDeps, roundId: string) {
  const found = await findRound(deps.db, roundId);
  if (!found) throw new AppError('not_found', 'round not found', 'Không tìm thấy vòng thi.');
  return found;
}

/**
 * The top of a round from the best-attempts table: an index scan in ranking order, then the pure ranking over the
 * rows read. One extra row is read so a tie across the page edge is still flagged.
 */
export async function roundLeaderboard(deps: QuizDeps, roundId: string, limit = 100) {
  const { round, campaign } = await loadRound(deps, roundId);
  const actual = await actualCount(deps, round, campaign);
  const rows = await deps.db
    .select(resultColumns)
    .from(quizBestAttempts)
    .innerJoin(quizParticipants, eq(quizParticipants.id, quizBestAttempts.participantId))
    .where(eq(quizBestAttempts.roundId, round.id))
    .orderBy(orderSql(campaign.tieBreak, actual))
    .limit(limit + 1);
  const ranked = rankEntries(rows as ResultRow[], campaign.tieBreak, actual);
  return { round, campaign, actual, rows: ranked.slice(0, limit) };
}

/**
 * The same top list computed the plain way, from every attempt (best per participant by DISTINCT ON, then sorted).
 * Kept for the benchmark and as a cross-check in tests; never used by a route.
 */
export async function naiveRoundLeaderboard(db: Db, roundId: string, actual: number, limit = 100) {
  const result = await db.execute(sql`
    select * from (
      select distinct on (participant_id) participant_id, id, score, duration_ms, prediction, submitted_at
      from quiz_attempts where round_id = ${roundId} and status = 'submitted'
      order by participant_id, score desc, duration_ms asc, submitted_at asc
    ) best
    order by score desc, duration_ms asc, abs(prediction - ${actual}) asc nulls last, submitted_at asc, participant_id
    limit ${limit}`);
  return rowsOf<Record<string, unknown>>(result);
}

/** Every ranked participant of a round (for exports and the console), ranks by the campaign's tie-break. */
export async function fullRoundRanking(deps: QuizDeps, roundId: string) {
  const { round, campaign } = await loadRound(deps, roundId);
  const actual = await actualCount(deps, round, campaign);
  const rows = await deps.db
    .select(resultColumns)
    .from(quizBestAttempts)
    .innerJoin(quizParticipants, eq(quizParticipants.id, quizBestAttempts.participantId))
    .where(eq(quizBestAttempts.roundId, round.id));
  return { round, campaign, actual, rows: rankEntries(rows as ResultRow[], campaign.tieBreak, actual) };
}

/**
 * The campaign-wide ranking over closed rounds: total score ↓, total duration ↑, summed prediction distance ↑,
 * earliest last submit; the campaign's tie-break order applies to these totals.
 */
export async function overallRanking(deps: QuizDeps, campaignId: string) {
  const campaign = await findCampaign(deps.db, campaignId);
  if (!campaign) throw new AppError('not_found', 'campaign not found', 'Không tìm thấy cuộc thi.');
  const now = deps.clock.now();
  const closed = (await listRounds(deps.db, campaignId)).filter((r) => now >= resultsOpenAt(r, campaign));
  const totals = new Map<string, ResultRow & { rounds: number }>();
  for (const r of closed) {
    const { rows } = await fullRoundRanking(deps, r.id);
    for (const { entry, predictionDistance } of rows) {
      const t = totals.get(entry.participantId);
      const distance = predictionDistance ?? 1e12;
      if (!t) totals.set(entry.participantId, { ...entry, prediction: distance, rounds: 1 });
      else {
        t.score += entry.score;
        t.durationMs += entry.durationMs;
        t.prediction = (t.prediction ?? 0) + distance;
        if (entry.submittedAt > t.submittedAt) t.submittedAt = entry.submittedAt;
        t.rounds += 1;
      }
    }
  }
  // Totals already hold distances, so the "actual" to measure against is 0.
  return { campaign, rounds: closed, rows: rankEntries([...totals.values()], campaign.tieBreak, 0) };
}

/** What anyone in the mini-app may see of a round's ranking: only once published, and only public columns. */
export async function publicLeaderboard(deps: QuizDeps, roundId: string, limit = 50) {
  const { round } = await loadRound(deps, roundId);
  if (!round.publishedAt) {
    throw new AppError('not_found', 'results not published', 'Kết quả vòng thi chưa được công bố.');
  }
  const board = await roundLeaderboard(deps, roundId, limit);
  const names = await referenceNames(deps.db);
  return {
    round: { id: round.id, no: round.no, title: round.title, publishedAt: round.publishedAt },
    actual: board.actual,
    rows: board.rows.map((r) => publicRow(r, names)),
  };
}

function publicRow(r: RankedEntry<ResultRow>, names: ReadonlyMap<string, string>) {
  const nameOf = (code: string | null) => (code === null ? null : (names.get(code) ?? code));
  return {
    rank: r.rank,
    tied: r.tied,
    name: r.entry.registration.fullName ?? '',
    unit: nameOf(r.entry.unit),
    commune: nameOf(r.entry.commune),
    score: r.entry.score,
    durationMs: r.entry.durationMs,
  };
}

/** Publishes a closed round's results (an approver's act), freezing the prediction answer at the same time. */
export async function publishRound(deps: QuizDeps, roundId: string, by: string) {
  const { round, campaign } = await loadRound(deps, roundId);
  if (deps.clock.now() < resultsOpenAt(round, campaign)) {
    throw new AppError('conflict', 'round still open', 'Chỉ công bố kết quả sau khi vòng thi đã đóng.');
  }
  await actualCount(deps, round, campaign);
  const [row] = await deps.db
    .update(quizRounds)
    .set({ publishedAt: deps.clock.now(), publishedBy: by })
    .where(eq(quizRounds.id, round.id))
    .returning();
  return row!;
}

/**
 * Participation: registered people, people who submitted, submissions and their mean score, by commune and by
 * unit. With a period, only attempts submitted inside it count and "registered" is who had registered by its end
 * (the period report and the console page with ?period= read the same function, so their figures agree).
 */
export async function participationStats(
  deps: Pick<QuizDeps, 'db'>,
  campaignId: string,
  period?: { from: Date; toExclusive: Date },
) {
  const names = await referenceNames(deps.db);
  const inPeriod = period
    ? sql`${quizAttempts.submittedAt} >= ${period.from.toISOString()}::timestamptz and ${quizAttempts.submittedAt} < ${period.toExclusive.toISOString()}::timestamptz`
    : undefined;
  const registeredBy = period
    ? sql`${quizParticipants.createdAt} < ${period.toExclusive.toISOString()}::timestamptz`
    : sql`true`;
  const by = async (column: typeof quizParticipants.commune | typeof quizParticipants.unit) => {
    const result = await deps.db
      .select({
        key: column,
        registered: sql<number>`count(distinct ${quizParticipants.id}) filter (where ${registeredBy})::int`,
        submitted: sql<number>`count(distinct ${quizAttempts.participantId})::int`,
        submissions: sql<number>`count(${quizAttempts.id})::int`,
        meanScore: sql<number | null>`avg(${quizAttempts.score})::float8`,
      })
      .from(quizParticipants)
      .leftJoin(
        quizAttempts,
        and(
          eq(quizAttempts.participantId, quizParticipants.id),
          eq(quizAttempts.status, 'submitted'),
          inPeriod,
        ),
      )
      .where(eq(quizParticipants.campaignId, campaignId))
      .groupBy(column)
      .orderBy(sql`2 desc`);
    return result
      .filter((r) => r.registered > 0 || r.submissions > 0)
      .map((r) => ({
        ...r,
        meanScore: r.meanScore === null ? null : Number(r.meanScore),
        key: r.key ?? '(không khai)',
        label: r.key === null ? '(không khai)' : (names.get(r.key) ?? r.key),
      }));
  };
  // A registration that stored a retired commune counts under the commune that succeeded it (2025 mergers).
  const communes = await areaResolver(deps.db);
  type CommuneRow = {
    key: string;
    label: string;
    registered: number;
    submitted: number;
    submissions: number;
    meanScore: number | null;
  };
  const merged = new Map<string, CommuneRow>();
  for (const r of await by(quizParticipants.commune)) {
    const key = r.key === '(không khai)' ? r.key : communes.current(r.key);
    const label = r.key === '(không khai)' ? r.label : communes.name(r.key);
    const m = merged.get(key) ?? { key, label, registered: 0, submitted: 0, submissions: 0, meanScore: null };
    // Mean over the merged communes' submissions, weighted by how many each had.
    const total = m.submissions + r.submissions;
    if (r.meanScore !== null && total > 0)
      m.meanScore = ((m.meanScore ?? 0) * m.submissions + r.meanScore * r.submissions) / total;
    m.registered += r.registered;
    m.submitted += r.submitted;
    m.submissions = total;
    merged.set(key, m);
  }
  const byCommune = [...merged.values()].sort((a, b) => b.registered - a.registered);
  return { byCommune, byUnit: await by(quizParticipants.unit) };
}
