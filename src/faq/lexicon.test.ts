import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ContentFileError } from '../lib/yaml-files.ts';
import { questionFeatures } from './features.ts';
import { buildLexicon, conceptSchema, LexiconError, parseLexicon, type Lexicon } from './lexicon.ts';
import { normalise } from './normalise.ts';

const concept = (c: Record<string, unknown>) => conceptSchema.parse(c);

const lexicon = buildLexicon([
  concept({
    id: 'criminal-record',
    vi: ['lý lịch tư pháp'],
    everyday: ['giấy không tiền án'],
    abbr: ['lltp'],
  }),
  concept({ id: 'land-title', vi: ['sổ đỏ'], en: ['land title'], km: ['ប្លង់ដី'], km_latin: ['plong dei'] }),
]);
/** One one-syllable concept, to check syllable boundaries. */
const short = buildLexicon([concept({ id: 'peace', vi: ['an'] })]);

/** Concepts found in a question, as features.ts sees it: bare syllables and the Khmer text. */
function conceptsOf(lex: Lexicon, text: string): string[] {
  const khmer = (text.match(/[\u1780-\u17ff\u19e0-\u19ff]+/gu) ?? []).join(' ');
  const bare = normalise(text.replace(/[\u1780-\u17ff\u19e0-\u19ff]+/gu, ' ')).tokens.map((t) => t.bare);
  return lex.conceptsIn(bare, khmer);
}

const word = fc.constantFrom(
  'tôi',
  'muốn',
  'hỏi',
  'về',
  'toan',
  'lanh',
  'ở',
  'đâu',
  'ad',
  'ơi',
  'ko',
  'how',
  'do',
  'i',
  '?',
  '!',
  '😀',
  'ខ្ញុំ',
  'ចង់',
  '\u200b',
  '2025',
);
const randomText = fc
  .array(fc.oneof(word, fc.string({ maxLength: 6 })), { maxLength: 12 })
  .map((w) => w.join(' '));

describe('buildLexicon', () => {
  it('finds every way of saying a concept, with or without diacritics and expanded abbreviations', () => {
    expect(conceptsOf(lexicon, 'xin lý lịch tư pháp ở đâu')).toEqual(['criminal-record']);
    expect(conceptsOf(lexicon, 'xin ly lich tu phap o dau')).toEqual(['criminal-record']);
    expect(conceptsOf(lexicon, 'xin lltp')).toEqual(['criminal-record']);
    expect(conceptsOf(lexicon, 'GIẤY KHÔNG TIỀN ÁN làm sao')).toEqual(['criminal-record']);
    expect(conceptsOf(lexicon, 'giay k tien an')).toEqual(['criminal-record']);
    expect(conceptsOf(lexicon, 'how to get a land title')).toEqual(['land-title']);
    expect(conceptsOf(lexicon, 'ធ្វើប្លង់ដីលើកដំបូង')).toEqual(['land-title']);
    expect(conceptsOf(lexicon, 'som plong dei')).toEqual(['land-title']);
  });

  it('counts a concept once per occurrence and finds nothing in unrelated text', () => {
    expect(conceptsOf(lexicon, 'sổ đỏ và sổ đỏ')).toEqual(['land-title', 'land-title']);
    expect(conceptsOf(lexicon, 'giá vàng hôm nay')).toEqual([]);
    expect(conceptsOf(lexicon, '')).toEqual([]);
  });

  it('rejects a form two concepts claim, a form with no words and Khmer in a Latin field', () => {
    const build = (concepts: Record<string, unknown>[]) => () => buildLexicon(concepts.map(concept));
    expect(
      build([
        { id: 'a', vi: ['sổ đỏ'] },
        { id: 'b', vi: ['so do'] },
      ]),
    ).toThrow(/"so do" đã thuộc khái niệm a/);
    expect(build([{ id: 'a', vi: ['?!'] }])).toThrow(LexiconError);
    expect(build([{ id: 'a', vi: ['ប្លង់ដី'] }])).toThrow(/chữ Khmer/);
    expect(build([{ id: 'a', vi: ['x'], km: ['ដី'] }])).toThrow(/quá ngắn/);
    expect(
      build([
        { id: 'a', vi: ['x'] },
        { id: 'a', vi: ['y'] },
      ]),
    ).toThrow(/trùng/);
  });

  it('names the file and the field when a lexicon file is invalid', () => {
    expect(() => parseLexicon('lex.yaml', 'concepts: [{ id: Bad Id, vi: [] }]')).toThrow(ContentFileError);
    try {
      parseLexicon('lex.yaml', 'concepts:\n  - id: a\n    vi: [x]\n    synonyms: [y]\n');
      expect.unreachable();
    } catch (err) {
      expect((err as ContentFileError).file).toBe('lex.yaml');
      expect((err as ContentFileError).problems.join('\n')).toMatch(/synonyms/);
    }
    expect(() => parseLexicon('lex.yaml', 'concepts: [')).toThrow(/lex.yaml/);
  });
});

describe('lexicon matcher properties', () => {
  it('never throws and is deterministic on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(conceptsOf(lexicon, s)).toEqual(conceptsOf(lexicon, s));
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), fc.string(), (bare, khmer) => {
        expect(lexicon.conceptsIn(bare, khmer)).toEqual(lexicon.conceptsIn(bare, khmer));
      }),
    );
  });

  it('finds a phrase wherever it is inserted into random text', () => {
    const phrases = fc.constantFrom(
      ['lý lịch tư pháp', 'criminal-record'],
      ['giay khong tien an', 'criminal-record'],
      ['land title', 'land-title'],
      ['ប្លង់ដី', 'land-title'],
    );
    fc.assert(
      fc.property(randomText, randomText, phrases, (before, after, [phrase, id]) => {
        expect(conceptsOf(lexicon, `${before} ${phrase} ${after}`)).toContain(id);
      }),
    );
  });

  it('matches whole syllables only: "an" is not inside "toan" or "lanh"', () => {
    fc.assert(
      fc.property(randomText, (text) => {
        const found = conceptsOf(short, text).length;
        const syllables = normalise(text.replace(/[\u1780-\u17ff]+/gu, ' ')).tokens.filter(
          (t) => t.bare === 'an',
        );
        expect(found).toBe(syllables.length);
      }),
    );
    expect(conceptsOf(short, 'toàn cầu lành')).toEqual([]);
    expect(conceptsOf(short, 'bình an')).toEqual(['peace']);
  });
});

describe('questionFeatures with a lexicon', () => {
  it('adds one unit-scaled x: group and nothing without a lexicon', () => {
    const bag = questionFeatures('xin giấy không tiền án và sổ đỏ', lexicon);
    const x = [...bag].filter(([k]) => k.startsWith('x:'));
    expect(x.map(([k]) => k).sort()).toEqual(['x:criminal-record', 'x:land-title']);
    expect(x.reduce((s, [, v]) => s + v * v, 0)).toBeCloseTo(1, 9);
    expect([...questionFeatures('xin giấy không tiền án')].some(([k]) => k.startsWith('x:'))).toBe(false);
  });
});
