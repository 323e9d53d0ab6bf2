import { mulberry32 } from './classifier.ts';
import { stripDiacritics } from './normalise.ts';
import type { LabelledText } from './training-data.ts';

/**
 * Training-time copies of the Vietnamese variants written the way citizens type on a phone: with chat abbreviations,
 * a typo or telex leftover, often without diacritics. Each copy is drawn from a seed derived from its text, so a text
 * gets the same copy in every CV fold and on every start.
 */

/** Standard phrase → the chat forms written for it; longer phrases first so "dịch vụ công" wins over "công". */
const ABBREVIATED: [string, string[]][] = (
  [
    ['căn cước công dân', ['cccd']],
    ['chứng minh nhân dân', ['cmnd']],
    ['giấy phép lái xe', ['gplx']],
    ['lý lịch tư pháp', ['lltp']],
    ['lí lịch tư pháp', ['lltp']],
    ['bảo hiểm y tế', ['bhyt']],
    ['bảo hiểm xã hội', ['bhxh']],
    ['dịch vụ công', ['dvc']],
    ['thủ tục hành chính', ['tthc']],
    ['cải cách hành chính', ['cchc']],
    ['ủy ban nhân dân', ['ubnd']],
    ['uỷ ban nhân dân', ['ubnd']],
    ['số điện thoại', ['sdt']],
    ['như thế nào', ['ntn']],
    ['bao nhiêu', ['bn', 'nhiêu']],
    ['đăng ký', ['đk', 'dk']],
    ['tài khoản', ['tk']],
    ['mật khẩu', ['mk']],
    ['hồ sơ', ['hs']],
    ['trực tuyến', ['online']],
    ['không', ['ko', 'k', 'hok', 'hông']],
    ['được', ['đc', 'dc']],
    ['gì', ['j']],
    ['vậy', ['z', 'v']],
    ['rồi', ['r']],
    ['với', ['vs']],
    ['người', ['ng']],
    ['em', ['e']],
  ] as [string, string[]][]
).sort((a, b) => b[0].length - a[0].length);

const PHRASES = new RegExp(`(?<![\\p{L}])(${ABBREVIATED.map(([p]) => p).join('|')})(?![\\p{L}])`, 'gu');
const FORMS = new Map(ABBREVIATED);

const TELEX_TONE: Record<string, string> = {
  '\u0301': 's',
  '\u0300': 'f',
  '\u0309': 'r',
  '\u0303': 'x',
  '\u0323': 'j',
};
const TONES = Object.keys(TELEX_TONE);

type Random = () => number;

function pick<T>(xs: T[], random: Random): T {
  return xs[Math.floor(random() * xs.length)]!;
}

/** Replaces each standard phrase by one of its chat forms, each with probability `rate`. */
export function abbreviate(text: string, random: Random, rate = 0.7): string {
  return text
    .toLowerCase()
    .replace(PHRASES, (phrase) => (random() < rate ? pick(FORMS.get(phrase)!, random) : phrase));
}

/** One typo in one syllable: a telex leftover ("hanhf"), a dropped or doubled letter, or another tone mark. */
export function typo(word: string, random: Random): string {
  const nfd = word.normalize('NFD');
  const tone = [...nfd].find((c) => TONES.includes(c));
  const kind = Math.floor(random() * 4);
  if (kind === 0 && tone) return stripDiacritics(word) + TELEX_TONE[tone]!;
  if (kind === 3 && tone) {
    const other = pick(
      TONES.filter((t) => t !== tone),
      random,
    );
    return nfd.replace(tone, other).normalize('NFC');
  }
  const letters = [...word];
  if (letters.length < 3) return word;
  const at = 1 + Math.floor(random() * (letters.length - 1));
  if (kind === 1) letters.splice(at, 1);
  else letters.splice(at, 0, letters[at]!);
  return letters.join('');
}

/** A typo in roughly one syllable in four (at least one when the text has a word of three letters or more). */
export function withTypos(text: string, random: Random): string {
  const words = text.split(' ');
  const long = words.map((w, i) => (w.length >= 3 ? i : -1)).filter((i) => i >= 0);
  if (!long.length) return text;
  const chosen = new Set([pick(long, random), ...long.filter(() => random() < 0.2)]);
  return words.map((w, i) => (chosen.has(i) ? typo(w, random) : w)).join(' ');
}

/** A 32-bit FNV-1a hash: the seed of a text's copies. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The chat-typed copy of one Vietnamese text: abbreviated, with a typo, diacritics kept or stripped at random; none
 * when it comes out equal to the text. (A plain diacritics-stripped copy as well did not help on CV: the `w:`, `b:`
 * and `c:` features of a text are already free of diacritics.)
 */
export function chatForm(text: string): string | undefined {
  const random = mulberry32(hash(text));
  const noisy = withTypos(abbreviate(text, random), random);
  const form = random() < 0.5 ? stripDiacritics(noisy) : noisy;
  return form === text ? undefined : form;
}

/**
 * A chat-typed copy of every Vietnamese variant, labelled like it. Titles and keywords are short and exact, and
 * copying negatives and small talk too cost small-talk recognition on CV without helping abstention.
 */
export function augmentTexts(texts: LabelledText[]): LabelledText[] {
  const out: LabelledText[] = [];
  for (const t of texts) {
    if (t.lang !== 'vi' || t.source !== 'variant') continue;
    const text = chatForm(t.text);
    if (text !== undefined) out.push({ ...t, text });
  }
  return out;
}
