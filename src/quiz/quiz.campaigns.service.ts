// The mini-app's campaign list and contest screen: round status, when results open, the caller's attempts.
import type { Attempt, Campaign, Round } from './quiz.repository.ts';
import {
  findCampaign,
  findParticipant,
  listAttemptsOf,
  listRounds,
  listVisibleCampaigns,
} from './quiz.repository.ts';
import { notFound, type QuizDeps } from './quiz.deps.ts';

/** The moment answers may be shown: after the round closed and the last late submit could have arrived. */
export function resultsOpenAt(round: Round, campaign: Campaign): Date {
  return new Date(round.closesAt.getTime() + campaign.graceSeconds * 1000);
}

export function roundStatus(round: Round, now: Date): 'upcoming' | 'open' | 'closed' {
  if (now < round.opensAt) return 'upcoming';
  return now < round.closesAt ? 'open' : 'closed';
}

const VISIBLE_DAYS = 30 * 86_400_000;

/**
 * Campaigns people can see in the mini-app: running, starting within 30 days, or ended within 30 days (so that
 * participants can still read their answers and the published results).
 */
export async function listOpenCampaigns(deps: QuizDeps) {
  const now = deps.clock.now();
  const soon = new Date(now.getTime() + VISIBLE_DAYS);
  const recent = new Date(now.getTime() - VISIBLE_DAYS);
  const rows = await listVisibleCampaigns(deps.db, { endedAfter: recent, startsBefore: soon });
  return Promise.all(
    rows.map(async (c) => {
      const rounds = await listRounds(deps.db, c.id);
      const current =
        rounds.find((r) => roundStatus(r, now) === 'open') ??
        rounds.find((r) => r.opensAt > now) ??
        rounds.at(-1);
      return {
        id: c.id,
        title: c.title,
        audience: c.audience,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        currentRound: current ? publicRound(current, c, now) : null,
      };
    }),
  );
}

function publicRound(r: Round, c: Campaign, now: Date) {
  return {
    id: r.id,
    no: r.no,
    title: r.title,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    status: roundStatus(r, now),
    resultsAvailable: now >= resultsOpenAt(r, c),
    published: r.publishedAt !== null,
  };
}

/** Everything the contest screens need about a campaign and the caller's place in it; no question data. */
export async function getCampaignView(deps: QuizDeps, campaignId: string, zaloUserId: string) {
  const c = await findCampaign(deps.db, campaignId);
  if (!c || !c.active) throw notFound('campaign');
  const now = deps.clock.now();
  const rounds = await listRounds(deps.db, c.id);
  const participant = await findParticipant(deps.db, c.id, zaloUserId);
  const attempts = participant ? await listAttemptsOf(deps.db, participant.id) : [];
  return {
    campaign: {
      id: c.id,
      title: c.title,
      audience: c.audience,
      rules: c.rules,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      questionsPerRound: c.questionsPerRound,
      timeLimitSeconds: c.timeLimitSeconds,
      attemptsPerRound: c.attemptsPerRound,
      prediction: c.prediction,
      registration: c.registration,
      consentText: c.consentText,
      consentVersion: c.consentVersion,
    },
    rounds: rounds.map((r) => publicRound(r, c, now)),
    me: {
      registered: Boolean(participant),
      registration: participant?.registration ?? null,
      attempts: attempts.map((a) => attemptSummary(a, now)),
    },
    serverNow: now,
  };
}

/** An attempt without its questions or answers; an active attempt past its deadline reads as expired. */
export function attemptSummary(a: Attempt, now: Date) {
  return {
    id: a.id,
    roundId: a.roundId,
    attemptNo: a.attemptNo,
    status: a.status === 'active' && now > a.deadlineAt ? 'expired' : a.status,
    startedAt: a.startedAt,
    deadlineAt: a.deadlineAt,
    submittedAt: a.submittedAt,
    score: a.score,
    total: a.questions.length,
    durationMs: a.durationMs,
    prediction: a.prediction,
  };
}
