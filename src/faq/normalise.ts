/**
 * Vietnamese text normalisation for matching citizens' chat questions.
 *
 * Every token has two forms: `tone` (lower-case NFC with diacritics, tone mark placed one canonical way) and `bare`
 * (no diacritics, đ→d). The bare form of a token depends only on the token's own letters stripped of marks (and on its
 * neighbours' bare forms), so a question typed without diacritics gets exactly the same bare tokens as the same
 * question typed with them.
 */

import { expandAbbreviation } from './chat-abbreviations.ts';

/** One syllable (or number) of a question. */
export interface Token {
  /** Lower-case NFC with diacritics; equals `bare` when the writer typed none. */
  tone: string;
  /** No diacritics, đ→d. */
  bare: string;
}

export interface Normalised {
  tokens: Token[];
  /** Tokens' `tone` forms joined by spaces: readable, stable, what the unanswered log stores. */
  text: string;
  /** Tokens' `bare` forms joined by spaces. */
  bareText: string;
}

/** Questions longer than this are cut: chat questions are short and matching cost must stay bounded. */
export const MAX_TOKENS = 80;
const MAX_INPUT_CHARS = 4_000;
const MAX_TOKEN_CHARS = 24;

const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const SHAPE_MARKS = new Set(['\u0302', '\u0306', '\u031b']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
// Joiners and invisible marks (U+034F, U+17B4/5, U+200D) sit outside the class: inside, they would combine.
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]|\u034f|\u17b4|\u17b5|\u200d/g;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
const LETTERS_ONLY = /^[\p{L}\p{N}]+$/u;
// Hoisted out of the functions that run for every word (a literal is a new RegExp object each time it is evaluated).
const PLAIN = /^[a-z0-9]+$/;
const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
const LOWER_LATIN = /^[a-z]+$/;
const TELEX_TONE_KEY = /[sfrxj]$/;
const TELEX_DOUBLED = /([aeo])\1/g;
const TELEX_W = /([aou])w/g;
const W = /w/g;
const REPEATS = /(\p{L})\1+/gu;
const FINAL_Y = /^([bcdđghklmnprstvx]|qu)([yýỳỷỹỵ])$/u;

/** Removes every diacritic (tone and vowel shape), maps đ→d, keeps everything else; NFC out. */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

const ONSET = '(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnpqrstvx])?';
const NUCLEUS =
  '(uye|uya|oai|oay|oeo|uay|uoi|uou|ieu|yeu|uya|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)';
const FINAL = '(ch|ng|nh|c|m|n|p|t)?';
const SYLLABLE = new RegExp(`^${ONSET}${NUCLEUS}${FINAL}$`);

/**
 * Telex typed without an IME leaves its keys in the word ("ddawng kys", "cachs", "hoof sow"): when a word is not a
 * Vietnamese syllable, drop the tone key and read the vowel keys (aw, aa, ow, uw, w, dd) as plain letters.
 */
function decodeTelex(bare: string): string {
  if (bare.length < 2 || !LOWER_LATIN.test(bare) || SYLLABLE.test(bare)) return bare;
  let s = bare.replace(/^dd/, 'd');
  if (TELEX_TONE_KEY.test(s) && s.length > 2) s = s.slice(0, -1);
  s = s.replace(TELEX_DOUBLED, '$1').replace(TELEX_W, '$1');
  for (const guess of [s, s.replace(W, 'u'), s.replace(W, '')])
    if (SYLLABLE.test(guess)) return unifyFinalY(guess);
  return bare;
}

/** "lí"/"lý", "kĩ"/"kỹ", "qui"/"quy": both spellings are in use; a final y after a consonant is written i here. */
function unifyFinalY(s: string): string {
  // Only two or three letters ending in a y can match.
  if (s.length < 2 || s.length > 3 || !Object.hasOwn(Y_TO_I, s[s.length - 1]!)) return s;
  return s.replace(FINAL_Y, (_m, onset: string, y: string) => onset + Y_TO_I[y]!);
}
const Y_TO_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };

/** "đượccc", "khôngggg": a letter repeated is emphasis, never Vietnamese spelling (except numbers). */
function collapseRepeats(s: string): string {
  return mayRepeat(s) ? s.replace(REPEATS, '$1') : s;
}

/** False when no letter can repeat: no two equal neighbouring UTF-16 units and no surrogate pair. */
function mayRepeat(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

interface Letter {
  base: string;
  shape: string;
}

/** Places the tone mark one canonical way ("hoà"/"hòa" → "hoà", "thuý"/"thúy" → "thuý") so both spellings match. */
function canonicalTone(token: string): string {
  const letters: Letter[] = [];
  let tone = '';
  for (const ch of token.normalize('NFD')) {
    if (TONE_MARKS.has(ch)) tone = ch;
    else if (SHAPE_MARKS.has(ch) && letters.length > 0) letters[letters.length - 1]!.shape += ch;
    else if (MARK.test(ch)) continue;
    else letters.push({ base: ch, shape: '' });
  }
  const at = tone ? tonePosition(letters) : -1;
  return letters
    .map((l, i) => l.base + l.shape + (i === at ? tone : ''))
    .join('')
    .normalize('NFC');
}

function tonePosition(letters: Letter[]): number {
  const word = letters.map((l) => l.base).join('');
  let start = 0;
  if (/^(qu|gi)[aeiouy]/.test(word)) start = 2;
  while (start < letters.length && !VOWELS.has(letters[start]!.base)) start++;
  let end = start;
  while (end < letters.length && VOWELS.has(letters[end]!.base)) end++;
  if (start >= letters.length) {
    // "gì", "quỳ": the i/y after gi/qu is the vowel itself.
    const last = letters.findLastIndex((l) => VOWELS.has(l.base));
    return last >= 0 ? last : letters.length - 1;
  }
  const cluster = letters.slice(start, end);
  const shaped = cluster.findLastIndex((l) => l.shape !== '');
  if (shaped >= 0) return start + shaped;
  if (end < letters.length) return end - 1;
  if (cluster.length >= 3) return start + 1;
  if (cluster.length === 2) {
    const pair = cluster.map((l) => l.base).join('');
    return ['oa', 'oe', 'uy'].includes(pair) ? start + 1 : start;
  }
  return start;
}

function toBare(raw: string): string {
  if (PLAIN.test(raw)) return raw;
  return memo(bareCache, raw, () => stripDiacritics(raw).replace(MARKS, ''));
}

function toneOf(raw: string): string {
  if (PLAIN.test(raw)) return unifyFinalY(collapseRepeats(raw));
  return memo(toneCache, raw, () => unifyFinalY(collapseRepeats(canonicalTone(raw))));
}

// Syllables repeat endlessly across questions; caching their per-word work keeps normalising a question to microseconds.
const MEMO_LIMIT = 50_000;
const bareCache = new Map<string, string>();
const toneCache = new Map<string, string>();
function memo(cache: Map<string, string>, key: string, compute: () => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    v = compute();
    cache.set(key, v);
  }
  return v;
}

/** Splits, expands abbreviations and canonicalises one question. Never throws; output bounded by MAX_TOKENS. */
export function normalise(input: string): Normalised {
  const cleaned = String(input).slice(0, MAX_INPUT_CHARS).toLowerCase().replace(INVISIBLE, '');
  const raws: string[] = [];
  for (const m of cleaned.matchAll(TOKEN)) {
    if (raws.length >= MAX_TOKENS) break;
    // At most MAX_TOKEN_CHARS UTF-16 units is at most that many code points: nothing to cut.
    raws.push(m[0].length <= MAX_TOKEN_CHARS ? m[0] : Array.from(m[0]).slice(0, MAX_TOKEN_CHARS).join(''));
  }
  const bares = raws.map(toBare);
  const tokens: Token[] = [];
  for (let i = 0; i < raws.length && tokens.length < MAX_TOKENS; i++) {
    const words = wordTokens(raws[i]!, bares[i]!);
    if (words === undefined) readInContext(tokens, raws[i]!, bares[i]!, bares[i - 1], bares[i + 1]);
    else for (const w of words) tokens.push({ tone: w.tone, bare: w.bare });
  }
  tokens.length = Math.min(tokens.length, MAX_TOKENS);
  let text = '';
  let bareText = '';
  for (let i = 0; i < tokens.length; i++) {
    text += i === 0 ? tokens[i]!.tone : ' ' + tokens[i]!.tone;
    bareText += i === 0 ? tokens[i]!.bare : ' ' + tokens[i]!.bare;
  }
  return { tokens, text, bareText };
}

/**
 * The tokens one raw word reads as, cached: a word's reading depends on its own letters alone, except "kh" and "dk"
 * (undefined here), whose expansion depends on the neighbouring words.
 */
function wordTokens(raw: string, stripped: string): readonly Token[] | undefined {
  let words = wordCache.get(raw);
  if (words === undefined) {
    if (!stripped) words = [];
    else {
      const bare = unifyFinalY(collapseRepeats(stripped));
      if (CONTEXTUAL.has(stripped) || CONTEXTUAL.has(bare)) return undefined;
      words = [];
      readInContext(words, raw, stripped, undefined, undefined);
    }
    if (wordCache.size >= MEMO_LIMIT) wordCache.clear();
    wordCache.set(raw, words);
  }
  return words;
}
const CONTEXTUAL = new Set(['kh', 'dk']);
const wordCache = new Map<string, Token[]>();

/** Appends the tokens of one raw word (`stripped` its bare letters), given its neighbours' bare letters. */
function readInContext(
  tokens: Token[],
  raw: string,
  stripped: string,
  prev: string | undefined,
  next: string | undefined,
): void {
  if (!stripped) return;
  const bare = unifyFinalY(collapseRepeats(stripped));
  // Abbreviations like "cccd", "lltp" repeat letters on purpose: look them up before collapsing repeats.
  // A one-letter result of collapsing ("kkkkk" laughter) is not the abbreviation "k".
  const expansion =
    expandAbbreviation(stripped, prev, next) ??
    (bare.length > 1 ? expandAbbreviation(bare, prev, next) : undefined);
  if (
    !expansion &&
    bare.length === 1 &&
    stripped.length > 1 &&
    expandAbbreviation(bare, undefined, undefined)
  ) {
    // Kept as two letters: written back as one ("e"), it would expand ("em") on the next pass.
    tokens.push({ tone: bare + bare, bare: bare + bare });
    return;
  }
  if (expansion) {
    for (const word of expansion.split(' ')) {
      tokens.push({ tone: toneOf(word), bare: unifyFinalY(collapseRepeats(stripDiacritics(word))) });
    }
    return;
  }
  // Decoding telex can leave a repeat ("wu" → "uu"): collapse again so the result normalises to itself.
  const fixed = unifyFinalY(collapseRepeats(decodeTelex(bare)));
  const tone = fixed !== bare ? fixed : toneOf(raw);
  tokens.push({ tone: tone === fixed || LETTERS_ONLY.test(tone) ? tone : fixed, bare: fixed });
}

/** Whether a token carries diacritics the writer typed (so they can be trusted to tell "vàng" from "vắng"). */
export function hasDiacritics(t: Token): boolean {
  return t.tone !== t.bare;
}

/** Removes what may identify a person before a question is stored: e-mails, phone/ID-like digit runs, URLs. */
export function scrubPersonalData(raw: string): string {
  return String(raw)
    .slice(0, MAX_INPUT_CHARS)
    .replace(/\S+@\S+/g, ' ')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/\+?\d[\d .-]*\d/g, (run) => (run.replace(/\D/g, '').length >= 6 ? ' ' : run));
}
