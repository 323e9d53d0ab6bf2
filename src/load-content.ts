import type { Db } from './db/client.ts';
import { loadReferenceData } from './areas/areas.service.ts';
import { loadQuizContent } from './quiz/quiz.content.ts';
import { loadSurveyFiles } from './surveys/surveys.definitions.ts';

/**
 * Loads what lives in the repository's content/ folder into the database: areas and units, quiz banks and campaigns,
 * survey definitions. Every step is an idempotent upsert, so start-up, `npm run db:seed` and a second instance can all
 * run it; a bad file throws with its path and problem, which stops start-up instead of serving half the content.
 */
export async function loadContent(db: Db, contentDir: string) {
  const reference = await loadReferenceData(db, contentDir);
  const quiz = await loadQuizContent(db, contentDir);
  const surveys = await loadSurveyFiles(db, contentDir);
  return { ...reference, quiz, surveys };
}
