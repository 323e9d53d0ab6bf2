import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { listFiles } from '../lib/yaml-files.ts';
import path from 'node:path';
import { readPlanFile, type PlanFile } from './plan.file.ts';
import { planDocuments, planItems, planQuotas, planThemes } from './plan.schema.ts';

/** Loads one year's plan into the database in one transaction; running it again gives the same rows. */
export async function loadPlan(db: Db, contentDir: string, year: number) {
  const plan = await readPlanFile(contentDir, year);
  if (plan.year !== year) throw new Error(`content/plan/${year}.yaml says year ${plan.year}`);
  await db.transaction(async (tx) => {
    // A file in content/plan is an adopted plan: its document (report periods included) is the approved one.
    const document = plan as unknown as Record<string, unknown>;
    await tx
      .insert(planDocuments)
      .values({ year, status: 'approved', origin: 'file', document, editors: [] })
      .onConflictDoUpdate({
        target: planDocuments.year,
        set: { status: 'approved', origin: 'file', document, updatedAt: sql`now()` },
      });
    await writePlanRows(tx, year, plan);
  });
  return { year, themes: plan.themes.length, items: plan.items.length, quotas: plan.quotas.length };
}

/** Replaces a year's theme, item and quota rows by the plan's (inside the caller's transaction). */
export async function writePlanRows(tx: Tx, year: number, plan: PlanFile): Promise<void> {
  await tx.delete(planThemes).where(eq(planThemes.year, year));
  await tx.delete(planItems).where(eq(planItems.year, year));
  await tx.delete(planQuotas).where(eq(planQuotas.year, year));
  await tx.insert(planThemes).values(plan.themes.map((t) => ({ year, ...t })));
  await tx.insert(planItems).values(
    plan.items.map((i) => ({
      year,
      no: i.no,
      theme: i.theme,
      title: i.title,
      when: i.when,
      months: [...new Set(i.months)].sort((a, b) => a - b),
      deadline: i.deadline,
      kind: i.kind,
      lead: i.lead,
      leadAppliesTo: i.leadAppliesTo,
      cooperating: i.cooperating,
      cooperatingAppliesTo: i.cooperatingAppliesTo,
      cooperatingNote: i.cooperatingNote ?? null,
      minCount: i.minCount ?? null,
    })),
  );
  if (plan.quotas.length > 0)
    await tx.insert(planQuotas).values(
      plan.quotas.map((q) => ({
        year,
        id: q.id,
        unit: q.unit,
        per: q.per,
        min: q.min,
        channel: q.channel,
        months: q.months ?? null,
        rotation: q.rotation ?? null,
        what: q.what,
        sourceYear: q.sourceYear ?? null,
        source: q.source,
      })),
    );
}

/** Loads every content/plan/<year>.yaml present. */
export async function loadAllPlans(db: Db, contentDir: string) {
  const files = await listFiles(path.join(contentDir, 'plan'), ['.yaml']);
  const years = files.map((f) => Number(path.basename(f, '.yaml'))).filter((y) => Number.isInteger(y));
  const loaded = [];
  for (const year of years) loaded.push(await loadPlan(db, contentDir, year));
  return loaded;
}

export type PlanItemRow = typeof planItems.$inferSelect;
export type PlanQuotaRow = typeof planQuotas.$inferSelect;

export async function getPlan(db: Db, year: number) {
  const [themes, items, quotas] = await Promise.all([
    db.select().from(planThemes).where(eq(planThemes.year, year)).orderBy(asc(planThemes.code)),
    db.select().from(planItems).where(eq(planItems.year, year)).orderBy(asc(planItems.no)),
    db.select().from(planQuotas).where(eq(planQuotas.year, year)).orderBy(asc(planQuotas.id)),
  ]);
  if (items.length === 0)
    throw new AppError('not_found', `no plan for ${year}`, `Chưa có kế hoạch tuyên truyền năm ${year}.`);
  return { year, themes, items, quotas };
}

/** Whether a theme code belongs to the year's plan (content items must name a real theme). */
export async function themeExists(db: Db, year: number, code: string): Promise<boolean> {
  const rows = await db
    .select({ code: planThemes.code })
    .from(planThemes)
    .where(and(eq(planThemes.year, year), eq(planThemes.code, code)))
    .limit(1);
  return rows.length > 0;
}

export async function planItemExists(db: Db, year: number, no: number): Promise<PlanItemRow | undefined> {
  const [row] = await db
    .select()
    .from(planItems)
    .where(and(eq(planItems.year, year), eq(planItems.no, no)))
    .limit(1);
  return row;
}
