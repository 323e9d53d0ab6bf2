import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';
import { stripDiacritics } from './normalise.ts';

const khmerLetter = fc.integer({ min: 0x1780, max: 0x17b3 }).map((c) => String.fromCharCode(c));
const khmerWord = fc.array(khmerLetter, { minLength: 3, maxLength: 12 }).map((cs) => cs.join(''));
const viWords = [
  'làm',
  'thủ',
  'tục',
  'đăng',
  'ký',
  'ở',
  'đâu',
  'giấy',
  'phép',
  'lái',
  'xe',
  'cần',
  'gì',
  'không',
];
const enWords = [
  'how',
  'where',
  'can',
  'i',
  'get',
  'my',
  'passport',
  'online',
  'register',
  'what',
  'need',
  'please',
];
const sentence = (words: string[], min = 3) =>
  fc.array(fc.constantFrom(...words), { minLength: min, maxLength: 12 }).map((ws) => ws.join(' '));

describe(detectLanguage.name, () => {
  it('reads Khmer script as Khmer, with or without spaces and with a few Latin words mixed in', () => {
    fc.assert(
      fc.property(fc.array(khmerWord, { minLength: 2, maxLength: 6 }), fc.boolean(), (ws, spaced) => {
        const text = ws.join(spaced ? ' ' : '');
        expect(detectLanguage(text).lang).toBe('km');
        expect(detectLanguage(`VNeID ${text}`).lang).toBe('km');
      }),
    );
  });

  it('reads Vietnamese as Vietnamese, also once the diacritics are stripped', () => {
    fc.assert(
      fc.property(sentence(viWords), (s) => {
        const r = detectLanguage(s);
        expect(r.lang).toBe('vi');
        expect(detectLanguage(stripDiacritics(s)).lang).toBe('vi');
      }),
    );
  });

  it('reads English sentences as English, confidently when they have several English words', () => {
    fc.assert(
      fc.property(sentence(enWords, 4), (s) => {
        const r = detectLanguage(s);
        expect(r.lang).toBe('en');
        expect(r.mixed).toBe(false);
      }),
    );
    expect(detectLanguage('How can I renew my driving licence online?')).toMatchObject({
      lang: 'en',
      confident: true,
    });
  });

  it('marks Vietnamese with English words as mixed and answers it in Vietnamese', () => {
    const r = detectLanguage('cho em hỏi cách reset password tài khoản vneid');
    expect(r).toMatchObject({ lang: 'vi', mixed: true });
  });

  it('recognises Khmer written in Latin letters', () => {
    expect(detectLanguage('suosdei knhom chong sour pi passport')).toMatchObject({
      lang: 'km',
      khmerLatin: true,
    });
  });

  it('recognises Khmer in Latin letters in its other common romanisations, and not Vietnamese without diacritics', () => {
    for (const q of [
      "kh'nhom tver sombot yang mech",
      'knyom trov aksar ponman thngai',
      'twer chhmuoh thmey ampi',
    ])
      expect(detectLanguage(q), q).toMatchObject({ lang: 'km', khmerLatin: true });
    for (const q of ['lam lai giay to nha o dau', 'ghi ten con vo so', 'som mai co mo cua khong'])
      expect(detectLanguage(q).khmerLatin, q).toBe(false);
  });

  it('never throws, ignores case, and says nothing confident about text without letters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = detectLanguage(s);
        expect(['vi', 'en', 'km']).toContain(r.lang);
        expect(detectLanguage(s.toUpperCase()).lang).toBe(detectLanguage(s.toLowerCase()).lang);
      }),
      { numRuns: 300 },
    );
    for (const s of ['', '😀😀', '123 456', '!!!']) expect(detectLanguage(s).confident, s).toBe(false);
  });
});
