import { z } from 'zod';
import { instant, localDayText } from '../common.ts';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const month = z.number().int().min(1).max(12);
const mmdd = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'ngày phải có dạng MM-DD');

/** One appendix item of a year's plan: what is communicated, in which months, by whom. */
export const planItem = z.object({
  no: z.number().int().positive(),
  theme: code,
  title: z.string().min(1),
  when: z.string().min(1),
  months: z.array(month).min(1),
  deadline: z.boolean().default(false),
  kind: z.enum(['media', 'event']),
  lead: z.array(code).default([]),
  leadAppliesTo: z.array(z.string().min(1)).default([]),
  cooperating: z.array(code).default([]),
  cooperatingAppliesTo: z.array(z.string().min(1)).default([]),
  cooperatingNote: z.string().optional(),
  minCount: z.number().int().positive().optional(),
});
export type PlanItem = z.infer<typeof planItem>;

/** A unit's posting minimum (per month, quarter or year); divisions on rotation count toward it. */
export const planQuota = z.object({
  id: code,
  unit: code,
  per: z.enum(['month', 'quarter', 'year']),
  min: z.number().int().positive(),
  channel: z.string().min(1),
  portal: z.string().optional(),
  months: z.array(month).optional(),
  what: z.string().min(1),
  dueDay: z.number().int().min(1).max(31).optional(),
  rotation: z.array(z.object({ months: z.array(month).min(1), unit: code, due: mmdd.optional() })).optional(),
  cooperating: z.array(code).optional(),
  sourceYear: z.number().int().optional(),
  source: z.string().min(1),
});
export type PlanQuota = z.infer<typeof planQuota>;

export const planPeriodId = z.enum(['q1', 'h1', 'q3', 'year'], {
  error: 'kỳ báo cáo phải là q1, h1, q3 hoặc year',
});
export type PlanPeriodId = z.infer<typeof planPeriodId>;

/** A report period as the plan states it: days of the year (MM-DD), the first one maybe in the previous year. */
export const planPeriod = z.object({
  id: planPeriodId,
  label: z.string().min(1, 'kỳ báo cáo cần tên'),
  from: mmdd,
  to: mmdd,
  fromPreviousYear: z.boolean(),
  due: mmdd.optional(),
});
export type PlanPeriod = z.infer<typeof planPeriod>;

export const planTheme = z.object({ code, label: z.string().min(1) });
export type PlanTheme = z.infer<typeof planTheme>;

/**
 * The shape of content/plan/<year>.yaml, which is also the document the console edits (the server validates both
 * with this schema); unknown extra keys (targets, duties…) are kept for other modules.
 */
export const planDocument = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().min(1),
    reportPeriods: z.array(planPeriod).optional(),
    themes: z.array(planTheme).min(1),
    items: z.array(planItem).min(1),
    quotas: z.array(planQuota).default([]),
    duties: z.array(z.looseObject({ id: code, text: z.string().min(1) })).default([]),
  })
  .loose()
  .superRefine((plan, ctx) => {
    const themes = new Set(plan.themes.map((t) => t.code));
    const unique = <T>(list: T[], key: (x: T) => string, path: string, what: string) => {
      const keys = new Set<string>();
      list.forEach((x, i) => {
        if (keys.has(key(x)))
          ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} ${key(x)} trùng` });
        keys.add(key(x));
      });
    };
    unique(plan.themes, (t) => t.code, 'themes', 'mã chủ đề');
    unique(plan.quotas, (q) => q.id, 'quotas', 'mã chỉ tiêu');
    unique(plan.reportPeriods ?? [], (p) => p.id, 'reportPeriods', 'kỳ báo cáo');
    const seen = new Set<number>();
    plan.items.forEach((item, i) => {
      if (!themes.has(item.theme))
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'theme'],
          message: `chủ đề ${item.theme} chưa khai báo`,
        });
      if (seen.has(item.no))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'no'], message: `mục ${item.no} trùng số` });
      seen.add(item.no);
    });
  });
/** A plan document as stored, answered and edited in the console (defaults filled in). */
export type PlanDocument = z.output<typeof planDocument>;

export const planStatus = z.enum(['draft', 'submitted', 'approved']);
export type PlanStatus = z.infer<typeof planStatus>;
export const planOrigin = z.enum(['file', 'console']);

/** GET /plan: the years with a plan, newest first. */
export const planYears = z.object({
  years: z.array(z.object({ year: z.number(), status: planStatus, origin: planOrigin })),
});
export type PlanYears = z.infer<typeof planYears>;

/** A year's plan document with its approval state (GET/PUT /plan/:year/document, create, submit, approve). */
export const planRow = z.object({
  year: z.number(),
  status: planStatus,
  origin: planOrigin,
  document: planDocument,
  editors: z.array(z.string()),
  approvedBy: z.string().nullable(),
  approvedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type PlanRow = z.infer<typeof planRow>;
/** PUT /plan/:year/document: the draft; the server checks it against `planDocument`. */
export const planDocumentInput = z.object({ document: z.unknown() });

/** A plan item as the plan's rows hold it (the month view lists them). */
export const planItemRow = z.object({
  year: z.number(),
  no: z.number(),
  theme: z.string(),
  title: z.string(),
  when: z.string(),
  months: z.array(z.number()),
  deadline: z.boolean(),
  kind: z.enum(['media', 'event']),
  lead: z.array(z.string()),
  leadAppliesTo: z.array(z.string()),
  cooperating: z.array(z.string()),
  cooperatingAppliesTo: z.array(z.string()),
  cooperatingNote: z.string().nullable(),
  minCount: z.number().nullable(),
});
export type PlanItemRow = z.infer<typeof planItemRow>;

/** A broadcast of the month on the calendar (cancelled ones left out). */
export const calendarBroadcast = z.object({
  broadcastId: z.number(),
  itemId: z.number(),
  title: z.string(),
  themeCode: z.string().nullable(),
  planItemNo: z.number().nullable(),
  unitCode: z.string(),
  status: z.string(),
  scheduledAt: instant,
  day: localDayText,
});
export type CalendarBroadcast = z.infer<typeof calendarBroadcast>;

/** GET /plan/:year/months/:month: the month's planned items, its broadcasts, the gaps and quota warnings. */
export const monthView = z.object({
  year: z.number(),
  month: z.number(),
  themes: z.array(z.object({ year: z.number(), code: z.string(), label: z.string() })),
  planned: z.array(planItemRow),
  broadcasts: z.array(calendarBroadcast),
  gaps: z.array(z.object({ planItemNo: z.number(), themeCode: z.string(), message: z.string() })),
  warnings: z.array(z.string()),
});
export type MonthView = z.infer<typeof monthView>;

/** One quota's compliance in an official period; `met` is null where it is not measured here or not due. */
export const quotaRow = z.object({
  quotaId: z.string(),
  unitCode: z.string(),
  per: z.enum(['month', 'quarter', 'year']),
  min: z.number(),
  channel: z.string(),
  measured: z.boolean(),
  required: z.number().nullable(),
  submitted: z.number(),
  published: z.number(),
  met: z.boolean().nullable(),
  sourceYear: z.number().nullish(),
  historical: z.boolean(),
  successorUnit: z.string().nullable(),
});
export type QuotaRow = z.infer<typeof quotaRow>;

/** GET /plan/:year/quota-report?period=q1: quota compliance per unit for an official period. */
export const quotaReport = z.object({
  period: z.object({ key: z.string(), label: z.string(), firstDay: localDayText, lastDay: localDayText }),
  quotas: z.array(quotaRow),
  units: z.array(z.object({ unitCode: z.string(), submitted: z.number(), published: z.number() })),
});
export type QuotaReport = z.infer<typeof quotaReport>;

/** One official report period of a year as the approved plan states it (KH 196's days when there is none). */
export const reportPeriodOfPlan = z.object({
  id: planPeriodId,
  key: z.string(),
  label: z.string(),
  firstDay: localDayText,
  lastDay: localDayText,
  due: localDayText.nullable(),
  fromPlan: z.boolean(),
});
export type ReportPeriodOfPlan = z.infer<typeof reportPeriodOfPlan>;
/** GET /plan/:year/report-periods. */
export const planReportPeriods = z.object({ periods: z.array(reportPeriodOfPlan) });
export type PlanReportPeriods = z.infer<typeof planReportPeriods>;
