import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  bigint,
} from 'drizzle-orm/pg-core';

/** Topics a question may carry; imports refuse others so the per-topic draw never silently misses one. */
export const quizTopics = {
  cchc: 'Cải cách hành chính',
  dvc: 'Dịch vụ công trực tuyến',
  vneid: 'VNeID và định danh điện tử',
  'de-an-06': 'Đề án 06',
  'chuyen-doi-so': 'Chuyển đổi số',
  'mot-cua': 'Một cửa, một cửa liên thông',
  'van-hoa-cong-vu': 'Văn hoá công vụ',
} as const;
export type QuizTopic = keyof typeof quizTopics;

export const questionTypes = ['single', 'multiple', 'truefalse'] as const;
export type QuestionType = (typeof questionTypes)[number];

/** The ranking keys a campaign may order by, in its own order. */
export const tieBreakKeys = ['score', 'duration', 'prediction', 'submittedAt'] as const;
export type TieBreakKey = (typeof tieBreakKeys)[number];

export interface RegistrationField {
  key: string;
  label: string;
  required: boolean;
  sensitive: boolean;
}

export interface PredictionConfig {
  text: string;
  min: number;
  max: number;
}

/** A contest: who runs it, for whom, and every rule the server enforces (draw, time, attempts, tie-break). */
export const quizCampaigns = pgTable('quiz_campaigns', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  organiserUnit: text('organiser_unit').notNull(),
  audience: text('audience', { enum: ['citizen', 'civil_servant'] }).notNull(),
  bank: text('bank').notNull(),
  source: text('source'),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  rules: text('rules').notNull(),
  questionsPerRound: integer('questions_per_round').notNull(),
  draw: jsonb('draw').$type<{ byTopic: Record<string, number> }>().notNull(),
  timeLimitSeconds: integer('time_limit_seconds').notNull(),
  graceSeconds: integer('grace_seconds').notNull().default(10),
  attemptsPerRound: integer('attempts_per_round').notNull().default(1),
  prediction: jsonb('prediction').$type<PredictionConfig | null>(),
  tieBreak: jsonb('tie_break').$type<TieBreakKey[]>().notNull(),
  registration: jsonb('registration').$type<{ fields: RegistrationField[] }>().notNull(),
  consentText: text('consent_text').notNull(),
  /** A hash of the consent text: a participant's consent names the exact wording they agreed to. */
  consentVersion: text('consent_version').notNull(),
  active: integer('active').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A window of a campaign (usually a week); results are per round and published by an approver. */
export const quizRounds = pgTable(
  'quiz_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => quizCampaigns.id),
    no: integer('no').notNull(),
    title: text('title').notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    /** Frozen once the round is over: the number the prediction question is measured against. */
    actualCount: integer('actual_count'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
  },
  (t) => [uniqueIndex('quiz_rounds_campaign_no_uq').on(t.campaignId, t.no)],
);

/** The question bank. `correct` never leaves the server before a round closes. */
export const quizQuestions = pgTable(
  'quiz_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bank: text('bank').notNull(),
    code: text('code').notNull(),
    type: text('type', { enum: questionTypes }).notNull(),
    topic: text('topic').notNull(),
    difficulty: integer('difficulty').notNull().default(1),
    text: text('text').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    correct: jsonb('correct').$type<number[]>().notNull(),
    explanation: text('explanation').notNull(),
    source: text('source').notNull(),
    active: integer('active').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quiz_questions_bank_code_uq').on(t.bank, t.code),
    index('quiz_questions_bank_topic_idx').on(t.bank, t.topic),
  ],
);

/** One identity per Zalo user per campaign, with the registration answers and the consent they gave. */
export const quizParticipants = pgTable(
  'quiz_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => quizCampaigns.id),
    zaloUserId: text('zalo_user_id').notNull(),
    registration: jsonb('registration').$type<Record<string, string>>().notNull(),
    /** Copied out of the registration for live participation by commune and unit. */
    commune: text('commune'),
    unit: text('unit'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    consentVersion: text('consent_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quiz_participants_campaign_user_uq').on(t.campaignId, t.zaloUserId),
    index('quiz_participants_campaign_commune_idx').on(t.campaignId, t.commune),
  ],
);

/** One drawn question in an attempt: which question and the order its options were shown in. */
export interface DrawnQuestion {
  questionId: string;
  /** order[displayIndex] = index in the bank's options */
  order: number[];
}

/** One answer as the participant gave it, in display indexes. */
export interface GivenAnswer {
  questionId: string;
  choices: number[];
}

/**
 * One try at a round. Times come from the server's clock only; the partial unique index allows one
 * active attempt per participant and round, and (participant, round, attemptNo) caps the attempts.
 */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: text('campaign_id').notNull(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => quizRounds.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => quizParticipants.id),
    attemptNo: integer('attempt_no').notNull(),
    status: text('status', { enum: ['active', 'submitted', 'expired'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    questions: jsonb('questions').$type<DrawnQuestion[]>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    answers: jsonb('answers').$type<GivenAnswer[]>(),
    score: integer('score'),
    durationMs: integer('duration_ms'),
    prediction: bigint('prediction', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('quiz_attempts_one_active_uq')
      .on(t.participantId, t.roundId)
      .where(sql`${t.status} = 'active'`),
    uniqueIndex('quiz_attempts_participant_round_no_uq').on(t.participantId, t.roundId, t.attemptNo),
    index('quiz_attempts_round_status_idx').on(t.roundId, t.status),
  ],
);

/**
 * The leaderboard's materialisation: each participant's best submitted attempt per round, kept on submit.
 * Its index follows the default ranking order, so the top of a round is an index scan, not a sort of every attempt.
 */
export const quizBestAttempts = pgTable(
  'quiz_best_attempts',
  {
    roundId: uuid('round_id').notNull(),
    participantId: uuid('participant_id').notNull(),
    campaignId: text('campaign_id').notNull(),
    attemptId: uuid('attempt_id').notNull(),
    score: integer('score').notNull(),
    durationMs: integer('duration_ms').notNull(),
    prediction: bigint('prediction', { mode: 'number' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('quiz_best_attempts_pk').on(t.roundId, t.participantId),
    index('quiz_best_attempts_rank_idx').on(
      t.roundId,
      t.score.desc(),
      t.durationMs.asc(),
      t.submittedAt.asc(),
    ),
    index('quiz_best_attempts_campaign_idx').on(t.campaignId, t.participantId),
  ],
);
