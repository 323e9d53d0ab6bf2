import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../lib/yaml-files.ts';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang');
const month = z.number().int().min(1).max(12);
const mmdd = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'ngày phải có dạng MM-DD');

const itemSchema = z.object({
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

const quotaSchema = z.object({
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

/** The shape of content/plan/<year>.yaml; unknown extra keys (targets, duties…) are kept for other modules. */
export const planFileSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().min(1),
    reportPeriods: z
      .array(
        z.object({
          id: z.enum(['q1', 'h1', 'q3', 'year'], { error: 'kỳ báo cáo phải là q1, h1, q3 hoặc year' }),
          label: z.string().min(1, 'kỳ báo cáo cần tên'),
          from: mmdd,
          to: mmdd,
          fromPreviousYear: z.boolean(),
          due: mmdd.optional(),
        }),
      )
      .optional(),
    themes: z.array(z.object({ code, label: z.string().min(1) })).min(1),
    items: z.array(itemSchema).min(1),
    quotas: z.array(quotaSchema).default([]),
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

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanFileItem = z.infer<typeof itemSchema>;
export type PlanFileQuota = z.infer<typeof quotaSchema>;

export function planFilePath(contentDir: string, year: number): string {
  return path.join(contentDir, 'plan', `${year}.yaml`);
}

export function readPlanFile(contentDir: string, year: number): Promise<PlanFile> {
  return readYamlFile(planFilePath(contentDir, year), planFileSchema);
}
