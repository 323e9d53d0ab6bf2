/** The FAQ knowledge-base console's labels; the API's shapes come from the shared contract (routes under /api/console/faq). */
import type { Lang, TopicContent, VersionStatus } from '@cchc/contract/console/faq';

export type {
  ConflictDetails,
  Lang,
  PreviewResult,
  SaveResult,
  Source,
  Staff,
  TopicContent,
  TopicDetail,
  TopicList,
  TopicSummary,
  TopicVersion,
  VersionStatus,
  VersionWithChanges,
} from '@cchc/contract/console/faq';

export const languages: Lang[] = ['vi', 'km', 'en'];
export const languageLabel: Record<Lang, string> = { vi: 'Tiếng Việt', km: 'Tiếng Khmer', en: 'Tiếng Anh' };
/** The same, inside a sentence ("Câu trả lời tiếng Việt"). */
export const inLanguage: Record<Lang, string> = { vi: 'tiếng Việt', km: 'tiếng Khmer', en: 'tiếng Anh' };

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
