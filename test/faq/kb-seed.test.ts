import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.ts';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import { seedKnowledgeBase } from '../../src/faq/kb.seed.ts';
import {
  exportTopicFiles,
  FaqImportError,
  importTopicFiles,
  readTopicFiles,
  type SourceFile,
} from '../../src/faq/kb.exchange.ts';
import { contentContext } from '../../src/faq/faq.module.ts';
import { faqTopics, faqTopicVersions } from '../../src/faq/faq.schema.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const content = contentContext('content', createI18n('content'));
const devQuestions = readFileSync('test/faq/dev-set.tsv', 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[0]!)
  .filter(Boolean);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (db = t.database.db) =>
  Number((await db.select({ n: sql<number>`count(*)::int` }).from(faqTopics))[0]!.n);

describe('seeding the knowledge base from content/faq', () => {
  it('seeds every topic once, published, with the files’ review dates; a second start keeps staff edits', async () => {
    const files = loadKnowledgeBaseSync({ contentDir: 'content' });
    const first = await seedKnowledgeBase(t.database.db, 'content');
    expect(first).toMatchObject({ mode: 'seed', created: files.topics.length });
    const [row] = await t.database.db.select().from(faqTopics).where(eq(faqTopics.id, 'birth-registration'));
    expect(row).toMatchObject({ publishedVersion: 1, latestVersion: 1 });
    expect(row!.lastReviewedAt).toBe(files.byId.get('birth-registration')!.reviewed);
    expect(row!.lastReviewedAt).toBe('2026-11-23');
    expect(row!.reviewBy).toBe('2027-05-23');
    // A staff edit (here: written directly) survives the next start.
    await t.database.db
      .update(faqTopicVersions)
      .set({ note: 'staff edit' })
      .where(eq(faqTopicVersions.topicId, 'birth-registration'));
    expect(await seedKnowledgeBase(t.database.db, 'content')).toEqual({
      mode: 'kept',
      topics: files.topics.length,
    });
    const [v] = await t.database.db
      .select()
      .from(faqTopicVersions)
      .where(eq(faqTopicVersions.topicId, 'birth-registration'));
    expect(v!.note).toBe('staff edit');
  });

  it('builds the index from the database with the same decisions as from the files', async () => {
    const fileService = t.faq.service.matcher; // before the first rebuild: built from content/faq
    const fromFiles = devQuestions.map((q) => fileService.match(q));
    expect(await t.faq.live.refresh()).toBe(true);
    expect(t.faq.live.builtVersion()).toBe(1);
    expect(t.faq.service.matcher).not.toBe(fileService);
    const fromDb = devQuestions.map((q) => t.faq.service.match(q));
    expect(fromDb).toEqual(fromFiles);
    // Rebuild figure for the report.
    expect(t.faq.live.lastBuildMs()).toBeLessThan(5000);
    console.info(`faq index rebuild from the database: ${Math.round(t.faq.live.lastBuildMs())} ms`);
  });
});

describe('faq:export / faq:import', () => {
  const ctx = (db = t.database.db) => ({
    db,
    now: new Date('2026-12-01T03:00:00Z'),
    timeZone: 'Asia/Ho_Chi_Minh',
    content,
  });
  const asFiles = (exported: { name: string; text: string }[]): SourceFile[] =>
    exported.map((e) => ({ file: path.join('/exchange', e.name), text: e.text }));

  it('round-trips losslessly: export → import into an empty database → export gives the same files', async () => {
    const once = await exportTopicFiles(t.database.db);
    expect(once.length).toBeGreaterThanOrEqual(60);
    const other = await createTestDatabase();
    try {
      expect(await importTopicFiles(ctx(other.db), asFiles(once))).toMatchObject({
        mode: 'seed',
        created: once.length,
      });
      const twice = await exportTopicFiles(other.db);
      expect(twice).toEqual(once);
    } finally {
      await other.close();
    }
    // The exported files are content/faq's format: the start-up loader reads them as it reads the seed pack.
    const dir = mkdtempSync(path.join(tmpdir(), 'faq-export-'));
    for (const e of once) writeFileSync(path.join(dir, e.name), e.text);
    const reparsed = readTopicFiles(dir);
    expect(reparsed.map((f) => path.basename(f.file))).toEqual(once.map((e) => e.name));
  });

  it('imports changed files as drafts (review dates untouched) and a broken set not at all', async () => {
    const files = asFiles(await exportTopicFiles(t.database.db));
    const before = await t.database.db.select().from(faqTopics).where(eq(faqTopics.id, 'birth-registration'));
    const changed = files.map((f) =>
      f.file.endsWith('/birth-registration.md')
        ? { ...f, text: f.text.replace('Luật Hộ tịch năm 2014', 'Luật Hộ tịch 2014') }
        : f,
    );
    const result = await importTopicFiles(ctx(), changed);
    expect(result).toMatchObject({ mode: 'drafts', created: 0, updated: 1, unchanged: files.length - 1 });
    const [after] = await t.database.db
      .select()
      .from(faqTopics)
      .where(eq(faqTopics.id, 'birth-registration'));
    expect(after).toMatchObject({
      latestVersion: 2,
      publishedVersion: 1,
      lastReviewedAt: before[0]!.lastReviewedAt,
    });

    const versionsBefore = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(faqTopicVersions);
    const broken = [
      ...changed.map((f) =>
        f.file.endsWith('/cchc-what.md') ? { ...f, text: f.text.replace('Cải cách', 'Cải cách nữa') } : f,
      ),
      {
        file: '/exchange/new-topic.md',
        text: '---\nid: new-topic\ntitle: Thiếu nguồn\nvariants: ["hỏi gì đó"]\nkeywords: []\nsources: []\n---\nTrả lời.\n',
      },
      { file: '/exchange/bad-yaml.md', text: '---\nid: [oops\n---\nx\n' },
    ];
    const err = await importTopicFiles(ctx(), broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaqImportError);
    const report = (err as FaqImportError).report;
    expect(report.map((r) => path.basename(r.file)).sort()).toEqual(['bad-yaml.md', 'new-topic.md']);
    expect(report.find((r) => r.file.endsWith('new-topic.md'))!.problems.join(' ')).toMatch(/nguồn/);
    const versionsAfter = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(faqTopicVersions);
    expect(versionsAfter).toEqual(versionsBefore);
    expect(await count()).toBe(files.length);
  });
});
