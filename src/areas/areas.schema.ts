import { integer, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';

/** Provinces and communes/wards. After the 2025 reorganisation there is no district level: a commune's parent is its province. */
export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: text('level', { enum: ['province', 'commune'] }).notNull(),
    officialCode: text('official_code'),
    name: text('name').notNull(),
    type: text('type'),
    formerDistrict: text('former_district'),
    population: integer('population'),
    active: integer('active').notNull().default(1),
    /** For a retired unit: the current unit it reports under (end of the formerUnits chain), null when none. */
    successorCode: text('successor_code'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('areas_parent_idx').on(t.parentCode)],
);

/** Agencies and local governments that publish content and report (departments, communes, press). */
export const units = pgTable('units', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  parentCode: text('parent_code'),
  areaCode: text('area_code'),
  active: integer('active').notNull().default(1),
  /** For a retired unit (merged department, abolished district): the unit that took over its work. */
  successorCode: text('successor_code'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
