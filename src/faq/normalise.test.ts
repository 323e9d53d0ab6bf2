import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TOKENS, normalise, scrubPersonalData, stripDiacritics } from './normalise.ts';

const vietnameseText = fc
  .array(
    fc.constantFrom(
      'Đăng',
      'ký',
      'định',
      'danh',
      'mức',
      '2',
      'hòa',
      'hoà',
      'thủy',
      'thuỷ',
      'quý',
      'giữ',
      'gì',
      'được',
      'không',
      'ko',
      'đc',
      'dk',
      'cccd',
      'lltp',
      'z',
      'j',
      'ntn',
      'ad',
      'ơi',
      'đượccc',
      'cachs',
      'hanhf',
      'VNeID',
      '😀',
      '!!',
      '\u200b',
      'A\u0301',
      'ườ',
      'Ư',
      'kh',
      '196',
      '/',
      'KH-UBND',
      'ddawng',
      'kys',
      'sđt',
      '<b>',
      'ស្នើ',
      'lý',
      'kĩ',
      'dzô',
      'zậy',
      'zìa',
      'lm',
      'bjo',
      'ktra',
    ),
    { maxLength: 12 },
  )
  .map((words) => words.join(' '));

describe('normalise', () => {
  it('reads composed and decomposed Unicode alike', () => {
    const nfc = 'Đăng ký định danh điện tử mức 2 ở đâu?'.normalize('NFC');
    expect(normalise(nfc.normalize('NFD'))).toEqual(normalise(nfc));
  });

  it('places tone marks one way (old and new style)', () => {
    expect(normalise('hòa thúy quỳ').text).toBe(normalise('hoà thuý quỳ').text);
    expect(normalise('Hoà Bình').bareText).toBe('hoa binh');
  });

  it('expands chat abbreviations and keeps document numbers readable', () => {
    expect(normalise('lam lltp tren vneid sao z').text).toBe('lam lí lịch tư pháp tren vneid sao vậy');
    expect(normalise('ko đc thì sdt cccd ntn j').bareText).toBe(
      'khong duoc thi so dien thoai can cuoc cong dan nhu the nao gi',
    );
    expect(normalise('đk vneid').bareText).toBe('dang ki vneid');
    expect(normalise('lm lại cccd ở đâu zậy, bjo có').text).toBe(
      'làm lại căn cước công dân ở đâu vậy bao giờ có',
    );
    expect(normalise('dzô vneid ktra hso').bareText).toBe('vao vneid kiem tra ho so');
    expect(normalise('kế hoạch 196/KH-UBND').bareText).toBe('ke hoach 196 ke hoach uy ban nhan dan');
  });

  it('removes repeated letters, telex leftovers, zero-width characters, emoji and punctuation', () => {
    expect(normalise('đượcccc khôngggg!!!').text).toBe('được không');
    expect(normalise('caii cachs hanhf chinhs').bareText).toBe('cai cach hanh chinh');
    expect(normalise('ddawng kys').bareText).toBe('dang ki');
    expect(normalise('đư\u200bợc 😀 <b>vneid</b>').text).toBe('được b vneid b');
    expect(normalise('kkkkk').bareText).toBe('kk'); // laughter: kept apart from the abbreviation "k" (không)
  });

  it('writes lí/lý and kĩ/kỹ one way', () => {
    expect(normalise('lý lịch').text).toBe(normalise('lí lịch').text);
  });

  it('is idempotent on repeated letters that collapse to a one-letter abbreviation', () => {
    for (const s of ['ĖḘ', 'kkkkk', 'ee', 'kk dc', 'ŴÙ', 'wu'])
      expect(normalise(normalise(s).text)).toEqual(normalise(s));
    expect(normalise('kkkkk').text).not.toBe('không'); // laughter is not "không"
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, fc.string({ unit: 'grapheme', maxLength: 40 })), (s) => {
        const once = normalise(s);
        expect(normalise(once.text)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a string and its diacritics-stripped form the same diacritics-free key', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, fc.string({ unit: 'grapheme', maxLength: 40 })), (s) => {
        expect(normalise(stripDiacritics(s)).bareText).toBe(normalise(s).bareText);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = normalise(s);
        expect(typeof r.text).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('bounds its output for huge input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        fc.integer({ min: 500, max: 5000 }),
        (s, n) => {
          const r = normalise(`${s} `.repeat(n));
          expect(r.tokens.length).toBeLessThanOrEqual(MAX_TOKENS);
          expect(r.text.length).toBeLessThanOrEqual(MAX_TOKENS * 25);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('scrubPersonalData', () => {
  it('removes phone and ID numbers and e-mails but keeps short numbers', () => {
    const out = scrubPersonalData('sđt 0912 345 678, cccd 079123456789, mail a.b@x.vn, mức 2 năm 2025');
    expect(out).not.toMatch(/0912|345|079123456789|a\.b@x\.vn/);
    expect(out).toContain('mức 2 năm 2025');
  });
});
