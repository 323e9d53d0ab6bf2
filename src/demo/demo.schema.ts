import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every row the demo pack wrote, by table and key: `demo:clear` deletes exactly these and nothing else, so real data
 * sitting beside the demo is never touched. Demo keys also carry a `demo-` prefix where the key is ours to choose.
 */
export const demoRegistry = pgTable(
  'demo_registry',
  {
    tableName: text('table_name').notNull(),
    rowKey: text('row_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowKey] })],
);
