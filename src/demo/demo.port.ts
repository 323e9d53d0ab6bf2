import type { SQL } from 'drizzle-orm';

/**
 * What the demo pack hands each owner module's demo writer (src/<module>/<module>.demo.ts). The writer inserts its
 * own rows in the caller's transaction and returns their keys; src/demo registers them and, on clear, hands each
 * owner a {@link DemoKeys} subquery of what to delete. Owners never touch the registry, src/demo never their tables.
 */
export interface DemoSeed {
  now: Date;
  /** The report year's first instant: demo activity is spread from here to `now`. */
  start: Date;
  /** The day's deterministic generator, drawn in a fixed order so that the same day gives the same demo. */
  rnd: () => number;
  /** "[Bản trình diễn]": every demo text starts with it, so nobody takes a demo figure for a real one. */
  label: string;
}

/** A subquery of the registered keys of one kind of demo row (as text): an owner's clear deletes exactly these. */
export type DemoKeys = SQL;

export const DAY_MS = 86_400_000;
