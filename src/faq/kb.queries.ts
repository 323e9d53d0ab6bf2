import { and, eq } from 'drizzle-orm';
import { AppError } from '../http/errors.ts';
import { faqTopics, faqTopicVersions, type VersionStatus } from './faq.schema.ts';
import { dayIn, feedbackCounts, staffNames, topicRow, versionRow, type TopicRow } from './kb.repository.ts';
import { versionView, type KbDeps } from './kb.service.ts';
import { normalise } from './normalise.ts';
import { languagesOf, type TopicContent } from './topic-content.ts';

export interface TopicFilter {
  q?: string | undefined;
  status?: 'draft' | 'submitted' | 'published' | undefined;
  lang?: 'km' | 'en' | undefined;
  missingLang?: 'km' | 'en' | undefined;
  reviewDue?: boolean | undefined;
  page: number;
  pageSize: number;
}

function summary(
  t: TopicRow,
  latest: { status: VersionStatus; content: TopicContent },
  feedback: { helpful: number; notHelpful: number } | undefined,
  today: string,
  names: Map<string, string>,
) {
  return {
    id: t.id,
    title: latest.content.title,
    latestVersion: t.latestVersion,
    latestStatus: latest.status,
    publishedVersion: t.publishedVersion,
    languages: languagesOf(latest.content),
    lastReviewedAt: t.lastReviewedAt,
    reviewBy: t.reviewBy,
    reviewOverdue: t.reviewBy < today,
    feedback: feedback ?? { helpful: 0, notHelpful: 0 },
    updatedAt: t.updatedAt,
    updatedBy: t.updatedBy ? { id: t.updatedBy, displayName: names.get(t.updatedBy) ?? '' } : null,
  };
}
export type TopicSummary = ReturnType<typeof summary>;

/** Everything searched, without diacritics: "ly lich tu phap" finds "Lý lịch tư pháp". */
function haystack(id: string, c: TopicContent): string {
  return normalise(
    [
      id,
      c.title,
      c.translations.km?.title,
      c.translations.en?.title,
      ...c.variants,
      ...c.variantsEn,
      ...c.keywords,
    ]
      .filter(Boolean)
      .join(' | '),
  ).bareText;
}

/** The page's list: 68 topics fit in memory, so filtering is plain code over one query. */
export async function listTopics(deps: KbDeps, filter: TopicFilter) {
  const today = dayIn(deps.clock.now(), deps.timeZone);
  const rows = await deps.db
    .select({ topic: faqTopics, status: faqTopicVersions.status, content: faqTopicVersions.content })
    .from(faqTopics)
    .innerJoin(
      faqTopicVersions,
      and(eq(faqTopicVersions.topicId, faqTopics.id), eq(faqTopicVersions.number, faqTopics.latestVersion)),
    );
  const feedback = await feedbackCounts(deps.db);
  const names = await staffNames(
    deps.db,
    rows.map((r) => r.topic.updatedBy),
  );
  const q = filter.q ? normalise(filter.q).bareText : '';
  const all = rows
    .filter((r) => !q || haystack(r.topic.id, r.content).includes(q))
    .filter((r) => !filter.status || r.status === filter.status)
    .filter((r) => !filter.lang || r.content.translations[filter.lang])
    .filter((r) => !filter.missingLang || !r.content.translations[filter.missingLang])
    .map((r) => summary(r.topic, r, feedback.get(r.topic.id), today, names))
    .filter((s) => !filter.reviewDue || s.reviewOverdue)
    .sort(
      (a, b) => Number(b.reviewOverdue) - Number(a.reviewOverdue) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const overdue = rows.filter((r) => r.topic.reviewBy < today).length;
  const start = (filter.page - 1) * filter.pageSize;
  return { items: all.slice(start, start + filter.pageSize), total: all.length, overdue };
}

export async function topicSummary(deps: KbDeps, id: string): Promise<TopicSummary> {
  const t = await topicRow(deps.db, id);
  if (!t) throw new AppError('not_found', `faq topic ${id}`, 'Không tìm thấy chủ đề hỏi đáp này.');
  const latest = (await versionRow(deps.db, id, t.latestVersion))!;
  const feedback = await feedbackCounts(deps.db);
  const names = await staffNames(deps.db, [t.updatedBy]);
  return summary(t, latest, feedback.get(id), dayIn(deps.clock.now(), deps.timeZone), names);
}

export async function getTopic(deps: KbDeps, id: string) {
  const topic = await topicSummary(deps, id);
  const latest = (await versionRow(deps.db, id, topic.latestVersion))!;
  const published = topic.publishedVersion
    ? await versionRow(deps.db, id, topic.publishedVersion)
    : undefined;
  const [latestView, publishedView] = await versionView(deps.db, published ? [latest, published] : [latest]);
  return { topic, latest: latestView!, published: publishedView ?? null };
}
