import type { Language } from '../chat/chat.types.ts';
import type { TrainingCorpora } from './corpora.ts';
import type { FaqTopic, KnowledgeBase } from './knowledge-base.ts';
import { normalise } from './normalise.ts';
import {
  loadFittedParams,
  TrainedMatcher,
  type FittedParams,
  type TrainedMatchResult,
  type TrainingAids,
} from './trained-matcher.ts';

/** One search hit for the mini-app: id, title in the asker's language, and how sure the matcher is. */
export interface FaqSearchHit {
  id: string;
  title: string;
  score: number;
}

/** The FAQ's read side: the knowledge base, the small-talk corpus and the trained matcher, built once at start-up. */
export interface FaqService {
  kb: KnowledgeBase;
  corpora: TrainingCorpora;
  matcher: TrainedMatcher;
  /** Training time of the classifier (unless handed in trained) plus the lexical index, ms. */
  indexBuildMs: number;
  match(question: string): TrainedMatchResult;
  /** The topic a suggestion button sent back: "#faq:<id>" or a topic title (any language), else undefined. */
  topicForPayload(text: string): FaqTopic | undefined;
  search(query: string, lang: Language, limit: number): FaqSearchHit[];
  titleOf(topic: FaqTopic, lang: Language): string;
}

export function createFaqService(
  kb: KnowledgeBase,
  corpora: TrainingCorpora = { negatives: [], smallTalk: {} },
  params: FittedParams = loadFittedParams(),
  aids: TrainingAids = {},
): FaqService {
  const started = performance.now();
  const matcher = new TrainedMatcher(kb.topics, corpora, params, aids);
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
    corpora,
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
      if (r.kind === 'smalltalk' || r.confidence < params.suggestThreshold) return [];
      return r.ranked
        .slice(0, limit)
        .map(({ id, score }) => ({ id, title: titleOf(kb.byId.get(id)!, lang), score }));
    },
  };
}

function titleKey(s: string): string {
  return normalise(s).text || s.trim().toLowerCase();
}
