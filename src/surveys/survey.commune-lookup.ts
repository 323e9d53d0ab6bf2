// Finding the commune a survey respondent means: by their profile's code or by the name they typed.
import { activeCommune, activeCommunesWithFormerDistrict } from '../areas/areas.api.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import type { SurveyDeps } from './surveys.deps.ts';

/** An active commune by code, with its name; undefined for a district, an old or an unknown code. */
export function communeByCode(deps: SurveyDeps, code: string) {
  return activeCommune(deps.db, code);
}

/** Communes whose name matches the typed text, with or without "xã"/"phường"/"thị trấn" and diacritics. */
export async function matchCommunes(deps: SurveyDeps, typed: string) {
  const rows = await activeCommunesWithFormerDistrict(deps.db);
  const bare = (s: string) => normaliseCommand(s).replace(/^(xa|phuong|thi tran)\s+/, '');
  const want = bare(typed);
  if (!want) return [];
  return rows.filter((r) => normaliseCommand(r.name) === normaliseCommand(typed) || bare(r.name) === want);
}
