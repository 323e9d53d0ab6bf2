import { asc, desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { planThemes } from './plan.schema.ts';

/** One theme of the year's communication plan, as followers choose news by it. */
export interface PlanTheme {
  code: string;
  label: string;
}

/**
 * The themes of the plan in force in `year`: that year's, else the latest earlier plan's (a new year starts before
 * its plan is loaded), else the earliest one there is. Ordered by code so the numbers shown stay the same.
 */
export async function themesInForce(db: Db, year: number): Promise<PlanTheme[]> {
  const [inForce] = await db
    .select({ year: planThemes.year })
    .from(planThemes)
    .where(lte(planThemes.year, year))
    .orderBy(desc(planThemes.year))
    .limit(1);
  const [first] = inForce
    ? [inForce]
    : await db.select({ year: planThemes.year }).from(planThemes).orderBy(asc(planThemes.year)).limit(1);
  if (!first) return [];
  return db
    .select({ code: planThemes.code, label: planThemes.label })
    .from(planThemes)
    .where(eq(planThemes.year, first.year))
    .orderBy(asc(planThemes.code));
}
