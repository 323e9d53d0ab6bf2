import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Theme codes of a year's plan; content items refer to them. */
export const planThemes = pgTable(
  'plan_themes',
  {
    year: integer('year').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.code] })],
);

/** The plan's appendix items (1–14 in 2025): what is communicated, in which months, by whom. */
export const planItems = pgTable(
  'plan_items',
  {
    year: integer('year').notNull(),
    no: integer('no').notNull(),
    theme: text('theme').notNull(),
    title: text('title').notNull(),
    when: text('when_text').notNull(),
    months: jsonb('months').$type<number[]>().notNull(),
    deadline: boolean('deadline').notNull().default(false),
    kind: text('kind', { enum: ['media', 'event'] }).notNull(),
    lead: jsonb('lead').$type<string[]>().notNull(),
    leadAppliesTo: jsonb('lead_applies_to').$type<string[]>().notNull(),
    cooperating: jsonb('cooperating').$type<string[]>().notNull(),
    cooperatingAppliesTo: jsonb('cooperating_applies_to').$type<string[]>().notNull(),
    cooperatingNote: text('cooperating_note'),
    minCount: integer('min_count'),
  },
  (t) => [primaryKey({ columns: [t.year, t.no] })],
);

/** Units' posting minimums stated in the seeds (per month, quarter or year). */
export const planQuotas = pgTable(
  'plan_quotas',
  {
    year: integer('year').notNull(),
    id: text('id').notNull(),
    unit: text('unit').notNull(),
    per: text('per', { enum: ['month', 'quarter', 'year'] }).notNull(),
    min: integer('min').notNull(),
    channel: text('channel').notNull(),
    months: jsonb('months').$type<number[] | null>(),
    /** Divisions responsible in which months; their items count toward the unit's quota. */
    rotation: jsonb('rotation').$type<{ months: number[]; unit: string; due?: string }[]>(),
    what: text('what').notNull(),
    sourceYear: integer('source_year'),
    source: text('source').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.year, t.id] })],
);

/**
 * A year's plan as one document (the shape of content/plan/<year>.yaml), with its approval state. A file in
 * content/plan is an adopted plan (approved); a plan made in the console starts as a draft, is edited, and is
 * approved by someone who did not edit it; only then are its themes, items and quotas the year's plan rows.
 */
export const planDocuments = pgTable('plan_documents', {
  year: integer('year').primaryKey(),
  /** draft → submitted (trình duyệt) → approved; an edit to a submitted plan takes it back to draft. */
  status: text('status', { enum: ['draft', 'submitted', 'approved'] }).notNull(),
  origin: text('origin', { enum: ['file', 'console'] }).notNull(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  /** Staff ids of everyone who created or edited the draft (four eyes: none of them may approve it). */
  editors: jsonb('editors').$type<string[]>().notNull(),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
