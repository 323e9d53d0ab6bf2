// Reference copy of the implementation before issue 16's feature-extraction speed-up (src/faq/features.ts): the
// equivalence test (test/faq/features-equivalence.test.ts) checks the optimised code gives exactly its outputs. Do not edit.
import type { Lexicon } from './lexicon.reference.ts';
import { hasDiacritics, normalise, stripDiacritics } from './normalise.reference.ts';

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
const MAX_KHMER_CHARS = 400;
const CHAR_GRAMS = [3, 4];
const KHMER_GRAMS = [2, 3, 4];
/** Shorter words are Vietnamese syllables or function words the `w:` group already has. */
const MIN_SPELLED = 4;

export function questionFeatures(input: string, lexicon?: Lexicon): FeatureBag {
  const raw = String(input).slice(0, 4000).normalize('NFC');
  const khmer = (raw.match(KHMER_RUN) ?? []).join(' ').slice(0, MAX_KHMER_CHARS);
  const { tokens } = normalise(raw.replace(KHMER_RUN, ' '));
  const words = new Map<string, number>();
  const tones = new Map<string, number>();
  tokens.forEach((t, i) => {
    add(words, `w:${t.bare}`);
    const next = tokens[i + 1];
    if (next) add(words, `b:${t.bare}_${next.bare}`);
    if (hasDiacritics(t)) add(tones, `t:${t.tone}`);
  });
  const chars = new Map<string, number>();
  // Grams of the text as typed (without diacritics), not of the normalised syllables: English words keep their
  // spelling ("fees", "how") instead of the Vietnamese reading the normaliser gives them.
  const typed = stripDiacritics(raw.replace(KHMER_RUN, ' ').slice(0, 600).toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (typed) grams(chars, 'c:', ` ${typed} `, CHAR_GRAMS);
  const spelled = new Map<string, number>();
  for (const w of typed.split(' ')) if (w.length >= MIN_SPELLED) add(spelled, `e:${w}`);
  const khmerGrams = new Map<string, number>();
  if (khmer) grams(khmerGrams, 'k:', ` ${khmer} `, KHMER_GRAMS);
  const bag: FeatureBag = new Map();
  const concepts = new Map<string, number>();
  const bare = tokens.map((t) => t.bare);
  for (const c of lexicon?.conceptsIn(bare, khmer) ?? []) add(concepts, `x:${c}`);
  for (const group of [words, tones, chars, spelled, khmerGrams, concepts]) mergeUnit(bag, group);
  return bag;
}

function add(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** Bare syllables and Khmer letters are all in the Basic Multilingual Plane, so UTF-16 offsets are characters. */
function grams(out: Map<string, number>, prefix: string, text: string, sizes: number[]): void {
  for (const n of sizes) {
    for (let i = 0; i + n <= text.length; i++) add(out, prefix + text.substring(i, i + n));
  }
}

/** Sublinear counts (1 + log tf), then unit length within the group. */
function mergeUnit(bag: FeatureBag, group: Map<string, number>): void {
  let norm = 0;
  for (const [k, tf] of group) {
    const v = 1 + Math.log(tf);
    group.set(k, v);
    norm += v * v;
  }
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (const [k, v] of group) bag.set(k, v * scale);
}
