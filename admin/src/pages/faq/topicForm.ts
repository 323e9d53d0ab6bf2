import type { Lang, Source, TopicContent } from './faq.types';

/**
 * The editor's form values: lists of ways of asking are one per line (editors paste many at once), the link and the
 * translations are flat fields. `toContent` / `toForm` convert to and from the API's TopicContent.
 */
export interface TopicFormValues {
  id?: string;
  title: string;
  answer: string;
  titleKm: string;
  answerKm: string;
  titleEn: string;
  answerEn: string;
  variants: string;
  variantsKm: string;
  variantsEn: string;
  keywords: string[];
  sources: Source[];
  linkLabel: string;
  linkUrl: string;
  related: string[];
  kmReview: 'needed' | 'done' | 'none';
  note: string;
}

const lines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const translation = (title: string | undefined, answer: string | undefined) =>
  title?.trim() || answer?.trim() ? { title: title?.trim() ?? '', answer: answer?.trim() ?? '' } : undefined;

export function toContent(v: Partial<TopicFormValues>): TopicContent {
  const km = translation(v.titleKm, v.answerKm);
  const en = translation(v.titleEn, v.answerEn);
  const link = v.linkLabel?.trim() || v.linkUrl?.trim();
  return {
    title: v.title?.trim() ?? '',
    answer: v.answer?.trim() ?? '',
    translations: { ...(km ? { km } : {}), ...(en ? { en } : {}) },
    variants: lines(v.variants),
    variantsKm: lines(v.variantsKm),
    variantsEn: lines(v.variantsEn),
    keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    sources: (v.sources ?? [])
      .filter((s) => s?.label?.trim() || s?.url?.trim())
      .map((s) => ({ label: s.label?.trim() ?? '', ...(s.url?.trim() ? { url: s.url.trim() } : {}) })),
    link: link ? { label: v.linkLabel?.trim() ?? '', url: v.linkUrl?.trim() ?? '' } : null,
    related: v.related ?? [],
    kmReview: !v.kmReview || v.kmReview === 'none' ? null : v.kmReview,
  };
}

export function toForm(c: TopicContent, id?: string): TopicFormValues {
  return {
    id,
    title: c.title,
    answer: c.answer,
    titleKm: c.translations.km?.title ?? '',
    answerKm: c.translations.km?.answer ?? '',
    titleEn: c.translations.en?.title ?? '',
    answerEn: c.translations.en?.answer ?? '',
    variants: c.variants.join('\n'),
    variantsKm: c.variantsKm.join('\n'),
    variantsEn: c.variantsEn.join('\n'),
    keywords: c.keywords,
    sources: c.sources.length ? c.sources : [{ label: '' }],
    linkLabel: c.link?.label ?? '',
    linkUrl: c.link?.url ?? '',
    related: c.related,
    kmReview: c.kmReview ?? 'none',
    note: '',
  };
}

/** A form field's name path: a top-level field, or one part of one source. */
type FieldName = [keyof TopicFormValues] | ['sources', number, 'label' | 'url'];

/** Where the form shows a server error for `content.…` (or `id`); undefined → only in the summary above the form. */
export function formFieldOf(path: string): FieldName | undefined {
  const p = path.replace(/^(content|newTopic\.content)\./, '').split('.');
  const [head, second, third] = p;
  const flat: Record<string, keyof TopicFormValues> = {
    title: 'title',
    answer: 'answer',
    variants: 'variants',
    variantsKm: 'variantsKm',
    variantsEn: 'variantsEn',
    keywords: 'keywords',
    related: 'related',
    kmReview: 'kmReview',
    id: 'id',
    note: 'note',
  };
  if (head === 'translations' && (second === 'km' || second === 'en')) {
    if (second === 'km') return [third === 'title' ? 'titleKm' : 'answerKm'];
    return [third === 'title' ? 'titleEn' : 'answerEn'];
  }
  if (head === 'link') return [second === 'label' ? 'linkLabel' : 'linkUrl'];
  if (head === 'sources') {
    const index = Number(second);
    if (second !== undefined && Number.isInteger(index))
      return ['sources', index, third === 'url' ? 'url' : 'label'];
    return ['sources']; // "no source at all": shown under the list
  }
  return head && flat[head] ? [flat[head]] : undefined;
}

/** The answer field of a language, for inserting a local-detail placeholder. */
export const answerField: Record<Lang, keyof TopicFormValues> = {
  vi: 'answer',
  km: 'answerKm',
  en: 'answerEn',
};

/** {{local.KEY}} / {{province.KEY}} placeholders used in the texts, in order of first use. */
export function placeholdersIn(c: TopicContent): string[] {
  const texts = [c.answer, c.translations.km?.answer, c.translations.en?.answer, c.title];
  const keys = new Set<string>();
  for (const t of texts)
    for (const m of (t ?? '').matchAll(/\{\{\s*((?:local|province)\.[\w.-]+)\s*\}\}/g)) keys.add(m[1]!);
  return [...keys];
}
