import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { audit } from '../console/audit.service.ts';
import { faqTopics, faqTopicVersions } from './faq.schema.ts';
import { isDocFile } from './knowledge-base.ts';
import { bumpIndexVersion, dayIn, liveAndLatestVersions, sixMonthsAfter } from './kb.repository.ts';
import { contentProblems, crossTopicProblems, type ContentContext } from './kb.validation.ts';
import { canonicalJson } from './topic-content.ts';
import { parseTopicMarkdown, serialiseTopicMarkdown, type TopicFile } from './topic-markdown.ts';

export interface SourceFile {
  file: string;
  text: string;
}

/** A refused import: every file's problems, and nothing written. */
export class FaqImportError extends Error {
  constructor(readonly report: { file: string; problems: string[] }[]) {
    super(
      `nhập hỏi đáp bị từ chối, không có gì được ghi:\n${report
        .map((r) => `${r.file}:\n  - ${r.problems.join('\n  - ')}`)
        .join('\n')}`,
    );
    this.name = 'FaqImportError';
  }
}

export type ImportMode = 'auto' | 'seed' | 'drafts';

export interface ImportResult {
  mode: 'seed' | 'drafts';
  created: number;
  updated: number;
  unchanged: number;
}

/** The topic files of a folder (FORMAT.md and other capitalised notes skipped), sorted by name. */
export function readTopicFiles(dir: string): SourceFile[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !isDocFile(n))
    .sort()
    .map((n) => ({ file: path.join(dir, n), text: readFileSync(path.join(dir, n), 'utf8') }));
}

/** One checked set: a broken file, a duplicate id or a variant claimed twice is reported by file. */
async function checkFiles(
  tx: Tx,
  files: SourceFile[],
  ctx: ContentContext,
  crossCheck: boolean,
): Promise<TopicFile[]> {
  const report: { file: string; problems: string[] }[] = [];
  const topics: { file: string; topic: TopicFile }[] = [];
  for (const f of files) {
    const parsed = parseTopicMarkdown(f.file, f.text);
    if (!parsed.ok) {
      report.push({ file: f.file, problems: parsed.problems });
      continue;
    }
    const problems = contentProblems(parsed.topic.id, parsed.topic.content, ctx).map(
      (p) => `${p.path}: ${p.message}`,
    );
    if (topics.some((t) => t.topic.id === parsed.topic.id)) problems.push(`id "${parsed.topic.id}" bị trùng`);
    if (problems.length) report.push({ file: f.file, problems });
    topics.push({ file: f.file, topic: parsed.topic });
  }
  if (crossCheck && report.length === 0) {
    const importing = new Set(topics.map((t) => t.topic.id));
    const others = [
      ...(await liveAndLatestVersions(tx)).filter((v) => !importing.has(v.topicId)),
      ...topics.map((t) => ({ topicId: t.topic.id, title: t.topic.content.title, content: t.topic.content })),
    ];
    for (const t of topics) {
      const problems = await crossTopicProblems(tx, t.topic.id, t.topic.content, others);
      if (problems.length)
        report.push({ file: t.file, problems: problems.map((p) => `${p.path}: ${p.message}`) });
    }
  }
  if (report.length) throw new FaqImportError(report);
  return topics.map((t) => t.topic);
}

/**
 * Markdown → database in one transaction: into an empty knowledge base as published topics (`seed`, the review dates
 * the files carry), otherwise as new draft versions that go through approval (`drafts`; review dates untouched: only a
 * person's review sets them). `auto` picks seed when the tables are empty.
 */
export async function importTopicFiles(
  deps: {
    db: Db;
    now: Date;
    timeZone: string;
    content: ContentContext;
    actor?: { id: string; username: string } | null;
  },
  files: SourceFile[],
  mode: ImportMode = 'auto',
): Promise<ImportResult> {
  return deps.db.transaction(async (tx) => {
    // Two instances starting together on an empty database: one seeds, the other finds it done.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('faq_knowledge_base_import'))`);
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(faqTopics);
    const empty = Number(n) === 0;
    const actual = mode === 'auto' ? (empty ? 'seed' : 'drafts') : mode;
    if (actual === 'seed' && !empty)
      throw new FaqImportError([
        {
          file: '(cơ sở dữ liệu)',
          problems: ['đã có chủ đề: chỉ nạp thẳng vào kho trống; hãy nhập thành bản nháp'],
        },
      ]);
    // The seed pack is checked by the start-up loader; a variant shared by two of its topics is its authors' choice.
    const topics = await checkFiles(tx, files, deps.content, actual === 'drafts');
    const today = dayIn(deps.now, deps.timeZone);
    const result: ImportResult = { mode: actual, created: 0, updated: 0, unchanged: 0 };
    const existing = new Map(
      topics.length
        ? (
            await tx
              .select({
                id: faqTopics.id,
                latest: faqTopics.latestVersion,
                content: faqTopicVersions.content,
              })
              .from(faqTopics)
              .innerJoin(
                faqTopicVersions,
                and(
                  eq(faqTopicVersions.topicId, faqTopics.id),
                  eq(faqTopicVersions.number, faqTopics.latestVersion),
                ),
              )
              .where(
                inArray(
                  faqTopics.id,
                  topics.map((t) => t.id),
                ),
              )
          ).map((r) => [r.id, r])
        : [],
    );
    const by = deps.actor?.id ?? null;
    for (const t of topics) {
      const old = existing.get(t.id);
      if (!old) {
        const seed = actual === 'seed';
        await tx.insert(faqTopics).values({
          id: t.id,
          latestVersion: 1,
          publishedVersion: seed ? 1 : null,
          lastReviewedAt: seed ? t.reviewed : null,
          reviewBy: t.reviewBy ?? sixMonthsAfter((seed ? t.reviewed : null) ?? today),
          createdAt: deps.now,
          updatedAt: deps.now,
          updatedBy: by,
        });
        await tx.insert(faqTopicVersions).values({
          topicId: t.id,
          number: 1,
          status: seed ? 'published' : 'draft',
          content: t.content,
          note: seed ? 'Nạp từ bộ nội dung mẫu' : `Nhập từ tệp ${t.id}.md`,
          createdBy: by,
          createdAt: deps.now,
          publishedAt: seed ? deps.now : null,
        });
        result.created++;
      } else if (canonicalJson(old.content) === canonicalJson(t.content)) {
        result.unchanged++;
      } else {
        await tx
          .update(faqTopicVersions)
          .set({ status: 'superseded' })
          .where(
            and(eq(faqTopicVersions.topicId, t.id), inArray(faqTopicVersions.status, ['draft', 'submitted'])),
          );
        await tx.insert(faqTopicVersions).values({
          topicId: t.id,
          number: old.latest + 1,
          status: 'draft',
          content: t.content,
          note: `Nhập từ tệp ${t.id}.md`,
          createdBy: by,
          createdAt: deps.now,
        });
        await tx
          .update(faqTopics)
          .set({ latestVersion: old.latest + 1, updatedAt: deps.now, updatedBy: by })
          .where(eq(faqTopics.id, t.id));
        result.updated++;
      }
    }
    if (actual === 'seed') await bumpIndexVersion(tx, deps.now);
    await audit(
      { db: tx, clock: { now: () => deps.now } },
      {
        action: 'faq.import',
        staff: deps.actor ?? null,
        targetType: 'faq_topic',
        details: { ...result, files: files.length },
      },
    );
    return result;
  });
}

/** Database → markdown files: each topic's published version (the latest for a topic never published). */
export async function exportTopicFiles(db: Db | Tx): Promise<{ name: string; text: string }[]> {
  const rows = await db
    .select({
      id: faqTopics.id,
      reviewed: faqTopics.lastReviewedAt,
      reviewBy: faqTopics.reviewBy,
      content: faqTopicVersions.content,
    })
    .from(faqTopics)
    .innerJoin(
      faqTopicVersions,
      and(
        eq(faqTopicVersions.topicId, faqTopics.id),
        eq(faqTopicVersions.number, sql`coalesce(${faqTopics.publishedVersion}, ${faqTopics.latestVersion})`),
      ),
    );
  return rows
    .map((r) => ({
      name: `${r.id}.md`,
      text: serialiseTopicMarkdown({
        id: r.id,
        content: r.content,
        reviewed: r.reviewed,
        reviewBy: r.reviewBy,
      }),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
