import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A unit's own narrative for one official period (achievements, limits, proposals), written in the console before
 * the period report is exported. Plain text only; `submitted` once the unit has handed it in to Sở Nội vụ.
 */
export const reportNarratives = pgTable(
  'report_narratives',
  {
    unitCode: text('unit_code').notNull(),
    /** An official period key, e.g. '2026-q1'. */
    periodKey: text('period_key').notNull(),
    achievements: text('achievements').notNull().default(''),
    limits: text('limits').notNull().default(''),
    proposals: text('proposals').notNull().default(''),
    status: text('status', { enum: ['draft', 'submitted'] })
      .notNull()
      .default('draft'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    submittedBy: text('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.periodKey] })],
);
