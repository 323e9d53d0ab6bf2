import type { Db } from './db/client.ts';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadReferenceData } from './areas/areas.service.ts';
import { loadProvince } from './province/province.ts';
import { loadQuizContent } from './quiz/quiz.content.ts';
import { loadSurveyFiles } from './surveys/surveys.definitions.ts';
import { seedKnowledgeBase } from './faq/kb.seed.ts';

/**
 * Loads what lives in the repository's content/ folder into the database: areas and units, quiz banks and campaigns,
 * survey definitions, the FAQ topics (first start only). Every step is an idempotent upsert, so start-up, `npm run db:seed` and a second instance can all
 * run it; a bad file throws with its path and problem, which stops start-up instead of serving half the content.
 */
export async function loadContent(db: Db, contentDir: string) {
  checkProvinceHasAreas(contentDir);
  const reference = await loadReferenceData(db, contentDir);
  const quiz = await loadQuizContent(db, contentDir);
  const surveys = await loadSurveyFiles(db, contentDir);
  // The FAQ knowledge base: seeded once from content/faq, then staff's (never overwritten on restart).
  const faq = await seedKnowledgeBase(db, contentDir);
  return { ...reference, quiz, surveys, faq };
}

/** province.yaml must name a province that has a current areas file: the identity and the communes go together. */
function checkProvinceHasAreas(contentDir: string): void {
  const province = loadProvince(contentDir);
  const dir = path.join(contentDir, 'areas');
  const current = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map(
      (f) =>
        (parse(readFileSync(path.join(dir, f), 'utf8')) as { province?: { code?: string; status?: string } })
          ?.province,
    )
    .filter((p) => p && (p.status ?? 'active') === 'active')
    .map((p) => String(p!.code));
  if (!current.includes(province.code))
    throw new Error(
      `${path.join(contentDir, 'province.yaml')}: code ${province.code} has no current file in ${dir} (found: ${current.join(', ') || 'none'})`,
    );
}
