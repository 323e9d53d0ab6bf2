import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per survey: which version is current. Definitions themselves live in survey_versions. */
export const surveys = pgTable('surveys', {
  id: text('id').primaryKey(),
  currentVersion: integer('current_version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every definition a survey ever had; a response records the version it answered. Never updated in place. */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    surveyId: text('survey_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    /** sha256 of the canonical definition JSON: loading the same file twice adds no version. */
    contentHash: text('content_hash').notNull(),
    /** 'file' (content/surveys/*.yaml at start-up) or 'console' (edited by staff). */
    source: text('source', { enum: ['file', 'console'] }).notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.version] })],
);

/**
 * One submitted response. It holds NO respondent identifier when the survey is anonymous (respondent_zalo_id stays
 * null), and only the local day, not the time, so it cannot be matched to chat logs by timestamp. The report
 * columns (report_year, slot, area_code, segment, understands) are computed at submit so reports are GROUP BYs.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    surveyId: text('survey_id').notNull(),
    version: integer('version').notNull(),
    /** Local day (Asia/Ho_Chi_Minh) of submission. */
    day: date('day', { mode: 'string' }).notNull(),
    /** KH 196 report year of `day` (15/12 opens the next year). */
    reportYear: smallint('report_year').notNull(),
    /** Quarter of the report year: 1 = 15/12–14/3, 2 = 15/3–14/6, 3 = 15/6–14/9, 4 = 15/9–14/12. */
    slot: smallint('slot').notNull(),
    areaCode: text('area_code'),
    /** Answer to the segment question (e.g. r1 = a "Người dân" / b "Tổ chức, doanh nghiệp"). */
    segment: text('segment'),
    understands: boolean('understands').notNull(),
    knowledgeCorrect: smallint('knowledge_correct').notNull(),
    answers: jsonb('answers').notNull(),
    channel: text('channel', { enum: ['chat', 'miniapp', 'console'] }).notNull(),
    language: text('language').notNull().default('vi'),
    /**
     * Consent given to the consent text of `version`, before any answer (under the personal-data law the version
     * cites: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 from 01/01/2026).
     */
    consentGiven: boolean('consent_given').notNull(),
    /**
     * The order in which each shuffled (knowledge) question's options were shown: {questionId: [option ids]}.
     * Null for responses from before shuffling, or sent without a seed. Holds no personal data.
     */
    optionOrder: jsonb('option_order'),
    /** Only for surveys that are not anonymous. */
    respondentZaloId: text('respondent_zalo_id'),
  },
  (t) => [
    index('survey_responses_report_idx').on(t.surveyId, t.reportYear, t.slot),
    index('survey_responses_day_idx').on(t.surveyId, t.day),
  ],
);

/**
 * "Has answered": one row per (person, survey, report year), keyed by HMAC-SHA256(secret, zalo id | survey |
 * report year). It has no timestamp and no link to the response, so the one-response rule holds in anonymous mode
 * while nothing joins a response to a Zalo id. The primary key makes concurrent second submits fail.
 */
export const surveyParticipations = pgTable('survey_participations', {
  keyHash: text('key_hash').primaryKey(),
  /** Survey and report year, so the rows can be deleted with the responses when their retention ends. */
  surveyId: text('survey_id'),
  reportYear: smallint('report_year'),
});

/**
 * Answer counts per survey, local day, question and answer, kept in the submit transaction so per-question
 * distributions for any period or day range are a small GROUP BY instead of a scan of every answer document.
 */
export const surveyAnswerTallies = pgTable(
  'survey_answer_tallies',
  {
    surveyId: text('survey_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    questionId: text('question_id').notNull(),
    /** Option id, Likert value, 'yes'/'no', or '(text)' for a free-text answer. */
    answer: text('answer').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.day, t.questionId, t.answer] })],
);

/**
 * Response counts per survey, local day, commune and segment, kept in the submit transaction. Reports read these
 * (a few thousand rows a year) instead of scanning every response; `rebuildAggregates` recomputes them from the
 * responses. No commune / no segment are stored as '' because primary-key columns cannot be null.
 */
export const surveyDailyCounts = pgTable(
  'survey_daily_counts',
  {
    surveyId: text('survey_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    reportYear: smallint('report_year').notNull(),
    slot: smallint('slot').notNull(),
    areaCode: text('area_code').notNull(),
    segment: text('segment').notNull(),
    responses: integer('responses').notNull().default(0),
    understands: integer('understands').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.day, t.areaCode, t.segment] })],
);
