import type { Language } from '../chat/chat.types.ts';
import type { FaqTopic, KnowledgeBase } from './knowledge-base.ts';
import { FaqMatcher, type MatchResult, type MatcherOptions } from './matcher.ts';
import { normalise } from './normalise.ts';

/** One search hit for the mini-app: id, title in the asker's language, and how sure the matcher is. */
export interface FaqSearchHit {
  id: string;
  title: string;
  score: number;
}

/** The FAQ's read side: the knowledge base and its index, built once at start-up. */
export interface FaqService {
  kb: KnowledgeBase;
  matcher: FaqMatcher;
  indexBuildMs: number;
  match(question: string): MatchResult;
  /** The topic a suggestion button sent back: "#faq:<id>" or a topic title (any language), else undefined. */
  topicForPayload(text: string): FaqTopic | undefined;
  search(query: string, lang: Language, limit: number): FaqSearchHit[];
  titleOf(topic: FaqTopic, lang: Language): string;
}

export function createFaqService(kb: KnowledgeBase, options: Partial<MatcherOptions> = {}): FaqService {
  const started = performance.now();
  const matcher = new FaqMatcher(kb.topics, options);
  const indexBuildMs = performance.now() - started;
  const byTitle = new Map<string, FaqTopic>();
  for (const t of kb.topics) {
    for (const title of [t.title, t.translations.en?.title, t.translations.km?.title]) {
      if (title) byTitle.set(titleKey(title), t);
    }
  }
  const titleOf = (topic: FaqTopic, lang: Language) =>
    lang === 'vi' ? topic.title : (topic.translations[lang]?.title ?? topic.title);
  return {
    kb,
    matcher,
    indexBuildMs,
    titleOf,
    match: (q) => matcher.match(q),
    topicForPayload(text) {
      const m = /^#faq:([a-z0-9-]+)$/.exec(text.trim());
      if (m) return kb.byId.get(m[1]!);
      return byTitle.get(titleKey(text));
    },
    search(query, lang, limit) {
      const r = matcher.match(query);
      if (r.confidence < matcher.options.suggestThreshold) return [];
      return r.ranked
        .slice(0, limit)
        .map(({ id, score }) => ({ id, title: titleOf(kb.byId.get(id)!, lang), score }));
    },
  };
}

function titleKey(s: string): string {
  return normalise(s).text || s.trim().toLowerCase();
}
