import MiniSearch from 'minisearch';
import type { FaqTopic } from './knowledge-base.ts';

/** Anything that picks a topic (or none) for a question; lets the evaluation compare the matcher with baselines. */
export interface TopicPicker {
  name: string;
  pick(question: string): string | null;
}

/**
 * Zalo OA Manager's keyword auto-reply: a topic answers only when the message contains one of its keywords exactly
 * (case-insensitive, whole words). When several topics match, the longest keyword wins.
 */
export function keywordRulesBaseline(topics: FaqTopic[]): TopicPicker {
  const rules = topics
    .flatMap((t) => t.keywords.map((k) => ({ id: t.id, keyword: k.normalize('NFC').toLowerCase().trim() })))
    .filter((r) => r.keyword.length > 0)
    .sort((a, b) => b.keyword.length - a.keyword.length);
  return {
    name: 'keyword rules (OA Manager)',
    pick(question) {
      const text = ` ${question
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}./-]+/gu, ' ')} `;
      return rules.find((r) => text.includes(` ${r.keyword} `))?.id ?? null;
    },
  };
}

/** MiniSearch with its default options over titles and variants; the top hit answers whenever there is one. */
export function miniSearchBaseline(topics: FaqTopic[]): TopicPicker & { search: MiniSearch } {
  const search = new MiniSearch<{ id: string; title: string; variants: string }>({
    fields: ['title', 'variants'],
    storeFields: ['id'],
  });
  search.addAll(topics.map((t) => ({ id: t.id, title: t.title, variants: t.variants.join('\n') })));
  return {
    name: 'MiniSearch default',
    search,
    pick(question) {
      const hit = search.search(question)[0];
      return hit ? String(hit.id) : null;
    },
  };
}
