import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { createI18n } from '../i18n/i18n.ts';
import { faqTopics } from './faq.schema.ts';
import { importTopicFiles, readTopicFiles, type ImportResult } from './kb.exchange.ts';
import { contentContext } from './kb.content-context.ts';

/**
 * First start: content/faq/*.md become the published topics. Later starts leave the tables alone, so staff edits
 * survive restarts and a changed seed file reaches the database only through `npm run faq:import` (as drafts).
 */
export async function seedKnowledgeBase(
  db: Db,
  contentDir: string,
  opts: { now?: Date; timeZone?: string } = {},
): Promise<ImportResult | { mode: 'kept'; topics: number }> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(faqTopics);
  if (Number(row?.n ?? 0) > 0) return { mode: 'kept', topics: Number(row!.n) };
  return importTopicFiles(
    {
      db,
      now: opts.now ?? new Date(),
      timeZone: opts.timeZone ?? 'Asia/Ho_Chi_Minh',
      content: contentContext(contentDir, createI18n(contentDir)),
    },
    readTopicFiles(path.join(contentDir, 'faq')),
    'seed',
  ).catch(async (err: unknown) => {
    // Another instance seeded between the count and the lock: what it wrote is what we wanted.
    const [again] = await db.select({ n: sql<number>`count(*)::int` }).from(faqTopics);
    if (Number(again?.n ?? 0) > 0) return { mode: 'kept' as const, topics: Number(again!.n) };
    throw err;
  });
}
