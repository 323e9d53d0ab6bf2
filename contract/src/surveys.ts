import { z } from 'zod';
import { instant, localDayText } from './common.ts';

/** The survey API: the respondent's form (/api/miniapp/surveys) and the console's reports (/api/console/surveys). */

export const surveyLanguage = z.enum(['vi', 'km', 'en']);
export const population = z.enum(['citizen', 'civil_servant', 'organisation', 'other']);
export const questionType = z.enum(['single', 'multiple', 'likert', 'yesno', 'text', 'knowledge']);

/** A question as a respondent sees it: one language, no correct answers, no sources. */
export const formQuestion = z.object({
  id: z.string(),
  type: questionType,
  text: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ id: z.string(), text: z.string() })).optional(),
  scale: z
    .object({ min: z.number(), max: z.number(), low: z.string().optional(), high: z.string().optional() })
    .optional(),
  showIf: z.object({ question: z.string(), equals: z.union([z.string(), z.number()]) }).optional(),
  maxLength: z.number().optional(),
});
export type FormQuestion = z.infer<typeof formQuestion>;

/** GET /api/miniapp/surveys/:id: the form, the communes to pick from and whether the person already answered. */
export const surveyFormView = z.object({
  form: z.object({
    id: z.string(),
    version: z.number(),
    title: z.string(),
    consent: z.string(),
    anonymous: z.boolean(),
    askCommune: z.boolean(),
    period: z.object({ from: localDayText, to: localDayText }),
    optionSeed: z.number().optional(),
    questions: z.array(formQuestion),
  }),
  communes: z.array(z.object({ code: z.string(), name: z.string() })),
  defaultAreaCode: z.string().nullable(),
  answered: z.boolean(),
});
export type SurveyFormView = z.infer<typeof surveyFormView>;

/** GET /api/miniapp/surveys: the open surveys. */
export const openSurvey = z.object({
  id: z.string(),
  title: z.string(),
  population,
  period: z.object({ from: localDayText, to: localDayText }),
  questions: z.number(),
  answered: z.boolean(),
});
export type OpenSurvey = z.infer<typeof openSurvey>;
export const openSurveys = z.object({ surveys: z.array(openSurvey) });

/** An answer: an option id, several, a scale point or a text. */
export const answerValue = z.union([z.string(), z.number(), z.array(z.string())]);
export type AnswerValue = z.infer<typeof answerValue>;

/** POST /api/miniapp/surveys/:id: consent, the answers by question id, the commune and the form's seed. */
export const surveySubmission = z.object({
  consent: z.literal(true),
  answers: z.record(z.string(), answerValue),
  areaCode: z.string().nullish(),
  language: surveyLanguage.optional(),
  version: z.number().int().optional(),
  optionSeed: z.number().int().optional(),
  rememberCommune: z.boolean().optional(),
});
export type SurveySubmission = z.infer<typeof surveySubmission>;
export const surveyStored = z.object({ status: z.literal('stored'), message: z.string() });

// --- console reports ---

export const targetStatus = z.enum(['met', 'not_met', 'undetermined']);
export type TargetStatus = z.infer<typeof targetStatus>;

/** A share with its Wilson 95 % interval and whether it meets the target. */
export const shareEstimate = z.object({
  n: z.number(),
  understands: z.number(),
  p: z.number().nullable(),
  interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  status: targetStatus,
});
export type ShareEstimate = z.infer<typeof shareEstimate>;

export const weightedEstimate = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    p: z.number(),
    nEffective: z.number(),
    designEffect: z.number(),
    interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
    status: targetStatus,
    populationCovered: z.number(),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type WeightedEstimate = z.infer<typeof weightedEstimate>;

export const periodRow = shareEstimate.extend({
  key: z.string(),
  label: z.string(),
  firstDay: localDayText,
  lastDay: localDayText,
});
export type PeriodRow = z.infer<typeof periodRow>;
export const communeRow = shareEstimate.extend({
  areaCode: z.string().nullable(),
  name: z.string(),
  population: z.number().nullable(),
});
export type CommuneRow = z.infer<typeof communeRow>;
export const segmentRow = shareEstimate.extend({ segment: z.string().nullable(), label: z.string() });

export const questionDistribution = z.object({
  id: z.string(),
  type: questionType,
  text: z.string(),
  answered: z.number(),
  options: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      count: z.number(),
      share: z.number().nullable(),
      correct: z.boolean().optional(),
    }),
  ),
  mean: z.number().nullable().optional(),
  correctShare: z.number().nullable().optional(),
});
export type QuestionDistribution = z.infer<typeof questionDistribution>;

/** GET /api/console/surveys/:id/report: the headline share, its breakdowns and the answer distribution. */
export const surveyReport = z.object({
  survey: z.object({
    id: z.string(),
    version: z.number(),
    title: z.string(),
    population,
    target: z.number(),
    anonymous: z.boolean(),
    source: z.string().optional(),
  }),
  period: z.object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    firstDay: localDayText,
    lastDay: localDayText,
    year: z.number(),
  }),
  generatedAt: instant,
  overall: shareEstimate,
  weighted: weightedEstimate,
  byCommune: z.array(communeRow),
  bySegment: z.array(segmentRow),
  byPeriod: z.array(periodRow),
  trend: z.array(periodRow),
  questions: z.array(questionDistribution),
  notes: z.array(z.string()),
});
export type SurveyReport = z.infer<typeof surveyReport>;

/** GET /api/console/surveys: one line per survey for the chosen period. */
export const surveySummary = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  population,
  target: z.number(),
  state: z.string(),
  period: z.object({ key: z.string(), label: z.string(), firstDay: localDayText, lastDay: localDayText }),
  overall: shareEstimate,
});
export type SurveySummary = z.infer<typeof surveySummary>;
export const surveySummaries = z.object({ surveys: z.array(surveySummary) });

/** The definition editor: the list, one definition with its versions, and what a save answers. */
export const definitionList = z.object({
  surveys: z.array(z.object({ id: z.string(), version: z.number(), title: z.string() })),
});
export const definitionVersion = z.object({
  version: z.number(),
  source: z.enum(['file', 'console']),
  createdBy: z.string().nullable(),
  createdAt: instant,
});
export const definitionDetail = z.object({
  id: z.string(),
  version: z.number(),
  definition: z.unknown(),
  warnings: z.array(z.string()),
  versions: z.array(definitionVersion),
});
export type DefinitionDetail = z.infer<typeof definitionDetail>;
export const definitionSaved = z.object({
  id: z.string(),
  version: z.number(),
  definition: z.unknown(),
  warnings: z.array(z.string()),
});
export type OpenSurveys = z.infer<typeof openSurveys>;
export type SurveySummaries = z.infer<typeof surveySummaries>;
export type DefinitionList = z.infer<typeof definitionList>;
export type DefinitionSaved = z.infer<typeof definitionSaved>;
