import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.ts';
import type { Database } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import type { SurveyDeps } from '../../src/surveys/surveys.deps.ts';

/** Everything a survey service test needs, on a real test database; logs are kept so tests can check them. */
export function surveyDeps(
  database: Database,
  clock = new FakeClock(),
): SurveyDeps & { clock: FakeClock; logText: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return {
    db: database.db,
    clock,
    logger: createLogger('debug', sink),
    participationSecret: 'test-participation-secret',
    logText: () => lines.join(''),
  };
}

/** A complete citizen response: knowledge answers k1..k4 and the self-assessment s1. */
export function citizenAnswers(knowledge = ['b', 'b', 'b', 'b'], self = 5): Record<string, unknown> {
  return {
    r1: 'a',
    s1: self,
    k1: knowledge[0],
    k2: knowledge[1],
    k3: knowledge[2],
    k4: knowledge[3],
    u1: 'yes',
    u2: 4,
    c1: ['a', 'c'],
    t1: 'Nên có thêm hướng dẫn tại xã',
  };
}
