import type { Language } from '../chat/chat.types.ts';
import { stripDiacritics } from './normalise.ts';

/** What language a chat message is written in, as far as its text tells. */
export interface DetectedLanguage {
  /** The language to answer in; 'vi' when the text says nothing either way. */
  lang: Language;
  /** True when the text is clearly in `lang` (enough evidence), so offering a language switch makes sense. */
  confident: boolean;
  /** Vietnamese and English words both present ("cho em hỏi cách reset password vneid"). */
  mixed: boolean;
  /** Khmer written in Latin letters ("som suor", "chhnam"): answered in Khmer, the matcher sees little of it. */
  khmerLatin: boolean;
}

const KHMER = /[\u1780-\u17ff\u19e0-\u19ff]/gu;
const LETTER = /\p{L}/gu;
const VI_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

/**
 * Common English words of citizens' questions. A word that is also a bare Vietnamese syllable ("can", "to", "the",
 * "do", "an", "ban") is left out: it proves nothing when diacritics are missing.
 */
const ENGLISH = new Set(
  (
    'about after am and any apply are as ask at because before birth book by card certificate change child ' +
    'children could did does doing driving for from get getting give going had has have help hello hi how i if ' +
    'into is its just know land language learn licence license like make marriage money much my need ' +
    'new not now number of office officer old online or our out over passport password pay phone please police ' +
    'register registration renew residence results right school see send should some status submit tax tell ' +
    'than thank thanks that their there they this time track understand up us use want was we what when where ' +
    'which who why will with without work would year you your vehicle insurance health social business household ' +
    'permit building house land criminal record account login forgot reset service services public portal fee fees ' +
    'document documents identity citizen national province commune ward cost costs apply applying procedure'
  )
    .split(' ')
    .filter(Boolean),
);

/** Bare syllables that only Vietnamese writes (not English words), used when diacritics are missing. */
const VIETNAMESE = new Set(
  (
    'khong duoc lam nao dau cho hoi toi minh gi sao vay cua va la co nhu nay thi nhe nha oi em anh ' +
    'muon biet giay phep xe dang ky so tai khoan mat khau quen doi cap lai lam sao bao nhieu tien mat ' +
    'dich vu cong truc tuyen cuoc thi khao sat nguoi dan xa phuong tinh thanh o dau duoc khong roi chua ' +
    'voi den trong ngoai sau truoc khi nao giup huong dan thu tuc nop ket qua tra cuu dinh danh dien ' +
    ' cuoc cong dan khai sinh ket hon dat nha bao hiem y te xa hoi thue kinh doanh gia dinh tre em ' +
    'hoc truong nghi huu luong tro cap ne luon nua lam'
  )
    .split(' ')
    .filter(Boolean),
);

/**
 * Latin spellings of common Khmer words (greetings, "I", "want", "ask", "thank you", "name", "about", "do", "how",
 * "question", "need", "how many", "day", "price", "money", "house", "new"…), in the several romanisations people use
 * (there is no standard one: knhom/khnhom/knyom, thveu/tver/twer); none is a bare Vietnamese syllable or English.
 */
const KHMER_LATIN = new Set(
  (
    'suosdei suosdey sousdey susadei sursdey chumreap chumrieb reapsuor orkun arkun akun orkoun arkoun knhom ' +
    'khnhom chhnam chhnaim baong neak tae dae kmean avey yangmech yangmeach thveu tver srok sala suor sorm ' +
    'lok kampuchea phteah bandoul chol ' +
    'knyom khnyom knhum sohm soum chhmuoh chmuoh chhmous chmous chhmouh ampi ompi ampy ompy twer thver tveu ' +
    'thvoeu tvoeu yangmec yongmech yangmaech yang mech meach ort mian samnuor samnour somnuor sombot sambot ' +
    'sombut trov ponman bonman thngai tngai thlai tlai prak pteah avei avai thmey thmei aksar ekasar kanani ' +
    'mnus monus'
  ).split(' '),
);

/**
 * Reads the language from the text alone: Khmer script (U+1780–U+17FF) decides at once; otherwise English and
 * Vietnamese are told apart by diacritics and word lists, and a question with both is `mixed` and answered in the
 * language with more evidence (Vietnamese on a tie: the province's language).
 */
export function detectLanguage(input: string): DetectedLanguage {
  const text = String(input).slice(0, 4000).normalize('NFC').toLowerCase();
  const letters = (text.match(LETTER) ?? []).length;
  const khmer = (text.match(KHMER) ?? []).length;
  if (letters === 0) return { lang: 'vi', confident: false, mixed: false, khmerLatin: false };
  if (khmer / letters >= 0.3) {
    const latin = letters - khmer;
    return { lang: 'km', confident: true, mixed: latin >= 4 && latin / letters > 0.2, khmerLatin: false };
  }
  let en = 0;
  let vi = 0;
  let kmLatin = 0;
  for (const word of text.match(/[\p{L}\p{M}']+/gu) ?? []) {
    if (VI_MARKED.test(word)) {
      vi += 1.5;
      continue;
    }
    const bare = stripDiacritics(word).replace(/'/g, '');
    if (ENGLISH.has(bare)) en += 1;
    else if (VIETNAMESE.has(bare)) vi += 1;
    else if (KHMER_LATIN.has(bare)) kmLatin += 1;
  }
  if (kmLatin >= 2 && kmLatin > en && kmLatin > vi)
    return { lang: 'km', confident: true, mixed: false, khmerLatin: true };
  const mixed = en >= 1 && vi >= 1;
  if (en > vi) return { lang: 'en', confident: en >= 2 && en >= 2 * vi, mixed, khmerLatin: false };
  return { lang: 'vi', confident: vi >= 2, mixed, khmerLatin: false };
}
