import type { z } from 'zod';
import * as auth from './console/auth.ts';
import * as broadcasts from './console/broadcasts.ts';
import * as faq from './console/faq.ts';
import * as people from './console/people.ts';
import * as plan from './console/plan.ts';
import * as reference from './console/reference.ts';
import * as reports from './console/reports.ts';
import * as miniapp from './miniapp.ts';
import * as quiz from './quiz.ts';
import * as surveys from './surveys.ts';

/** One route of the contract: what the server answers on success, and (where the front end sends one) the body. */
export interface RouteContract {
  response: z.ZodType;
  request?: z.ZodType;
}

const M = '/api/miniapp';
const C = '/api/console';

/**
 * The routes the front ends call, keyed `METHOD <Express pattern>` as the server mounts them. The server's tests
 * check every JSON answer of these routes against `response` (test/helpers/contract-check.ts); the front ends take
 * their types from the same schemas.
 */
export const routes = {
  // mini-app identity and public data
  [`POST ${M}/session`]: { response: miniapp.miniappSession, request: miniapp.sessionRequest },
  [`POST ${M}/dev-login`]: { response: miniapp.miniappSession, request: miniapp.devLoginRequest },
  [`GET ${M}/config`]: { response: miniapp.miniappConfig },
  [`GET ${M}/me`]: { response: miniapp.miniappMe },
  [`POST ${M}/phone`]: { response: miniapp.phoneResult, request: miniapp.phoneRequest },
  ['GET /api/areas/communes']: { response: miniapp.publicCommunes },
  ['GET /api/faq/search']: { response: miniapp.faqSearch },
  // mini-app contests
  [`GET ${M}/quiz/campaigns`]: { response: quiz.campaignList },
  [`GET ${M}/quiz/campaigns/:id`]: { response: quiz.campaignView },
  [`POST ${M}/quiz/campaigns/:id/registration`]: {
    response: quiz.registrationResult,
    request: quiz.registrationRequest,
  },
  [`POST ${M}/quiz/rounds/:id/attempts`]: { response: quiz.attemptStart },
  [`POST ${M}/quiz/attempts/:id/submit`]: { response: quiz.submitResult, request: quiz.submitRequest },
  [`GET ${M}/quiz/attempts/:id`]: { response: quiz.attemptReview },
  [`GET ${M}/quiz/rounds/:id/leaderboard`]: { response: quiz.publicLeaderboard },
  // mini-app surveys
  [`GET ${M}/surveys`]: { response: surveys.openSurveys },
  [`GET ${M}/surveys/:id`]: { response: surveys.surveyFormView },
  [`POST ${M}/surveys/:id`]: { response: surveys.surveyStored, request: surveys.surveySubmission },
  // console: session, setup, accounts, audit, settings
  [`GET ${C}/auth/csrf`]: { response: auth.csrf },
  [`POST ${C}/auth/login`]: { response: auth.login, request: auth.loginRequest },
  [`GET ${C}/me`]: { response: auth.me },
  [`GET ${C}/setup`]: { response: auth.setupNeeded },
  [`GET ${C}/accounts`]: { response: auth.accounts },
  [`POST ${C}/accounts`]: { response: auth.account },
  [`PATCH ${C}/accounts/:id`]: { response: auth.account },
  [`GET ${C}/audit`]: { response: auth.auditPage },
  [`GET ${C}/settings`]: { response: auth.settings },
  [`POST ${C}/settings/oa/oauth/start`]: { response: auth.oauthStart },
  [`GET ${C}/reference/units`]: { response: reference.units },
  [`GET ${C}/reference/areas`]: { response: reference.areas },
  // console: content and broadcasts
  [`GET ${C}/broadcasts/items`]: { response: broadcasts.contentItems },
  [`POST ${C}/broadcasts/items`]: {
    response: broadcasts.contentItemChanged,
    request: broadcasts.contentInput,
  },
  [`GET ${C}/broadcasts/items/:id`]: { response: broadcasts.contentItemDetail },
  [`PUT ${C}/broadcasts/items/:id`]: {
    response: broadcasts.contentItemChanged,
    request: broadcasts.contentInput,
  },
  [`POST ${C}/broadcasts/items/:id/submit`]: { response: broadcasts.contentItemChanged },
  [`POST ${C}/broadcasts/items/:id/approve`]: { response: broadcasts.contentItemChanged },
  [`POST ${C}/broadcasts/items/:id/reject`]: { response: broadcasts.contentItemChanged },
  [`POST ${C}/broadcasts/items/:id/cancel`]: { response: broadcasts.contentItemChanged },
  [`POST ${C}/broadcasts/preview`]: {
    response: broadcasts.audiencePreview,
    request: broadcasts.previewInput,
  },
  [`GET ${C}/broadcasts`]: { response: broadcasts.broadcastList },
  [`GET ${C}/broadcasts/:id`]: { response: broadcasts.broadcastDetail },
  // console: people
  [`GET ${C}/followers`]: { response: people.followerPage },
  [`GET ${C}/followers/tags`]: { response: people.followerTags },
  [`GET ${C}/handoff`]: { response: people.handoffList },
  [`GET ${C}/outbox/status`]: { response: people.outboxStatus },
  [`GET ${C}/unanswered`]: { response: people.unansweredPage },
  [`GET ${C}/dashboard`]: { response: people.dashboard },
  // console: contests
  [`GET ${C}/quiz/campaigns`]: { response: quiz.consoleCampaigns },
  [`GET ${C}/quiz/campaigns/:id`]: { response: quiz.consoleCampaignDetail },
  [`GET ${C}/quiz/campaigns/:id/participation`]: { response: quiz.participation },
  [`GET ${C}/quiz/rounds/:id/leaderboard`]: { response: quiz.consoleLeaderboard },
  [`POST ${C}/quiz/banks/:bank/import`]: { response: quiz.importResult, request: quiz.importRequest },
  // console: surveys
  [`GET ${C}/surveys`]: { response: surveys.surveySummaries },
  [`GET ${C}/surveys/:id/report`]: { response: surveys.surveyReport },
  [`GET ${C}/surveys/definitions`]: { response: surveys.definitionList },
  [`GET ${C}/surveys/:id/definition`]: { response: surveys.definitionDetail },
  [`PUT ${C}/surveys/:id/definition`]: { response: surveys.definitionSaved },
  // console: the year's plan and its calendar
  [`GET ${C}/plan`]: { response: plan.planYears },
  [`GET ${C}/plan/:year/months/:month`]: { response: plan.monthView },
  [`GET ${C}/plan/:year/quota-report`]: { response: plan.quotaReport },
  [`GET ${C}/plan/:year/report-periods`]: { response: plan.planReportPeriods },
  [`GET ${C}/plan/:year/document`]: { response: plan.planRow },
  [`POST ${C}/plan/:year/from-previous`]: { response: plan.planRow },
  [`PUT ${C}/plan/:year/document`]: { response: plan.planRow, request: plan.planDocumentInput },
  [`POST ${C}/plan/:year/submit`]: { response: plan.planRow },
  [`POST ${C}/plan/:year/approve`]: { response: plan.planRow },
  // console: period reports to Sở Nội vụ
  [`GET ${C}/reports/period/data`]: { response: reports.periodData },
  [`GET ${C}/reports/narrative`]: { response: reports.narrativeAnswer },
  [`PUT ${C}/reports/narrative`]: { response: reports.narrativeSaved, request: reports.narrativeInput },
  [`POST ${C}/reports/narrative/submit`]: { response: reports.narrativeSaved, request: reports.unitPeriod },
  [`GET ${C}/reports/rollup`]: { response: reports.rollup },
  // console: the FAQ knowledge base
  [`GET ${C}/faq/topics`]: { response: faq.topicList },
  [`GET ${C}/faq/topics/:id`]: { response: faq.topicDetail },
  [`POST ${C}/faq/topics`]: { response: faq.topicSaved },
  [`PUT ${C}/faq/topics/:id`]: { response: faq.topicSaved },
  [`POST ${C}/faq/topics/:id/submit`]: { response: faq.topicSaved },
  [`POST ${C}/faq/topics/:id/reject`]: { response: faq.topicSaved },
  [`POST ${C}/faq/topics/:id/publish`]: { response: faq.topicSaved },
  [`GET ${C}/faq/topics/:id/versions`]: { response: faq.topicVersions },
  [`POST ${C}/faq/topics/:id/versions/:number/restore`]: { response: faq.topicSaved },
  [`POST ${C}/faq/topics/:id/review`]: { response: faq.topicReviewed },
  [`POST ${C}/faq/preview`]: { response: faq.previewResult, request: faq.previewRequest },
  [`GET ${C}/faq/local-details`]: { response: faq.localDetails },
  [`POST ${C}/faq/unanswered/:id/assign`]: { response: faq.assignResult },
} satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof routes;
/** The JSON a route answers with on success, as the front ends receive it. */
export type ResponseOf<K extends RouteKey> = z.infer<(typeof routes)[K]['response']>;
