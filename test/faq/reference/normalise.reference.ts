// Reference copy of the implementation before issue 16's feature-extraction speed-up (src/faq/normalise.ts): the
// equivalence test (test/faq/features-equivalence.test.ts) checks the optimised code gives exactly its outputs. Do not edit.
/**
 * Vietnamese text normalisation for matching citizens' chat questions.
 *
 * Every token has two forms: `tone` (lower-case NFC with diacritics, tone mark placed one canonical way) and `bare`
 * (no diacritics, đ→d). The bare form of a token depends only on the token's own letters stripped of marks (and on its
 * neighbours' bare forms), so a question typed without diacritics gets exactly the same bare tokens as the same
 * question typed with them.
 */

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

/** Removes every diacritic (tone and vowel shape), maps đ→d, keeps everything else; NFC out. */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/**
 * Chat abbreviations keyed by bare form. Only keys that are not the bare form of an ordinary Vietnamese word, so
 * "hỏng" (broken) is never read as "không" and the bare key stays a function of the stripped token.
 */
const ABBREVIATIONS: Record<string, string> = {
  ko: 'không',
  k: 'không',
  kg: 'không',
  hok: 'không',
  hk: 'không',
  khum: 'không',
  hem: 'không',
  khong: 'không',
  dc: 'được',
  dk: 'đăng ký',
  dky: 'đăng ký',
  mk: 'mật khẩu',
  pass: 'mật khẩu',
  password: 'mật khẩu',
  tk: 'tài khoản',
  cccd: 'căn cước công dân',
  cmnd: 'chứng minh nhân dân',
  cmt: 'chứng minh nhân dân',
  lltp: 'lý lịch tư pháp',
  dvc: 'dịch vụ công',
  dvctt: 'dịch vụ công trực tuyến',
  dvcqg: 'dịch vụ công quốc gia',
  bhyt: 'bảo hiểm y tế',
  bhxh: 'bảo hiểm xã hội',
  sdt: 'số điện thoại',
  dt: 'điện thoại',
  dthoai: 'điện thoại',
  gplx: 'giấy phép lái xe',
  gpxd: 'giấy phép xây dựng',
  gpkd: 'giấy phép kinh doanh',
  dkkd: 'đăng ký kinh doanh',
  gcn: 'giấy chứng nhận',
  qsdd: 'quyền sử dụng đất',
  z: 'vậy',
  v: 'vậy',
  dzay: 'vậy',
  j: 'gì',
  ntn: 'như thế nào',
  tthc: 'thủ tục hành chính',
  hs: 'hồ sơ',
  cchc: 'cải cách hành chính',
  cds: 'chuyển đổi số',
  ubnd: 'ủy ban nhân dân',
  hdnd: 'hội đồng nhân dân',
  hkd: 'hộ kinh doanh',
  cty: 'công ty',
  dn: 'doanh nghiệp',
  kq: 'kết quả',
  cb: 'cán bộ',
  cq: 'cơ quan',
  bn: 'bao nhiêu',
  bnhieu: 'bao nhiêu',
  ng: 'người',
  trc: 'trước',
  ms: 'mới',
  r: 'rồi',
  e: 'em',
  mik: 'mình',
  mjk: 'mình',
  mn: 'mọi người',
  vs: 'với',
  wa: 'qua',
  bik: 'biết',
  hc: 'hành chính',
  ktx: 'không',
  nd: 'nội dung',
  cks: 'chữ ký số',
  ks: 'khai sinh',
  kd: 'kinh doanh',
  xn: 'xác nhận',
  gp: 'giấy phép',
  vh: 'văn hoá',
  cns: 'công nghệ số',
  qg: 'quốc gia',
  dddt: 'định danh điện tử',
  ddt: 'định danh điện tử',
  cn: 'chủ nhật',
  t2: 'thứ hai',
  t3: 'thứ ba',
  t4: 'thứ tư',
  t5: 'thứ năm',
  t6: 'thứ sáu',
  t7: 'thứ bảy',
  bp: 'bộ phận',
  ttpvhcc: 'trung tâm phục vụ hành chính công',
  cf: 'cà phê',
  gd: 'giao dịch',
  tt: 'thông tin',
  ttin: 'thông tin',
  dki: 'đăng ký',
  online: 'trực tuyến',
  onl: 'trực tuyến',
  app: 'ứng dụng',
  // Southern and chat spellings; z is no Vietnamese onset, so none of these is an ordinary word stripped of marks.
  zay: 'vậy',
  zi: 'vậy',
  dzi: 'vậy',
  zo: 'vào',
  dzo: 'vào',
  zia: 'về',
  dzia: 'về',
  lm: 'làm',
  bg: 'bây giờ',
  bjo: 'bao giờ',
  bgio: 'bao giờ',
  ktra: 'kiểm tra',
  tgian: 'thời gian',
  hso: 'hồ sơ',
  ngta: 'người ta',
  mng: 'mọi người',
  stk: 'số tài khoản',
  kb: 'không biết',
  shk: 'sổ hộ khẩu',
  ntnao: 'như thế nào',
  vnied: 'vneid',
  vneld: 'vneid',
  vnid: 'vneid',
};

/** "kh" is "không" in chat but "kế hoạch" in document numbers and before a year or "cchc" (e.g. "196/KH-UBND"). */
function expandKh(prev: string | undefined, next: string | undefined): string {
  const planContext = (t: string | undefined) =>
    t !== undefined && (/^\d/.test(t) || ['cchc', 'ubnd', 'chc'].includes(t));
  return planContext(prev) || planContext(next) ? 'kế hoạch' : 'không';
}

/** "đk" is "đăng ký" except after "đủ"/"có" where it means "điều kiện". */
function expandDk(prev: string | undefined): string {
  return prev === 'du' ? 'điều kiện' : 'đăng ký';
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
  if (bare.length < 2 || !/^[a-z]+$/.test(bare) || SYLLABLE.test(bare)) return bare;
  let s = bare.replace(/^dd/, 'd');
  if (/[sfrxj]$/.test(s) && s.length > 2) s = s.slice(0, -1);
  s = s.replace(/([aeo])\1/g, '$1').replace(/([aou])w/g, '$1');
  for (const guess of [s, s.replace(/w/g, 'u'), s.replace(/w/g, '')])
    if (SYLLABLE.test(guess)) return unifyFinalY(guess);
  return bare;
}

/** "lí"/"lý", "kĩ"/"kỹ", "qui"/"quy": both spellings are in use; a final y after a consonant is written i here. */
function unifyFinalY(s: string): string {
  return s.replace(
    /^([bcdđghklmnprstvx]|qu)([yýỳỷỹỵ])$/u,
    (_m, onset: string, y: string) => onset + Y_TO_I[y]!,
  );
}
const Y_TO_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };

/** "đượccc", "khôngggg": a letter repeated is emphasis, never Vietnamese spelling (except numbers). */
function collapseRepeats(s: string): string {
  return s.replace(/(\p{L})\1+/gu, '$1');
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
    else if (/\p{M}/u.test(ch)) continue;
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
  if (/^[a-z0-9]+$/.test(raw)) return raw;
  return memo(bareCache, raw, () => stripDiacritics(raw).replace(/\p{M}/gu, ''));
}

function toneOf(raw: string): string {
  if (/^[a-z0-9]+$/.test(raw)) return unifyFinalY(collapseRepeats(raw));
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
    raws.push(Array.from(m[0]).slice(0, MAX_TOKEN_CHARS).join(''));
  }
  const bares = raws.map(toBare);
  const tokens: Token[] = [];
  for (let i = 0; i < raws.length && tokens.length < MAX_TOKENS; i++) {
    const stripped = bares[i]!;
    if (!stripped) continue;
    const bare = unifyFinalY(collapseRepeats(stripped));
    // Abbreviations like "cccd", "lltp" repeat letters on purpose: look them up before collapsing repeats.
    // A one-letter result of collapsing ("kkkkk" laughter) is not the abbreviation "k".
    const expansion =
      expand(stripped, bares[i - 1], bares[i + 1]) ??
      (bare.length > 1 ? expand(bare, bares[i - 1], bares[i + 1]) : undefined);
    if (!expansion && bare.length === 1 && stripped.length > 1 && expand(bare, undefined, undefined)) {
      // Kept as two letters: written back as one ("e"), it would expand ("em") on the next pass.
      tokens.push({ tone: bare + bare, bare: bare + bare });
      continue;
    }
    if (expansion) {
      for (const word of expansion.split(' ')) {
        tokens.push({ tone: toneOf(word), bare: unifyFinalY(collapseRepeats(stripDiacritics(word))) });
      }
      continue;
    }
    // Decoding telex can leave a repeat ("wu" → "uu"): collapse again so the result normalises to itself.
    const fixed = unifyFinalY(collapseRepeats(decodeTelex(bare)));
    const tone = fixed !== bare ? fixed : toneOf(raws[i]!);
    tokens.push({ tone: tone === fixed || LETTERS_ONLY.test(tone) ? tone : fixed, bare: fixed });
  }
  tokens.length = Math.min(tokens.length, MAX_TOKENS);
  return {
    tokens,
    text: tokens.map((t) => t.tone).join(' '),
    bareText: tokens.map((t) => t.bare).join(' '),
  };
}

function expand(bare: string, prev: string | undefined, next: string | undefined): string | undefined {
  if (bare === 'kh') return expandKh(prev, next);
  if (bare === 'dk') return expandDk(prev);
  return Object.hasOwn(ABBREVIATIONS, bare) ? ABBREVIATIONS[bare] : undefined;
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
