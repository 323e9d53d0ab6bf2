/** The FAQ knowledge-base API's shapes (server: src/faq, routes under /api/console/faq). */

export type Lang = 'vi' | 'km' | 'en';
export const languages: Lang[] = ['vi', 'km', 'en'];
export const languageLabel: Record<Lang, string> = { vi: 'Tiếng Việt', km: 'Tiếng Khmer', en: 'Tiếng Anh' };
/** The same, inside a sentence ("Câu trả lời tiếng Việt"). */
export const inLanguage: Record<Lang, string> = { vi: 'tiếng Việt', km: 'tiếng Khmer', en: 'tiếng Anh' };

export interface Staff {
  id: string;
  displayName: string;
}

export interface Source {
  label: string;
  url?: string;
}

/** What an editor edits; texts keep their {{local.KEY}} / {{province.KEY}} placeholders. */
export interface TopicContent {
  title: string;
  answer: string;
  translations: { km?: { title: string; answer: string }; en?: { title: string; answer: string } };
  variants: string[];
  variantsEn: string[];
  variantsKm: string[];
  keywords: string[];
  sources: Source[];
  link: { label: string; url: string } | null;
  related: string[];
  kmReview: 'needed' | 'done' | null;
}

export type VersionStatus = 'draft' | 'submitted' | 'published' | 'superseded';

export interface TopicVersion {
  number: number;
  status: VersionStatus;
  content: TopicContent;
  localKeys: string[];
  note: string | null;
  createdBy: Staff | null;
  createdAt: string;
  submittedBy: Staff | null;
  submittedAt: string | null;
  publishedBy: Staff | null;
  publishedAt: string | null;
  rejectedBy: Staff | null;
  rejectedAt: string | null;
  rejectReason: string | null;
}

export interface VersionWithChanges extends TopicVersion {
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface TopicSummary {
  id: string;
  title: string;
  latestVersion: number;
  latestStatus: VersionStatus;
  publishedVersion: number | null;
  languages: Lang[];
  lastReviewedAt: string | null;
  reviewBy: string;
  reviewOverdue: boolean;
  feedback: { helpful: number; notHelpful: number };
  updatedAt: string;
  updatedBy: Staff | null;
}

export interface TopicDetail {
  topic: TopicSummary;
  latest: TopicVersion;
  published: TopicVersion | null;
}

export interface TopicList {
  items: TopicSummary[];
  total: number;
  overdue: number;
}

export interface SaveResult {
  topic: TopicSummary;
  version: TopicVersion;
}

/** The exact Zalo message the citizen gets, as the server renders it. */
export interface PreviewResult {
  message: { text: string; buttons: { title: string; type: string; payload: string }[] };
  length: number;
  limit: number;
  problems: { path: string; message: string }[];
}

/** The 409 a stale save gets: who saved which version meanwhile. */
export interface ConflictDetails {
  latestVersion: number;
  savedBy: Staff | null;
  savedAt: string;
}

export const versionStatus: Record<VersionStatus, { text: string; color: string }> = {
  draft: { text: 'Bản nháp', color: 'default' },
  submitted: { text: 'Chờ duyệt', color: 'gold' },
  published: { text: 'Đang dùng', color: 'green' },
  superseded: { text: 'Đã thay thế', color: 'default' },
};

export const emptyContent = (): TopicContent => ({
  title: '',
  answer: '',
  translations: {},
  variants: [],
  variantsEn: [],
  variantsKm: [],
  keywords: [],
  sources: [],
  link: null,
  related: [],
  kmReview: null,
});

/** dd/mm/yyyy from the API's YYYY-MM-DD. */
export const formatDay = (day: string | null | undefined) => (day ? day.split('-').reverse().join('/') : '—');
