// Feature extraction was sped up for issue 16 (cold index build under a second) without changing any output: the
// optimised normaliser, concept lexicon and `questionFeatures` must give exactly what the implementation before the
// speed-up gives (kept in test/faq/reference/), on every training text of the real content and on random text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { questionFeatures } from '../../src/faq/features.ts';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import { buildLexicon, type LexiconConcept } from '../../src/faq/lexicon.ts';
import { normalise, stripDiacritics } from '../../src/faq/normalise.ts';
import { labelledTexts } from '../../src/faq/training-data.ts';
import { questionFeatures as referenceFeatures } from './reference/features.reference.ts';
import {
  buildLexicon as referenceBuildLexicon,
  parseLexicon as referenceParseLexicon,
} from './reference/lexicon.reference.ts';
import {
  normalise as referenceNormalise,
  stripDiacritics as referenceStrip,
} from './reference/normalise.reference.ts';

const contentDir = path.resolve('content');
const lexiconFile = path.join(contentDir, 'faq-lexicon.yaml');
const corpora = loadTrainingCorpora({ contentDir });
const lexicon = corpora.lexicon!;
const referenceLexicon = referenceParseLexicon(lexiconFile, readFileSync(lexiconFile, 'utf8'));
const kb = loadKnowledgeBaseSync({ contentDir });

/** Entries in insertion order (the trainer numbers features in that order), values compared bit for bit. */
function sameBag(text: string): void {
  const ours = [...questionFeatures(text, lexicon)];
  const ref = [...referenceFeatures(text, referenceLexicon)];
  expect(
    ours.map(([k]) => k),
    text,
  ).toEqual(ref.map(([k]) => k));
  ours.forEach(([k, v], i) => {
    if (!Object.is(v, ref[i]![1]))
      expect.fail(`${JSON.stringify(text)}: ${k} = ${v}, reference ${ref[i]![1]}`);
  });
}

function sameNormalised(text: string): void {
  expect(normalise(text), text).toEqual(referenceNormalise(text));
  expect(stripDiacritics(text), text).toBe(referenceStrip(text));
}

/** Pieces of chat text: Vietnamese with and without diacritics (composed and not), chat spellings, Khmer, emoji. */
const piece = fc.constantFrom(
  'Đăng',
  'ký',
  'ĐĂNG KÝ',
  'định',
  'danh',
  'điện tử',
  'mức',
  'hòa',
  'hoà',
  'thủy',
  'thuỷ',
  'quý',
  'quỳ',
  'giữ',
  'gì',
  'được',
  'đượccc',
  'khôngggg',
  'không',
  'ko',
  'đc',
  'dk',
  'đk',
  'du',
  'kh',
  'KH-UBND',
  '196',
  '2025',
  'cccd',
  'lltp',
  'qsdđ',
  'sổ đỏ',
  'so do',
  'land title',
  'z',
  'j',
  'e',
  'ee',
  'kkkkk',
  'ntn',
  'cachs',
  'hanhf',
  'ddawng',
  'kys',
  'hoof',
  'sow',
  'wu',
  'lý',
  'lí',
  'kĩ',
  'kỹ',
  'dzô',
  'zậy',
  'VNeID',
  'How',
  'register',
  'fees',
  'A\u0301',
  'e\u0302\u0301',
  'ườ',
  'Ư',
  'İstanbul',
  'ΣΟΦΟΣ',
  'ß',
  'ﬁ',
  'Å',
  '한국',
  'ស្នើសុំ',
  'ប័ណ្ណបើកបរ',
  'ប្លង់ដី',
  '\u200b',
  '\u200d',
  '\u00ad',
  '😀',
  '👨‍👩‍👧',
  '!!',
  '?',
  '/',
  '<b>',
  '…',
  'a'.repeat(30),
  'ư'.repeat(30),
);
const separator = fc.constantFrom(' ', '', '  ', '\n', ', ', '-', '\u200b');
const chatText = fc
  .array(fc.tuple(piece, separator), { maxLength: 20 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));
/** Any code points, weighted towards the ranges the normaliser treats specially. */
const anyText = fc.string({
  unit: fc
    .oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xc0, max: 0x24f }),
      fc.integer({ min: 0x300, max: 0x36f }),
      fc.integer({ min: 0x1e00, max: 0x1eff }),
      fc.integer({ min: 0x1780, max: 0x17ff }),
      fc.integer({ min: 0x2000, max: 0x206f }),
      fc.integer({ min: 0, max: 0x10ffff }),
    )
    .map((c) => (c >= 0xd800 && c <= 0xdfff ? 'x' : String.fromCodePoint(c))),
  maxLength: 40,
});

describe('optimised feature extraction', () => {
  const texts = [...new Set(labelledTexts(kb.topics, corpora).map((t) => t.text))];

  it('gives every training text of the content exactly the reference features', () => {
    expect(texts.length).toBeGreaterThan(3000);
    // Twice: the second pass meets every cache the first one filled.
    for (let pass = 0; pass < 2; pass++) for (const text of texts) sameBag(text);
  });

  it('normalises every training text, title and keyword exactly as the reference', () => {
    const all = [...texts, ...kb.topics.flatMap((t) => [t.title, ...t.keywords])];
    for (const text of all) sameNormalised(text);
  });

  it('builds a lexicon with the same forms as the reference', () => {
    expect(lexicon.ids).toEqual(referenceLexicon.ids);
    expect(lexicon.forms).toBe(referenceLexicon.forms);
  });

  it('finds the same concepts in the same order when phrases share their first word', () => {
    // One-word and longer phrases of one first word, interleaved in file order, and Khmer forms that overlap.
    const concept = (id: string, vi: string[], km: string[] = []): LexiconConcept => ({
      id,
      vi,
      everyday: [],
      abbr: [],
      en: [],
      km,
      km_latin: [],
    });
    const concepts = [
      concept('a', ['so do', 'so'], ['ប្លង់ដី']),
      concept('b', ['so ho khau', 'ho'], ['ប្លង់']),
      concept('c', ['so do dat', 'ho so'], ['ដីធ្លី']),
      concept('d', ['so ho', 'dat'], ['ធ្លីប្លង់']),
    ];
    const ours = buildLexicon(concepts);
    const ref = referenceBuildLexicon(concepts);
    const word = fc.constantFrom('so', 'do', 'ho', 'khau', 'dat', 'x');
    const khmer = fc
      .array(fc.constantFrom('ប្លង់', 'ដី', 'ធ្លី', 'ក', ' ', '\u200b'), { maxLength: 8 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), khmer, (bare, km) => {
        expect(ours.conceptsIn(bare, km)).toEqual(ref.conceptsIn(bare, km));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference on random chat text', () => {
    fc.assert(
      fc.property(chatText, (text) => {
        sameNormalised(text);
        sameBag(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference on random code points', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        sameNormalised(text);
        sameBag(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on long inputs cut at the limits', () => {
    for (const text of [
      'thủ tục '.repeat(600),
      'ស្នើ'.repeat(300) + ' đăng ký',
      'a'.repeat(5000),
      'Đ'.repeat(700),
    ])
      sameBag(text);
  });
});
