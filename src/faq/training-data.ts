import type { Language } from '../chat/chat.types.ts';
import type { FaqTopic } from './knowledge-base.ts';
import { smallTalkIntents, type SmallTalkIntent, type TrainingCorpora } from './corpora.ts';

/** The class of questions the bot must not answer from the knowledge base. */
export const OUT_OF_SCOPE_CLASS = 'out-of-scope';
export const SMALLTALK_PREFIX = 'smalltalk:';

/** Where a training text comes from; only variants, negatives and small-talk examples are held out in CV. */
export type TextSource = 'title' | 'keyword' | 'variant' | 'negative' | 'smalltalk';

export interface LabelledText {
  text: string;
  /** A topic id, OUT_OF_SCOPE_CLASS or `smalltalk:<intent>`. */
  label: string;
  lang: Language;
  source: TextSource;
}

/** Topic ids, then out-of-scope, then the small-talk intents that have examples: the classifier's classes. */
export function classLabels(topics: FaqTopic[], corpora: TrainingCorpora): string[] {
  const intents = smallTalkIntents.filter((i) => corpora.smallTalk[i]);
  return [...topics.map((t) => t.id), OUT_OF_SCOPE_CLASS, ...intents.map((i) => SMALLTALK_PREFIX + i)];
}

export function smallTalkIntentOf(label: string): SmallTalkIntent | undefined {
  return label.startsWith(SMALLTALK_PREFIX)
    ? (label.slice(SMALLTALK_PREFIX.length) as SmallTalkIntent)
    : undefined;
}

/** Every text the matcher learns from, labelled. */
export function labelledTexts(topics: FaqTopic[], corpora: TrainingCorpora): LabelledText[] {
  const out: LabelledText[] = [];
  const push = (text: string, label: string, lang: Language, source: TextSource) =>
    out.push({ text, label, lang, source });
  for (const t of topics) {
    push(t.title, t.id, 'vi', 'title');
    if (t.translations.en) push(t.translations.en.title, t.id, 'en', 'title');
    if (t.translations.km) push(t.translations.km.title, t.id, 'km', 'title');
    for (const k of t.keywords) push(k, t.id, 'vi', 'keyword');
    for (const v of t.variants) push(v, t.id, 'vi', 'variant');
    for (const v of t.variantsEn) push(v, t.id, 'en', 'variant');
    for (const v of t.variantsKm) push(v, t.id, 'km', 'variant');
  }
  for (const n of corpora.negatives) push(n.text, OUT_OF_SCOPE_CLASS, n.lang, 'negative');
  for (const intent of smallTalkIntents) {
    const examples = corpora.smallTalk[intent]?.examples;
    if (!examples) continue;
    for (const lang of ['vi', 'en', 'km'] as const)
      for (const e of examples[lang]) push(e, SMALLTALK_PREFIX + intent, lang, 'smalltalk');
  }
  return out;
}

/**
 * Titles always stay in training; a fold holds out ways of asking, keywords included: they are the short, vague
 * questions ("vneid", "mức 2") the calibration must learn to distrust when several topics share them.
 */
export function isHeldOutable(t: LabelledText): boolean {
  return t.source !== 'title';
}
