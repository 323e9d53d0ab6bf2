// Finding the commune a survey respondent means: by their profile's code or by the name they typed.
import { and, eq } from 'drizzle-orm';
import { areas } from '../areas/areas.schema.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import type { SurveyDeps } from './surveys.deps.ts';

/** An active commune by code, with its name; undefined for a district, an old or an unknown code. */
export async function communeByCode(deps: SurveyDeps, code: string) {
  const [row] = await deps.db
    .select({ code: areas.code, name: areas.name })
    .from(areas)
    .where(and(eq(areas.code, code), eq(areas.level, 'commune'), eq(areas.active, 1)));
  return row;
}

/** Communes whose name matches the typed text, with or without "xã"/"phường"/"thị trấn" and diacritics. */
export async function matchCommunes(deps: SurveyDeps, typed: string) {
  const rows = await deps.db
    .select({ code: areas.code, name: areas.name, formerDistrict: areas.formerDistrict })
    .from(areas)
    .where(and(eq(areas.level, 'commune'), eq(areas.active, 1)));
  const bare = (s: string) => normaliseCommand(s).replace(/^(xa|phuong|thi tran)\s+/, '');
  const want = bare(typed);
  if (!want) return [];
  return rows.filter((r) => normaliseCommand(r.name) === normaliseCommand(typed) || bare(r.name) === want);
}
