import { z } from 'zod';
import { instant } from './common.ts';

/** The participant-facing contest API (/api/miniapp/quiz) and the organiser's (/api/console/quiz). Never an answer key before results. */

export const roundStatus = z.enum(['upcoming', 'open', 'closed']);

/** A round as a participant sees it. */
export const roundView = z.object({
  id: z.string(),
  no: z.number(),
  title: z.string(),
  opensAt: instant,
  closesAt: instant,
  status: roundStatus,
  resultsAvailable: z.boolean(),
  published: z.boolean(),
});
export type RoundView = z.infer<typeof roundView>;

/** GET /api/miniapp/quiz/campaigns: the contests open now or soon. */
export const campaignSummary = z.object({
  id: z.string(),
  title: z.string(),
  audience: z.string(),
  startsAt: instant,
  endsAt: instant,
  currentRound: roundView.nullable(),
});
export type CampaignSummary = z.infer<typeof campaignSummary>;
export const campaignList = z.object({ campaigns: z.array(campaignSummary) });

export const prediction = z.object({ text: z.string(), min: z.number(), max: z.number() }).nullable();

/** One of the caller's attempts, without questions. */
export const attemptSummary = z.object({
  id: z.string(),
  roundId: z.string(),
  attemptNo: z.number(),
  status: z.enum(['active', 'submitted', 'expired']),
  startedAt: instant,
  deadlineAt: instant,
  submittedAt: instant.nullable(),
  score: z.number().nullable(),
  total: z.number(),
  durationMs: z.number().nullable(),
  prediction: z.number().nullable(),
});
export type AttemptSummary = z.infer<typeof attemptSummary>;

export const registrationField = z.object({
  key: z.string(),
  label: z.string(),
  required: z.boolean(),
  sensitive: z.boolean(),
});

/** GET /api/miniapp/quiz/campaigns/:id: the contest, its rounds and the caller's place in it. */
export const campaignView = z.object({
  campaign: z.object({
    id: z.string(),
    title: z.string(),
    audience: z.string(),
    rules: z.string(),
    startsAt: instant,
    endsAt: instant,
    questionsPerRound: z.number(),
    timeLimitSeconds: z.number(),
    attemptsPerRound: z.number(),
    prediction,
    registration: z.object({ fields: z.array(registrationField) }),
    consentText: z.string(),
    consentVersion: z.string(),
  }),
  rounds: z.array(roundView),
  me: z.object({
    registered: z.boolean(),
    registration: z.record(z.string(), z.string()).nullable(),
    attempts: z.array(attemptSummary),
  }),
  serverNow: instant,
});
export type CampaignView = z.infer<typeof campaignView>;

/** POST /api/miniapp/quiz/campaigns/:id/registration. */
export const registrationRequest = z.object({
  answers: z.record(z.string(), z.string()),
  consent: z.boolean(),
  consentVersion: z.string(),
  rememberCommune: z.boolean().optional(),
});
export type RegistrationRequest = z.infer<typeof registrationRequest>;
export const registrationResult = z.object({
  participantId: z.string(),
  registration: z.record(z.string(), z.string()),
});

/** A question as drawn for one attempt: options in the attempt's own order, no correct answer. */
export const drawnQuestion = z.object({
  id: z.string(),
  type: z.enum(['single', 'multiple', 'truefalse']),
  text: z.string(),
  options: z.array(z.string()),
});

/**
 * POST /api/miniapp/quiz/rounds/:id/attempts (201): the attempt just started or resumed, with the server's clock so
 * the countdown does not trust the phone's. (Not the server's cached `StartedAttempt`, which keeps the draw order.)
 */
export const attemptStart = z.object({
  id: z.string(),
  roundId: z.string(),
  attemptNo: z.number(),
  startedAt: instant,
  deadlineAt: instant,
  graceSeconds: z.number(),
  serverNow: instant,
  questions: z.array(drawnQuestion),
  prediction,
});
export type AttemptStart = z.infer<typeof attemptStart>;

/** POST /api/miniapp/quiz/attempts/:id/submit: choices by display position, and the prediction if asked. */
export const submitRequest = z.object({
  answers: z.array(z.object({ questionId: z.string(), choices: z.array(z.number().int()) })),
  prediction: z.union([z.number(), z.string(), z.null()]).optional(),
});
export type SubmitRequest = z.infer<typeof submitRequest>;

/** The submit answer: the score now, the review once `resultsAt` has passed; a repeated submit says so. */
export const submitResult = z.object({
  attemptId: z.string(),
  score: z.number(),
  total: z.number(),
  durationMs: z.number(),
  submittedAt: instant,
  prediction: z.number().nullable(),
  alreadySubmitted: z.boolean(),
  resultsAt: instant,
});
export type SubmitResult = z.infer<typeof submitResult>;

/** GET /api/miniapp/quiz/attempts/:id: the attempt, and after the round closes every question with its answer. */
export const attemptReview = attemptSummary.extend({
  resultsAt: instant,
  review: z
    .array(
      z.object({
        id: z.string(),
        type: z.enum(['single', 'multiple', 'truefalse']),
        text: z.string(),
        options: z.array(z.string()),
        chosen: z.array(z.number()),
        correct: z.array(z.number()),
        isCorrect: z.boolean(),
        explanation: z.string(),
        source: z.string(),
      }),
    )
    .nullable(),
});
export type AttemptReview = z.infer<typeof attemptReview>;

/** GET /api/miniapp/quiz/rounds/:id/leaderboard: a published round's public ranking (names, never phones). */
export const publicLeaderboard = z.object({
  round: z.object({ id: z.string(), no: z.number(), title: z.string(), publishedAt: instant.nullable() }),
  actual: z.number(),
  rows: z.array(
    z.object({
      rank: z.number(),
      tied: z.boolean(),
      name: z.string(),
      unit: z.string().nullable(),
      commune: z.string().nullable(),
      score: z.number(),
      durationMs: z.number(),
    }),
  ),
});
export type PublicLeaderboard = z.infer<typeof publicLeaderboard>;

// --- organiser console (/api/console/quiz) ---

/** A contest in the organiser's list, with how many registered: every rule the server enforces, as stored. */
export const consoleCampaign = z.object({
  id: z.string(),
  title: z.string(),
  organiserUnit: z.string(),
  audience: z.enum(['citizen', 'civil_servant']),
  bank: z.string(),
  /** The plan or document the contest is run under (organisers' reference; the mini-app does not get it). */
  source: z.string().nullable(),
  startsAt: instant,
  endsAt: instant,
  rules: z.string(),
  questionsPerRound: z.number(),
  draw: z.object({ byTopic: z.record(z.string(), z.number()) }),
  timeLimitSeconds: z.number(),
  graceSeconds: z.number(),
  attemptsPerRound: z.number(),
  prediction,
  tieBreak: z.array(z.enum(['score', 'duration', 'prediction', 'submittedAt'])),
  registration: z.object({ fields: z.array(registrationField) }),
  consentText: z.string(),
  consentVersion: z.string(),
  active: z.number(),
  createdAt: instant,
  updatedAt: instant,
  participants: z.number(),
});
export type ConsoleCampaign = z.infer<typeof consoleCampaign>;
export const consoleCampaigns = z.object({ campaigns: z.array(consoleCampaign) });

export const consoleRound = z.object({
  id: z.string(),
  campaignId: z.string(),
  no: z.number(),
  title: z.string(),
  opensAt: instant,
  closesAt: instant,
  /** The number the prediction question is measured against, frozen once the round is over. */
  actualCount: z.number().nullable(),
  publishedAt: instant.nullable(),
  publishedBy: z.string().nullable(),
});
export type ConsoleRound = z.infer<typeof consoleRound>;
export const consoleCampaignDetail = z.object({
  campaign: consoleCampaign.omit({ participants: true }),
  rounds: z.array(consoleRound),
});

/**
 * Participation by commune or unit. `key`: the code stored at registration; `label`: its name for people (the code
 * when it is not in the reference data).
 */
export const participationRow = z.object({
  key: z.string().nullable(),
  label: z.string(),
  registered: z.number(),
  submitted: z.number(),
  submissions: z.number(),
  /** Mean score of the submissions counted; null when there were none. */
  meanScore: z.number().nullable(),
});
export type ParticipationRow = z.infer<typeof participationRow>;
export const participation = z.object({
  byCommune: z.array(participationRow),
  byUnit: z.array(participationRow),
  /** Submitted attempts and distinct people per round (rounds without submissions are absent). */
  byRound: z.array(z.object({ roundId: z.string(), submissions: z.number(), people: z.number() })),
});

/** One ranked row for organisers (registration fields shown per the caller's rights). */
export const consoleRankRow = z.object({
  rank: z.number(),
  tied: z.boolean(),
  participantId: z.string(),
  attemptId: z.string(),
  registration: z.record(z.string(), z.string()),
  score: z.number(),
  durationMs: z.number(),
  prediction: z.number().nullable(),
  predictionDistance: z.number().nullable(),
  submittedAt: instant,
});
export type ConsoleRankRow = z.infer<typeof consoleRankRow>;
export const consoleLeaderboard = z.object({
  actual: z.number(),
  round: consoleRound,
  rows: z.array(consoleRankRow),
});

/** A bank import's row report (dry run or real). */
export const importProblem = z.object({ row: z.number(), column: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof importProblem>;
export const importReport = z.object({
  ok: z.boolean(),
  rows: z.number(),
  /** Rows written (0 on a dry run). */
  imported: z.number(),
  created: z.number(),
  updated: z.number(),
  problems: z.array(importProblem),
});
export type ImportReport = z.infer<typeof importReport>;
export const importResult = z.object({ report: importReport });
export const importRequest = z.object({
  format: z.enum(['xlsx', 'csv']),
  fileBase64: z.string(),
  dryRun: z.boolean().optional(),
});
export type CampaignList = z.infer<typeof campaignList>;
export type ConsoleCampaigns = z.infer<typeof consoleCampaigns>;
export type ConsoleCampaignDetail = z.infer<typeof consoleCampaignDetail>;
export type Participation = z.infer<typeof participation>;
export type ConsoleLeaderboard = z.infer<typeof consoleLeaderboard>;
export type ImportResult = z.infer<typeof importResult>;
export type ImportRequest = z.infer<typeof importRequest>;
