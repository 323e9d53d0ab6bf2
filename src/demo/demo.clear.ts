import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.ts';
import { rebuildAggregates } from '../surveys/surveys.service.ts';
import { demoRegistry } from './demo.schema.ts';

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
 * What each registered key deletes, children first. Tables hang off a registered parent (deliveries off their
 * broadcast, attempts off their campaign), so the registry stays small and nothing unregistered is touched.
 */
const deleters = {
  broadcasts: (k: SQL) => [
    sql`delete from broadcast_clicks where broadcast_id::text in (${k})`,
    sql`delete from broadcast_deliveries where broadcast_id::text in (${k})`,
    sql`delete from broadcasts where id::text in (${k})`,
  ],
  content_items: (k: SQL) => [
    sql`delete from content_history where item_id::text in (${k})`,
    sql`delete from content_versions where item_id::text in (${k})`,
    sql`delete from content_items where id::text in (${k})`,
  ],
  followers: (k: SQL) => [
    sql`delete from conversations where follower_id in (select id from followers where zalo_user_id in (${k}))`,
    sql`delete from news_consents where follower_id in (select id from followers where zalo_user_id in (${k}))`,
    sql`delete from followers where zalo_user_id in (${k})`,
  ],
  quiz_campaigns: (k: SQL) => [
    sql`delete from quiz_best_attempts where campaign_id in (${k})`,
    sql`delete from quiz_attempts where campaign_id in (${k})`,
    sql`delete from quiz_participants where campaign_id in (${k})`,
    sql`delete from quiz_rounds where campaign_id in (${k})`,
    sql`delete from quiz_campaigns where id in (${k})`,
  ],
  survey_responses: (k: SQL) => [sql`delete from survey_responses where id::text in (${k})`],
  surveys: (k: SQL) => [
    sql`delete from survey_answer_tallies where survey_id in (${k})`,
    sql`delete from survey_daily_counts where survey_id in (${k})`,
    sql`delete from survey_participations where survey_id in (${k})`,
    sql`delete from survey_responses where survey_id in (${k})`,
    sql`delete from survey_versions where survey_id in (${k})`,
    sql`delete from surveys where id in (${k})`,
  ],
  plan_documents: (k: SQL) => [
    sql`delete from plan_documents where year::text in (${k}) and status <> 'approved'`,
  ],
} as const;
export type DemoTable = keyof typeof deleters;

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

/** Deletes exactly the registered demo rows (and their children), then the registry. Idempotent. */
export async function clearDemo(db: Db): Promise<Record<DemoTable, number>> {
  const counts = {} as Record<DemoTable, number>;
  const touchedSurveys = rowsOf<{ survey_id: string }>(
    await db.execute(sql`select distinct survey_id from survey_responses
      where id::text in (select row_key from demo_registry where table_name = 'survey_responses')`),
  ).map((r) => r.survey_id);
  await db.transaction(async (tx) => {
    for (const table of ORDER) {
      const keys = sql`select row_key from demo_registry where table_name = ${table}`;
      const [{ n }] = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from demo_registry where table_name = ${table}`),
      ) as [{ n: number }];
      counts[table] = Number(n);
      for (const statement of deleters[table](keys)) await tx.execute(statement);
    }
    await tx.delete(demoRegistry);
  });
  // Real surveys that had demo answers: their counts and tallies are recomputed from what remains.
  for (const id of touchedSurveys) await rebuildAggregates(db, id).catch(() => undefined);
  return counts;
}
