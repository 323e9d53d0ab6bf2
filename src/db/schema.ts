// Every module's tables, re-exported for Drizzle and drizzle-kit. Modules own their own *.schema.ts.
export * from '../areas/areas.schema.ts';
