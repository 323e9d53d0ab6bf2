import { z } from 'zod';
import { instant, localDayText } from '../common.ts';
import { participationRow } from '../quiz.ts';
import { shareEstimate } from '../surveys.ts';
import { quotaRow } from './plan.ts';

/** The figures of a broadcast theme (or all themes) in a period: items, broadcasts and their reach. */
const reach = z.object({
  items: z.number(),
  broadcasts: z.number(),
  sent: z.number(),
  received: z.number(),
  seen: z.number(),
  clicks: z.number(),
});
export const themeFigure = reach.extend({
  themeCode: z.string().nullable(),
  themeLabel: z.string(),
  channel: z.string(),
});
export type ThemeFigure = z.infer<typeof themeFigure>;

/** A plan item due from the unit in the period; `published`/`done` are null for events (held outside this system). */
export const planItemFigure = z.object({
  no: z.number(),
  theme: z.string(),
  themeLabel: z.string(),
  title: z.string(),
  kind: z.enum(['media', 'event']),
  months: z.array(z.number()),
  published: z.number().nullable(),
  done: z.boolean().nullable(),
});

export const surveyFigure = z.object({
  surveyId: z.string(),
  title: z.string(),
  target: z.number(),
  /** What the figure covers: the commune of the unit, or the whole territory. */
  scopeLabel: z.string(),
  estimate: shareEstimate,
});
export type SurveyFigure = z.infer<typeof surveyFigure>;

/** Every figure of one unit's period report, read in one consistent snapshot. */
export const periodFigures = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    areaCode: z.string().nullable(),
    areaName: z.string().nullable(),
  }),
  period: z.object({
    key: z.string(),
    label: z.string(),
    titleLabel: z.string(),
    firstDay: localDayText,
    lastDay: localDayText,
    due: localDayText.nullable(),
  }),
  plan: z.object({
    available: z.boolean(),
    items: z.array(planItemFigure),
    due: z.number(),
    measured: z.number(),
    done: z.number(),
    quotas: z.array(quotaRow),
  }),
  broadcasts: z.object({ byTheme: z.array(themeFigure), totals: reach }),
  quiz: z.object({
    campaigns: z.array(
      z.object({ id: z.string(), title: z.string(), organiser: z.string(), rows: z.array(participationRow) }),
    ),
  }),
  surveys: z.array(surveyFigure),
  /** False when the period has no broadcast, attempt or survey answer for the unit ("Chưa có dữ liệu"). */
  hasData: z.boolean(),
  /** Demo rows exist and were left out of every figure. */
  demoExcluded: z.boolean(),
});
export type PeriodFigures = z.infer<typeof periodFigures>;

/** A unit's own text for one official period, as saved; `submitted` once handed in to Sở Nội vụ. */
export const narrative = z.object({
  unitCode: z.string(),
  periodKey: z.string(),
  achievements: z.string(),
  limits: z.string(),
  proposals: z.string(),
  status: z.enum(['draft', 'submitted']),
  updatedBy: z.string(),
  updatedAt: instant,
  submittedBy: z.string().nullable(),
  submittedAt: instant.nullable(),
});
export type Narrative = z.infer<typeof narrative>;

/** GET /reports/period/data?unit&period: the figures and the unit's narrative (null before one is written). */
export const periodData = z.object({ figures: periodFigures, narrative: narrative.nullable() });
export type PeriodData = z.infer<typeof periodData>;
/** GET /reports/narrative; PUT /reports/narrative and POST /reports/narrative/submit answer with the saved one. */
export const narrativeAnswer = z.object({ narrative: narrative.nullable() });
export const narrativeSaved = z.object({ narrative });

/** Which unit and official period ('2026-q1') a narrative belongs to. */
export const unitPeriod = z.object({ unit: z.string(), period: z.string() });
export type UnitPeriod = z.infer<typeof unitPeriod>;
/** PUT /reports/narrative: the three sections (the server cleans them to plain text). */
export const narrativeInput = unitPeriod.extend({
  achievements: z.string().optional(),
  limits: z.string().optional(),
  proposals: z.string().optional(),
});
export type NarrativeInput = z.infer<typeof narrativeInput>;

/** A reporting unit in the province roll-up, with its narrative's state and its broadcasts in the period. */
export const rollupRow = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  status: z.enum(['submitted', 'draft', 'missing']),
  submittedAt: instant.nullable(),
  broadcasts: z.number(),
  sent: z.number(),
  seen: z.number(),
});
export type RollupRow = z.infer<typeof rollupRow>;

/** GET /reports/rollup?period: every reporting unit, and those that have not submitted yet. */
export const rollup = z.object({
  period: z.object({
    key: z.string(),
    label: z.string(),
    firstDay: localDayText,
    lastDay: localDayText,
    due: localDayText.nullable(),
  }),
  units: z.array(rollupRow),
  submitted: z.number(),
  notSubmitted: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type Rollup = z.infer<typeof rollup>;
