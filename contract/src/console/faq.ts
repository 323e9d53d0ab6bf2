import { z } from 'zod';
import { fieldProblem } from '../errors.ts';
import { instant, localDayText } from '../common.ts';

/** The FAQ knowledge base in staff hands (routes under /api/console/faq). */

export const faqLanguage = z.enum(['vi', 'km', 'en']);
export type Lang = z.infer<typeof faqLanguage>;

/** A staff member named on a version or topic (a deleted account reads "(đã xoá)"). */
export const staffRef = z.object({ id: z.string(), displayName: z.string() });
export type Staff = z.infer<typeof staffRef>;

export const topicSource = z.object({ label: z.string(), url: z.string().optional() });
export type Source = z.infer<typeof topicSource>;

const translation = z.object({ title: z.string(), answer: z.string() });

/** What an editor edits, as a version stores it; texts keep their {{local.KEY}} / {{province.KEY}} placeholders. */
export const topicContent = z.object({
  title: z.string(),
  answer: z.string(),
  translations: z.object({ km: translation.optional(), en: translation.optional() }),
  variants: z.array(z.string()),
  variantsEn: z.array(z.string()),
  variantsKm: z.array(z.string()),
  keywords: z.array(z.string()),
  sources: z.array(topicSource),
  link: z.object({ label: z.string(), url: z.string() }).nullable(),
  related: z.array(z.string()),
  kmReview: z.enum(['needed', 'done']).nullable(),
});
export type TopicContent = z.infer<typeof topicContent>;

export const versionStatus = z.enum(['draft', 'submitted', 'published', 'superseded']);
export type VersionStatus = z.infer<typeof versionStatus>;

/** One version of a topic with who did what when. */
export const topicVersion = z.object({
  number: z.number(),
  status: versionStatus,
  content: topicContent,
  localKeys: z.array(z.string()),
  note: z.string().nullable(),
  createdBy: staffRef.nullable(),
  createdAt: instant,
  submittedBy: staffRef.nullable(),
  submittedAt: instant.nullable(),
  publishedBy: staffRef.nullable(),
  publishedAt: instant.nullable(),
  rejectedBy: staffRef.nullable(),
  rejectedAt: instant.nullable(),
  rejectReason: z.string().nullable(),
});
export type TopicVersion = z.infer<typeof topicVersion>;

/** A version with its field-by-field changes against the one before (the versions page). */
export const versionWithChanges = topicVersion.extend({
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type VersionWithChanges = z.infer<typeof versionWithChanges>;
export const topicVersions = z.object({ items: z.array(versionWithChanges) });
export type TopicVersions = z.infer<typeof topicVersions>;

/** A topic in the list: its latest version's title and state, review dates and citizens' feedback. */
export const topicSummary = z.object({
  id: z.string(),
  title: z.string(),
  latestVersion: z.number(),
  latestStatus: versionStatus,
  publishedVersion: z.number().nullable(),
  languages: z.array(faqLanguage),
  lastReviewedAt: localDayText.nullable(),
  reviewBy: localDayText,
  reviewOverdue: z.boolean(),
  feedback: z.object({ helpful: z.number(), notHelpful: z.number() }),
  updatedAt: instant,
  updatedBy: staffRef.nullable(),
});
export type TopicSummary = z.infer<typeof topicSummary>;

/** GET /faq/topics: a page of topics (review overdue first) and how many are overdue in all. */
export const topicList = z.object({ items: z.array(topicSummary), total: z.number(), overdue: z.number() });
export type TopicList = z.infer<typeof topicList>;

/** GET /faq/topics/:id: the topic, its latest version and the published one. */
export const topicDetail = z.object({
  topic: topicSummary,
  latest: topicVersion,
  published: topicVersion.nullable(),
});
export type TopicDetail = z.infer<typeof topicDetail>;

/** Create, save, submit, reject, publish and restore answer with the topic and the version they made. */
export const topicSaved = z.object({ topic: topicSummary, version: topicVersion });
export type SaveResult = z.infer<typeof topicSaved>;
/** POST /faq/topics/:id/review answers with the topic. */
export const topicReviewed = z.object({ topic: topicSummary });

/** POST /faq/preview: the exact Zalo message the citizen gets, its length and the content's problems. */
export const previewRequest = z.object({ content: z.unknown(), lang: faqLanguage });
export const previewResult = z.object({
  message: z.object({
    text: z.string(),
    buttons: z.array(z.object({ title: z.string(), type: z.string(), payload: z.string() })),
  }),
  length: z.number(),
  limit: z.number(),
  problems: z.array(fieldProblem),
});
export type PreviewResult = z.infer<typeof previewResult>;

/** GET /faq/local-details: the {{local.KEY}} values answers may use. */
export const localDetails = z.object({ values: z.record(z.string(), z.string()) });
export type LocalDetails = z.infer<typeof localDetails>;

/** POST /faq/unanswered/:id/assign: the question attached to a topic's draft, or marked out of scope. */
export const assignResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('assigned'), topicId: z.string(), version: topicVersion }),
  z.object({ status: z.literal('out_of_scope') }),
]);
export type AssignResult = z.infer<typeof assignResult>;

/** The `details` of the 409 a stale save gets: who saved which version meanwhile. */
export const conflictDetails = z.object({
  latestVersion: z.number(),
  savedBy: staffRef.nullable(),
  savedAt: instant,
});
export type ConflictDetails = z.infer<typeof conflictDetails>;
