import { hasDiacritics, normalise, stripDiacritics, type Token } from './normalise.ts';
import type { FaqTopic } from './knowledge-base.ts';

/** What the matcher decides for one question. `topicId` is null when the bot should not answer by itself. */
export interface MatchResult {
  topicId: string | null;
  confidence: number;
  /** Best topics first, at most three. */
  suggestions: string[];
  band: ConfidenceBand;
  /** The best five topics with their coverage scores (0..1), for search lists. */
  ranked: { id: string; score: number }[];
}

/** high → answer; middle → "Ý bạn là:" with suggestions; low → apology and a person. */
export type ConfidenceBand = 'high' | 'middle' | 'low';

export interface MatcherOptions {
  /** At or above: answer. */
  answerThreshold: number;
  /** At or above (and below answerThreshold): offer the suggestions. */
  suggestThreshold: number;
}

export const defaultMatcherOptions: MatcherOptions = { answerThreshold: 0.37, suggestThreshold: 0.2 };

/**
 * Function words of chat questions ("ad ơi cho em hỏi … làm sao vậy"): they say a question is being asked, not what
 * it is about, so they weigh little both for ranking and for deciding whether the question is in scope.
 */
/** toneKey results: the same few thousand syllables recur in every question. */
const toneKeys = new Map<string, string>();
const PLAIN = /^[a-z0-9]*$/;
const STOPWORD_LIST = (
  'a à ạ ả ad admin ah ak ai anh ấy bà bác bạn bằng bao bé bị biết bên bởi cả các cái cần cậu cháu chào chị cho chú ' +
  'chứ chưa có còn cô của cũng cứ dạ đã đang đâu đây để đến đi điều do đó được gì giờ giùm giúp hả hay hãy hỏi hơn hết ' +
  'hiểu hoặc họ hướng dẫn khi không kia là lại làm lắm lên lúc mà mấy mình mọi mong muốn nào này nè nếu nên nghe nha nhé ' +
  'nhỉ nhiều như những nói nữa ở ơi ơn cảm phải qua ra rằng rất rồi sao sẽ sau so sự tại thấy thế thì thôi thường tìm tôi ' +
  'tới trên trong từ ừ và vài vào vậy về vì việc với vui lòng xem xin xíu em con ơi ok oke uh um ha hen dzậy'
).split(' ');
/** Typed with diacritics, a word is a function word only in its exact spelling: "đỏ" and "cân" are not "do" and "cần". */
const STOP_TONE = new Set(STOPWORD_LIST.map((w) => toneKey(w)));
const STOP_BARE = new Set(STOPWORD_LIST.map((w) => stripDiacritics(w)));

const STOP_WEIGHT = 0.12;
const NUMBER_WEIGHT = 0.35;
const BIGRAM_WEIGHT = 0.8;
const UNSEEN_BIGRAM = 0.5;
/** A word the knowledge base never uses usually names something else (a brand, a place, another service). */
const UNSEEN_WORD = 1;
const AMBIGUITY_PENALTY = 0.5;
const FUZZY_WEIGHT = 0.8;
/** How much a topic gets when it only has the word without the diacritics the writer typed ("vắng" for "vàng"). */
const TONE_MISMATCH = 0.45;
const TONE_UNKNOWN = 0.85;
/** Matched content weight (≈ idf units) at which a question has said enough to be answered. */
const EVIDENCE_NEEDED = 4;
const VAGUE_COVERAGE = 0.6;
const VAGUE_EVIDENCE = 0.5;
/** Confidence kept when two topics tie; a clear lead (gap ≥ 1/GAP_SCALE of the best score) keeps all of it. */
const TIE_FACTOR = 0.35;
/** Small enough never to reorder topics that differ in coverage. */
const TIE_BREAK = 0.01;
const PHRASING_DICE = 0.9;
const GAP_SCALE = 8;

interface Feature {
  key: string;
  weight: number;
  /** A content word (not a function word or a number): only these show what the question is about. */
  content: boolean;
  /** When set, the topic's tone form must match for full credit. */
  tone?: string;
}

interface TopicStats {
  /** feature key → how central it is to the topic (0..1). */
  features: Map<string, number>;
  /** feature key → share of the topic's texts that contain it; breaks ties between equally covering topics. */
  share: Map<string, number>;
  /** Content words of each title, variant and keyword: a question worded like one of them is clearly this topic. */
  phrasings: Set<string>[];
}

/** The in-memory index over the knowledge base; built once at start-up. */
export class FaqMatcher {
  private readonly topics: FaqTopic[];
  private readonly stats: TopicStats[] = [];
  private readonly df = new Map<string, number>();
  /** feature key → [topic index, strength] pairs, so scoring touches only the topics that have the feature. */
  private readonly postings = new Map<string, [number, number][]>();
  private readonly vocab = new Map<string, number>();
  /** bare word → the spellings with diacritics seen in the knowledge base ("to" → tờ, tổ, tố). */
  private readonly spellings = new Map<string, Set<string>>();
  private readonly deletes = new Map<string, string[]>();
  private readonly maxIdf: number;
  private readonly candidateCache = new Map<string, string[]>();
  readonly options: MatcherOptions;

  constructor(topics: FaqTopic[], options: Partial<MatcherOptions> = {}) {
    this.topics = topics;
    this.options = { ...defaultMatcherOptions, ...options };
    for (const topic of topics) this.stats.push(this.indexTopic(topic));
    this.stats.forEach((s, i) => {
      for (const [key, strength] of s.features) {
        this.df.set(key, (this.df.get(key) ?? 0) + 1);
        const list = this.postings.get(key);
        if (list) list.push([i, strength]);
        else this.postings.set(key, [[i, strength]]);
      }
    });
    for (const [key, n] of this.df) if (key.startsWith('u:')) this.addVocab(key.slice(2), n);
    this.maxIdf = idf(topics.length, 0);
  }

  /** Matches one question; never throws. */
  match(question: string): MatchResult {
    const tokens = normalise(question).tokens;
    const features = this.features(tokens);
    const { coverage, content } = this.score(features);
    const order = coverage
      .map((score, i) => ({ score, i }))
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score);
    const best = order[0]?.score ?? 0;
    const second = order[1]?.score ?? 0;
    const evidence = order[0] ? content[order[0].i]! : 0;
    const closest = order[0] ? this.closestPhrasing(order[0].i, tokens) : 0;
    const confidence = round(Math.max(confidenceOf(best, second, evidence), phrasingConfidence(closest)));
    // Vague but on-topic ("vneid"): every content word is ours, too little said to pick one → suggest, don't apologise.
    const vague = best >= VAGUE_COVERAGE && evidence >= VAGUE_EVIDENCE;
    const band = this.bandOf(confidence, vague);
    const ranked = order
      .slice(0, 5)
      .map((s) => ({ id: this.topics[s.i]!.id, score: round(Math.min(1, s.score)) }));
    const suggestions = ranked.slice(0, 3).map((r) => r.id);
    return { topicId: band === 'high' ? suggestions[0]! : null, confidence, suggestions, band, ranked };
  }

  /** Dice overlap of the question's content words with the closest wording of the topic (0..1). */
  private closestPhrasing(topic: number, tokens: Token[]): number {
    const q = contentWords(tokens);
    if (q.size < 2) return 0;
    let best = 0;
    for (const p of this.stats[topic]!.phrasings) {
      let shared = 0;
      for (const w of q) if (p.has(w)) shared++;
      best = Math.max(best, (2 * shared) / (q.size + p.size));
    }
    return best;
  }

  private bandOf(confidence: number, vague: boolean): ConfidenceBand {
    if (confidence >= this.options.answerThreshold) return 'high';
    return confidence >= this.options.suggestThreshold || vague ? 'middle' : 'low';
  }

  private indexTopic(topic: FaqTopic): TopicStats {
    // Titles and keywords count twice: they are the topic's own words, variants are how people happen to ask.
    const weighted: [string, number][] = [
      [topic.title, 2],
      ...topic.variants.map((v): [string, number] => [v, 1]),
      ...topic.keywords.map((k): [string, number] => [k, 2]),
    ];
    const texts = weighted.reduce((n, [, times]) => n + times, 0);
    const counts = new Map<string, number>();
    const phrasings: Set<string>[] = [];
    for (const [text, times] of weighted) {
      const tokens = normalise(text).tokens;
      const words = contentWords(tokens);
      if (words.size >= 2) phrasings.push(words);
      for (const t of tokens) if (hasDiacritics(t)) this.addSpelling(t);
      const keys = new Set(textFeatures(tokens));
      for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + times);
    }
    // A word in one variant of thirteen belongs to the topic less than one in most of them.
    const features = new Map<string, number>();
    for (const [key, n] of counts) features.set(key, Math.min(1, 0.7 + 0.15 * n));
    const share = new Map<string, number>();
    for (const [key, n] of counts) share.set(key, n / texts);
    return { features, share, phrasings };
  }

  private addSpelling(t: Token): void {
    const set = this.spellings.get(t.bare) ?? new Set<string>();
    set.add(toneKey(t.tone));
    this.spellings.set(t.bare, set);
  }

  /** Without diacritics a short word may be any of several words; it then proves less on its own. */
  private ambiguityFactor(bare: string): number {
    const n = this.spellings.get(bare)?.size ?? 1;
    return 1 / (1 + AMBIGUITY_PENALTY * (n - 1));
  }

  private addVocab(word: string, df: number): void {
    this.vocab.set(word, df);
    if (word.length < 3 || /\d/.test(word)) return;
    for (const d of deletions(word)) {
      const list = this.deletes.get(d) ?? [];
      list.push(word);
      this.deletes.set(d, list);
    }
  }

  private features(tokens: Token[]): Feature[] {
    const fixed = this.correct(tokens);
    const out: Feature[] = [];
    for (let i = 0; i < fixed.length; i++) {
      const t = fixed[i]!;
      out.push({ key: `u:${t.bare}`, weight: t.weight, tone: t.tone, content: !t.stop });
      const next = fixed[i + 1];
      if (!next) continue;
      const weight = (BIGRAM_WEIGHT * (t.weight + next.weight)) / 2;
      out.push({ key: `b:${t.bare}_${next.bare}`, weight, content: !t.stop || !next.stop });
    }
    return out;
  }

  /** Typo repair: an unknown word, or one that fits neither neighbour, becomes a known word one edit away that fits. */
  private correct(tokens: Token[]): WeightedToken[] {
    const out: WeightedToken[] = tokens.map((t) => {
      const tone = hasDiacritics(t) ? toneKey(t.tone) : undefined;
      const weight = tokenWeight(t.bare, tone) * (tone ? 1 : this.ambiguityFactor(t.bare));
      return { bare: t.bare, tone, weight, stop: isStopword(t.bare, tone) };
    });
    for (let i = 0; i < out.length; i++) {
      const t = out[i]!;
      if (/\d/.test(t.bare) || t.stop) continue;
      const prev = out[i - 1]?.bare;
      const next = out[i + 1]?.bare;
      const known = this.vocab.has(t.bare);
      if (known && (this.hasBigram(prev, t.bare) || this.hasBigram(t.bare, next))) continue;
      const candidates = this.candidates(t.bare);
      // The repaired word must fit every content neighbour it has, not just one ("thời tiết mai" is not "tiền mai táng").
      const before = out[i - 1] && !out[i - 1]!.stop ? prev : undefined;
      const after = out[i + 1] && !out[i + 1]!.stop ? next : undefined;
      const fits = (c: string) =>
        before === undefined && after === undefined
          ? this.hasBigram(prev, c) || this.hasBigram(c, next)
          : (before === undefined || this.hasBigram(before, c)) &&
            (after === undefined || this.hasBigram(c, after));
      const fitting = candidates.filter(fits);
      const pick = fitting[0] ?? (!known && t.bare.length >= 5 ? candidates[0] : undefined);
      if (!pick) continue;
      const weight = tokenWeight(pick, undefined) * (fitting[0] ? FUZZY_WEIGHT : FUZZY_WEIGHT * 0.7);
      out[i] = { bare: pick, tone: undefined, weight, stop: false };
    }
    return out;
  }

  private hasBigram(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && this.df.has(`b:${a}_${b}`);
  }

  /** Known words at edit distance one (insert, delete, substitute, swap), most common first. */
  private candidates(word: string): string[] {
    let found = this.candidateCache.get(word);
    if (!found) {
      if (this.candidateCache.size > 20_000) this.candidateCache.clear();
      found = this.findCandidates(word);
      this.candidateCache.set(word, found);
    }
    return found;
  }

  private findCandidates(word: string): string[] {
    if (word.length < 2 || word.length > 12) return [];
    const found = new Set<string>();
    for (const w of this.deletes.get(word) ?? []) found.add(w);
    for (const d of deletions(word)) {
      if (this.vocab.has(d) && d.length >= 2) found.add(d);
      for (const w of this.deletes.get(d) ?? []) found.add(w);
    }
    found.delete(word);
    return [...found].sort((a, b) => (this.vocab.get(b) ?? 0) - (this.vocab.get(a) ?? 0));
  }

  /**
   * Per topic: coverage (the share of the question's informative weight the topic accounts for) and the informative
   * weight of content words matched (a question made only of "ad ơi … vậy" says nothing about a topic).
   */
  private score(features: Feature[]): { coverage: number[]; content: number[] } {
    const coverage = new Array<number>(this.topics.length).fill(0);
    const content = new Array<number>(this.topics.length).fill(0);
    let total = 0;
    for (const f of features) {
      const df = this.df.get(f.key) ?? 0;
      // An unseen pair of words is weaker evidence of another subject than an unseen word.
      const unseen = this.maxIdf * (f.key.startsWith('b:') ? UNSEEN_BIGRAM : UNSEEN_WORD);
      const w = f.weight * (df === 0 ? unseen : idf(this.topics.length, df));
      total += w;
      if (df === 0) continue;
      const toneKey = f.tone ? `t:${f.tone}` : undefined;
      const toneKnown = toneKey ? this.df.has(toneKey) : false;
      for (const [i, strength] of this.postings.get(f.key)!) {
        const gained = w * strength * this.toneFactor(i, toneKey, toneKnown);
        coverage[i]! += gained + TIE_BREAK * w * (this.stats[i]!.share.get(f.key) ?? 0);
        if (f.content) content[i]! += gained;
      }
    }
    return { coverage: total > 0 ? coverage.map((x) => x / total) : coverage, content };
  }

  private toneFactor(topic: number, toneKey: string | undefined, toneKnown: boolean): number {
    if (!toneKey) return 1;
    if (this.stats[topic]!.features.has(toneKey)) return 1;
    return toneKnown ? TONE_MISMATCH : TONE_UNKNOWN;
  }
}

interface WeightedToken {
  stop: boolean;
  bare: string;
  tone: string | undefined;
  weight: number;
}

function textFeatures(tokens: Token[]): string[] {
  const keys: string[] = [];
  tokens.forEach((t, i) => {
    keys.push(`u:${t.bare}`);
    if (hasDiacritics(t)) keys.push(`t:${toneKey(t.tone)}`);
    const next = tokens[i + 1];
    if (next) keys.push(`b:${t.bare}_${next.bare}`);
  });
  return keys;
}

/** Southern speakers (most of the province) do not tell hỏi from ngã apart, so "cữa" is "cửa". */
function toneKey(tone: string): string {
  if (PLAIN.test(tone)) return tone;
  let key = toneKeys.get(tone);
  if (key === undefined) {
    if (toneKeys.size > 50_000) toneKeys.clear();
    key = tone
      .normalize('NFD')
      .replace(/\u0303/g, '\u0309')
      .normalize('NFC');
    toneKeys.set(tone, key);
  }
  return key;
}

function isStopword(bare: string, tone: string | undefined): boolean {
  return tone ? STOP_TONE.has(tone) : STOP_BARE.has(bare);
}

function contentWords(tokens: Token[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    if (!isStopword(t.bare, hasDiacritics(t) ? toneKey(t.tone) : undefined)) out.add(t.bare);
  }
  return out;
}

/** A question worded almost exactly like a known wording is answered even when a neighbouring topic is close. */
function phrasingConfidence(dice: number): number {
  return dice < PHRASING_DICE ? 0 : 0.4 + (0.5 * (dice - PHRASING_DICE)) / (1 - PHRASING_DICE);
}

function tokenWeight(bare: string, tone: string | undefined): number {
  if (isStopword(bare, tone)) return STOP_WEIGHT;
  return /^\d+$/.test(bare) ? NUMBER_WEIGHT : 1;
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Coverage of the best topic, discounted when a second topic covers the question almost as well. */
function confidenceOf(best: number, second: number, evidence: number): number {
  if (best <= 0) return 0;
  const gap = (best - second) / best;
  const enough = Math.min(1, evidence / EVIDENCE_NEEDED);
  return Math.max(
    0,
    Math.min(1, best * enough * (TIE_FACTOR + (1 - TIE_FACTOR) * Math.min(1, gap * GAP_SCALE))),
  );
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
