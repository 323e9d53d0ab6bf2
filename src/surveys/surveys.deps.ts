import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import type { CoreDeps } from '../app/module.ts';

/** What the survey services need; built once in createApp, hand-built in tests. */
export interface SurveyDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  /** Key of the "has answered" hashes (see `participationKey`). */
  participationSecret: string;
}

/**
 * The secret for participation hashes: SURVEY_PARTICIPATION_SECRET, else SESSION_SECRET (required in production),
 * else a fixed development value so a dev database keeps working across restarts.
 */
export function participationSecretFrom(
  config: Pick<Config, 'SURVEY_PARTICIPATION_SECRET' | 'SESSION_SECRET'>,
): string {
  return (
    config.SURVEY_PARTICIPATION_SECRET ??
    config.SESSION_SECRET ??
    'development-only-survey-participation-secret'
  );
}

/**
 * The "has answered" key of one person for one survey and report year: HMAC-SHA256 so it cannot be reversed or
 * recomputed from a Zalo id without the secret, and so it says nothing about which response is theirs.
 */
export function participationKey(
  secret: string,
  zaloUserId: string,
  surveyId: string,
  reportYear: number,
): string {
  return createHmac('sha256', secret)
    .update(`survey-participation\n${zaloUserId}\n${surveyId}\n${reportYear}`)
    .digest('hex');
}
