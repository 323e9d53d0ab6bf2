import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { faqUnanswered } from '../../src/faq/faq.schema.ts';
import { listUnanswered, recordUnanswered, unansweredKey } from '../../src/faq/unanswered.repository.ts';
import { createTestDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('unanswered questions log', () => {
  it('groups the same question however it was typed, counts it and keeps first/last seen', async () => {
    const db = database.db;
    const t1 = new Date('2025-06-02T02:00:00Z');
    const t2 = new Date('2025-06-03T02:00:00Z');
    await recordUnanswered(db, {
      question: 'Giá vàng hôm nay?',
      suggestions: ['a', 'b', 'c', 'd'],
      confidence: 0.1,
      now: t1,
    });
    await recordUnanswered(db, {
      question: 'gia vàng  hôm nay!!',
      suggestions: ['x'],
      confidence: 0.2,
      now: t2,
    });
    const rows = await db.select().from(faqUnanswered);
    expect(rows).toHaveLength(2); // "gia" without its mark is a different text: we never guess diacritics
    await recordUnanswered(db, {
      question: 'GIÁ VÀNG hôm nay',
      suggestions: ['x'],
      confidence: 0.3,
      now: t2,
    });
    const { items, total } = await listUnanswered(db, { limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(items[0]).toMatchObject({ normalisedText: 'giá vàng hôm nay', count: 2, suggestions: ['x'] });
    expect(items[0]!.firstSeenAt.toISOString()).toBe(t1.toISOString());
    expect(items[0]!.lastSeenAt.toISOString()).toBe(t2.toISOString());
  });

  it('stores no phone numbers, ID numbers, e-mails or markup', async () => {
    const q = 'Em sđt 0912.345.678, CCCD 079123456789, mail em@gmail.com <script>alert(1)</script> hỏi vneid';
    expect(
      await recordUnanswered(database.db, { question: q, suggestions: [], confidence: 0, now: new Date() }),
    ).toBe(true);
    const stored = unansweredKey(q);
    expect(stored).not.toMatch(/0912|345|678|079123456789|gmail|@|<|>/);
    const { items } = await listUnanswered(database.db, { limit: 50, offset: 0 });
    expect(items.map((i) => i.normalisedText)).toContain(stored);
  });

  it('keeps nothing for input with no words', async () => {
    expect(
      await recordUnanswered(database.db, {
        question: '😀 !!! ',
        suggestions: [],
        confidence: 0,
        now: new Date(),
      }),
    ).toBe(false);
  });

  it('pages', async () => {
    const a = await listUnanswered(database.db, { limit: 1, offset: 0 });
    const b = await listUnanswered(database.db, { limit: 1, offset: 1 });
    expect(a.items).toHaveLength(1);
    expect(b.items).toHaveLength(1);
    expect(a.items[0]!.id).not.toBe(b.items[0]!.id);
  });
});
