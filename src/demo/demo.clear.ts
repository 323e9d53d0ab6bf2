import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import { clearBroadcastsDemo, clearContentDemo } from '../broadcasts/broadcasts.demo.ts';
import { clearChatDemo } from '../chat/chat.demo.ts';
import { clearFollowersDemo, demoFollowerIds } from '../followers/followers.demo.ts';
import { clearPlanDemo } from '../plan/plan.demo.ts';
import { clearQuizDemo } from '../quiz/quiz.demo.ts';
import {
  clearSurveyResponsesDemo,
  clearSurveysDemo,
  surveysWithDemoAnswers,
} from '../surveys/surveys.demo.ts';
import { rebuildAggregates } from '../surveys/surveys.service.ts';
import type { DemoKeys } from './demo.port.ts';
import type { DemoTable } from './demo.registry.ts';
import { demoRegistry } from './demo.schema.ts';

export type { DemoTable };

/** The demo pack is never written or removed in production. */
export class DemoRefusedError extends Error {
  constructor() {
    super(
      'Bản trình diễn không dùng trong môi trường production (NODE_ENV=production): không ghi, không xóa gì.',
    );
    this.name = 'DemoRefusedError';
  }
}

export function assertNotProduction(nodeEnv: string): void {
  if (nodeEnv === 'production') throw new DemoRefusedError();
}

/** Registers rows the demo wrote, in the writer's transaction. */
export async function register(tx: Tx, table: DemoTable, keys: (string | number)[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 500)
    await tx
      .insert(demoRegistry)
      .values(keys.slice(i, i + 500).map((k) => ({ tableName: table, rowKey: String(k) })))
      .onConflictDoNothing();
}

/**
 * Which owner deletes each kind of registered row, children first (each module deletes only its own tables): a
 * follower's conversations go through the chat module before the followers module deletes the follower.
 */
const deleters: Record<DemoTable, (tx: Tx, keys: DemoKeys) => Promise<void>> = {
  broadcasts: clearBroadcastsDemo,
  content_items: clearContentDemo,
  followers: async (tx, keys) => {
    await clearChatDemo(tx, demoFollowerIds(keys));
    await clearFollowersDemo(tx, keys);
  },
  quiz_campaigns: clearQuizDemo,
  survey_responses: clearSurveyResponsesDemo,
  surveys: clearSurveysDemo,
  plan_documents: clearPlanDemo,
};

/** Order matters: broadcasts before their items; responses before their (demo) surveys. */
const ORDER: DemoTable[] = [
  'broadcasts',
  'content_items',
  'followers',
  'quiz_campaigns',
  'survey_responses',
  'surveys',
  'plan_documents',
];

const keysOf = (table: DemoTable): DemoKeys =>
  sql`select row_key from demo_registry where table_name = ${table}`;

/** Deletes exactly the registered demo rows (and their children), then the registry, in one transaction. Idempotent. */
export async function clearDemo(db: Db): Promise<Record<DemoTable, number>> {
  const counts = {} as Record<DemoTable, number>;
  const touchedSurveys = await surveysWithDemoAnswers(db, keysOf('survey_responses'));
  await db.transaction(async (tx) => {
    for (const table of ORDER) {
      const [{ n }] = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from demo_registry where table_name = ${table}`),
      ) as [{ n: number }];
      counts[table] = Number(n);
      await deleters[table](tx, keysOf(table));
    }
    await tx.delete(demoRegistry);
  });
  // Real surveys that had demo answers: their counts and tallies are recomputed from what remains.
  for (const id of touchedSurveys) await rebuildAggregates(db, id).catch(() => undefined);
  return counts;
}
