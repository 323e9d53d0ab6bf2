import type { Lexicon } from './lexicon.ts';
import { hasDiacritics, normalise, stripDiacritics } from './normalise.ts';

/**
 * The classifier's view of a question: a sparse bag of string features in six groups, each scaled to unit length so
 * no group drowns the others whatever the question's length.
 * - `w:` / `b:` syllables and syllable pairs without diacritics (what survives a phone keyboard without an IME);
 * - `t:` syllables with diacritics, only when the writer typed them ("vàng" is not "vắng");
 * - `c:` character 3–4-grams of the bare text with word boundaries (typos, run-together and English words);
 * - `e:` words of four letters or more as typed, without diacritics: the normaliser reads Latin words as Vietnamese
 *   syllables ("how" → "ho"), so English words get their own group, spelled as written;
 * - `k:` character 2–4-grams of Khmer script, which has no spaces between words;
 * - `x:` concepts of the lexicon (lexicon.ts) the question names, in whatever words ("sổ đỏ", "land title").
 */
export type FeatureBag = Map<string, number>;

const KHMER_RUN = /[\u1780-\u17ff\u19e0-\u19ff]+/gu;
const HAS_KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/u;
const MAX_KHMER_CHARS = 400;
const CHAR_GRAMS = [3, 4];
const KHMER_GRAMS = [2, 3, 4];
/** Shorter words are Vietnamese syllables or function words the `w:` group already has. */
const MIN_SPELLED = 4;

/**
 * All groups are counted into the one map that becomes the bag, group after group: prefixes never collide, so each
 * group's keys are a contiguous run of the map's insertion order, and the trainer numbers features in that order.
 */
export function questionFeatures(input: string, lexicon?: Lexicon): FeatureBag {
  const raw = String(input).slice(0, 4000).normalize('NFC');
  const hasKhmer = HAS_KHMER.test(raw);
  const khmer = hasKhmer ? (raw.match(KHMER_RUN) ?? []).join(' ').slice(0, MAX_KHMER_CHARS) : '';
  const latin = hasKhmer ? raw.replace(KHMER_RUN, ' ') : raw;
  const { tokens } = normalise(latin);
  const bag: FeatureBag = new Map();
  const ends: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const bare = tokens[i]!.bare;
    add(bag, wordKey(bare));
    const next = tokens[i + 1];
    if (next) add(bag, `b:${bare}_${next.bare}`);
  }
  ends.push(bag.size);
  for (const t of tokens) if (hasDiacritics(t)) add(bag, toneKey(t.tone));
  ends.push(bag.size);
  // Grams of the text as typed (without diacritics), not of the normalised syllables: English words keep their
  // spelling ("fees", "how") instead of the Vietnamese reading the normaliser gives them.
  const typed = stripDiacritics(latin.slice(0, 600).toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (typed) grams(bag, 'c:', ` ${typed} `, CHAR_GRAMS);
  ends.push(bag.size);
  for (const w of typed.split(' ')) if (w.length >= MIN_SPELLED) add(bag, `e:${w}`);
  ends.push(bag.size);
  if (khmer) grams(bag, 'k:', ` ${khmer} `, KHMER_GRAMS);
  ends.push(bag.size);
  if (lexicon) {
    const bare = tokens.map((t) => t.bare);
    for (const c of lexicon.conceptsIn(bare, khmer)) add(bag, `x:${c}`);
  }
  ends.push(bag.size);
  unitGroups(bag, ends);
  return bag;
}

function add(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

// The `w:` and `t:` keys of the few thousand syllables in use, made once.
const MEMO_LIMIT = 50_000;
const wordKeys = new Map<string, string>();
const toneKeys = new Map<string, string>();
function wordKey(bare: string): string {
  return prefixed(wordKeys, 'w:', bare);
}
function toneKey(tone: string): string {
  return prefixed(toneKeys, 't:', tone);
}
function prefixed(cache: Map<string, string>, prefix: string, s: string): string {
  let key = cache.get(s);
  if (key === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    key = prefix + s;
    cache.set(s, key);
  }
  return key;
}

/** Bare syllables and Khmer letters are all in the Basic Multilingual Plane, so UTF-16 offsets are characters. */
function grams(out: Map<string, number>, prefix: string, text: string, sizes: number[]): void {
  for (const n of sizes) {
    for (let i = 0; i + n <= text.length; i++) add(out, prefix + text.substring(i, i + n));
  }
}

/** 1 + log tf for the small counts nearly every feature has; the same doubles Math.log gives. */
const SUBLINEAR = Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));

/**
 * Sublinear counts (1 + log tf), then unit length within each group; `ends[g]` is where group g's run of keys ends.
 * The same arithmetic in the same order as scaling each group in a map of its own.
 */
function unitGroups(bag: FeatureBag, ends: number[]): void {
  const scales: number[] = [];
  let g = 0;
  let at = 0;
  let norm = 0;
  for (const tf of bag.values()) {
    while (at === ends[g]) {
      scales.push(1 / Math.sqrt(norm));
      norm = 0;
      g++;
    }
    const v = tf < 64 ? SUBLINEAR[tf]! : 1 + Math.log(tf);
    norm += v * v;
    at++;
  }
  for (; g < ends.length; g++) {
    scales.push(1 / Math.sqrt(norm));
    norm = 0;
  }
  g = 0;
  at = 0;
  for (const [k, tf] of bag) {
    while (at === ends[g]) g++;
    const v = tf < 64 ? SUBLINEAR[tf]! : 1 + Math.log(tf);
    bag.set(k, v * scales[g]!);
    at++;
  }
}
