import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { DemoKeys } from '../demo/demo.port.ts';
import { createPlanFromPrevious } from './plan.editor.service.ts';
import { planDocuments, planThemes } from './plan.schema.ts';

/** The themes of the newest plan year (what the demo broadcasts are about), or none. */
export async function demoPlanThemes(db: Db | Tx) {
  const [latest] = await db
    .select({ year: planThemes.year })
    .from(planThemes)
    .orderBy(desc(planThemes.year))
    .limit(1);
  if (!latest) return [];
  return db.select().from(planThemes).where(eq(planThemes.year, latest.year));
}

/**
 * A draft plan for `year` copied from last year's, its source marked with `label`, when `year` has none and last
 * year's is there to copy. The year (the registry's key) or null when nothing was written.
 */
export async function seedPlanDemo(
  deps: { db: Db | Tx; clock: Clock },
  year: number,
  label: string,
): Promise<number | null> {
  const have = await deps.db
    .select({ year: planDocuments.year })
    .from(planDocuments)
    .where(inArray(planDocuments.year, [year, year - 1]));
  if (have.some((h) => h.year === year) || !have.some((h) => h.year === year - 1)) return null;
  await createPlanFromPrevious(deps, year, 'demo');
  await deps.db
    .update(planDocuments)
    .set({
      document: sql`jsonb_set(document, '{source}', to_jsonb(${label} || ' ' || (document->>'source')))`,
    })
    .where(eq(planDocuments.year, year));
  return year;
}

/** Deletes the demo's draft plans; a plan approved since is the office's own and stays. */
export async function clearPlanDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from plan_documents where year::text in (${keys}) and status <> 'approved'`);
}
