import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';

/**
 * The kinds of row the demo registry holds, each a parent whose children go with it (deliveries with their
 * broadcast, attempts with their contest), so the registry stays small and nothing unregistered is touched.
 */
export type DemoTable =
  | 'broadcasts'
  | 'content_items'
  | 'followers'
  | 'quiz_campaigns'
  | 'survey_responses'
  | 'surveys'
  | 'plan_documents';

/**
 * A SQL condition true when `key` (an expression: a broadcast id, a campaign id) is NOT a demo row. Official reports
 * (the period report to Sở Nội vụ, its roll-up) put it in their WHERE clause so that demo data, which dashboards do
 * show under its "[Bản trình diễn]" label, never reaches a document sent to anyone.
 */
export function notDemo(table: DemoTable, key: SQL): SQL {
  return sql`(${key})::text not in (select row_key from demo_registry where table_name = ${table})`;
}

/** The keys of one kind of demo row (for filtering lists built in code). */
export async function demoKeys(db: Db, table: DemoTable): Promise<Set<string>> {
  const rows = rowsOf<{ row_key: string }>(
    await db.execute(sql`select row_key from demo_registry where table_name = ${table}`),
  );
  return new Set(rows.map((r) => r.row_key));
}

/** Whether any demo row is in the database (a page then says that official figures leave it out). */
export async function hasDemo(db: Db): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (select 1 from demo_registry limit 1) x`),
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
