import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.ts';
import { OUT_OF_SCOPE, readDevSet, SMALLTALK } from '../../src/faq/evaluation.ts';

// Form only: these tests never score the matcher on the sets (each set's README: never tune on it).
const VIETNAMESE = ['diacritics', 'no-diacritics', 'typo', 'abbreviation'];
const KINDS = [...VIETNAMESE, 'english', 'khmer', 'khmer-latin', 'mixed', OUT_OF_SCOPE, SMALLTALK];
const KHMER = /[\u1780-\u17FF]/;
const key = (q: string) => q.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

interface HeldOutSet {
  file: string;
  /** Vietnamese rows per topic the brief asked for. */
  vietnamesePerTopic: [min: number, max: number];
  /** Each topic also has a no-diacritics row and a typo or abbreviation row. */
  everyNoisyKind: boolean;
  /** Rows of each kind at least, as the brief asked. */
  atLeast: Record<string, number>;
  /** Earlier sets it must share no question with (compared here; the author never read them). */
  disjointFrom: string[];
}

const SETS: HeldOutSet[] = [
  {
    file: 'test/faq/heldout-2.tsv',
    vietnamesePerTopic: [5, Infinity],
    everyNoisyKind: false,
    atLeast: { all: 650, diacritics: 140, [OUT_OF_SCOPE]: 130, [SMALLTALK]: 45, khmer: 45 },
    disjointFrom: [], // written before the check existed; it shares a few short rows with set 1
  },
  {
    file: 'test/faq/heldout-3.tsv',
    vietnamesePerTopic: [5, 7],
    everyNoisyKind: true,
    atLeast: {
      all: 600,
      english: 67,
      khmer: 45,
      'khmer-latin': 15,
      mixed: 20,
      [OUT_OF_SCOPE]: 130,
      [SMALLTALK]: 50,
    },
    disjointFrom: ['test/faq/heldout.tsv', 'test/faq/heldout-2.tsv'],
  },
];

const linesOf = (file: string) =>
  readFileSync(path.resolve(file), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const rowsOf = (file: string) =>
  linesOf(file)
    .slice(1)
    .map((l) => l.split('\t'));

describe.each(SETS)('held-out set $file is well-formed', (set) => {
  const file = path.resolve(set.file);
  const text = readFileSync(file, 'utf8');
  const lines = linesOf(set.file);
  const rows = rowsOf(set.file);

  it('is NFC UTF-8 with the question / topicId / kind header and exactly 3 columns a row', async () => {
    expect(text.normalize('NFC') === text).toBe(true);
    expect(text.includes('\r')).toBe(false);
    expect(lines[0]).toBe('question\ttopicId\tkind');
    expect(rows.filter((r) => r.length !== 3).map((r) => r.join(' | '))).toEqual([]);
    expect(rows.filter(([q]) => !q || q !== q.trim()).length).toBe(0);
    expect((await readDevSet(file)).length).toBe(rows.length);
  });

  it('uses only known kinds, with out-of-scope unlabelled and small talk labelled smalltalk', () => {
    expect(rows.filter(([, , k]) => !KINDS.includes(k!)).map(([q]) => q)).toEqual([]);
    const mislabelled = rows.filter(([, t, k]) =>
      k === OUT_OF_SCOPE ? t !== '' : k === SMALLTALK ? t !== SMALLTALK : t === '' || t === SMALLTALK,
    );
    expect(mislabelled.map(([q]) => q)).toEqual([]);
  });

  it('labels in-scope rows with topic ids of the knowledge base, and covers every topic as the brief asked', async () => {
    const kb = await loadKnowledgeBase({ contentDir: path.resolve('content') });
    const inScope = rows.filter(([, , k]) => k !== OUT_OF_SCOPE && k !== SMALLTALK);
    expect(inScope.filter(([, t]) => !kb.byId.has(t!)).map(([q, t]) => `${t}: ${q}`)).toEqual([]);
    const count = (kinds: string[], id: string) =>
      inScope.filter(([, t, k]) => t === id && kinds.includes(k!)).length;
    const [min, max] = set.vietnamesePerTopic;
    expect(kb.topics.filter((t) => count(VIETNAMESE, t.id) < min).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(VIETNAMESE, t.id) > max).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(['english'], t.id) < 1).map((t) => t.id)).toEqual([]);
    if (set.everyNoisyKind) {
      expect(kb.topics.filter((t) => count(['no-diacritics'], t.id) < 1).map((t) => t.id)).toEqual([]);
      expect(kb.topics.filter((t) => count(['typo', 'abbreviation'], t.id) < 1).map((t) => t.id)).toEqual([]);
    }
  });

  it('has no duplicate questions, ASCII-only no-diacritics rows and Khmer script where it says so', () => {
    const seen = new Map<string, number>();
    for (const [q] of rows) seen.set(key(q!), (seen.get(key(q!)) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([q]) => q)).toEqual([]);
    const of = (kind: string) => rows.filter(([, , k]) => k === kind).map(([q]) => q!);
    expect(of('no-diacritics').filter((q) => !/^[\x20-\x7E]+$/.test(q))).toEqual([]);
    expect(of('khmer').filter((q) => !KHMER.test(q))).toEqual([]);
    expect(of('khmer-latin').filter((q) => KHMER.test(q))).toEqual([]);
    expect(of('diacritics').filter((q) => /^[\x20-\x7E]+$/.test(q))).toEqual([]);
  });

  it('keeps the size of every kind near the brief', () => {
    const n = (kind: string) => (kind === 'all' ? rows.length : rows.filter(([, , k]) => k === kind).length);
    for (const [kind, least] of Object.entries(set.atLeast))
      expect(n(kind), kind).toBeGreaterThanOrEqual(least);
  });
});

describe.each(SETS.filter((s) => s.disjointFrom.length > 0))('held-out set $file', (set) => {
  it('shares no question with the earlier held-out sets', () => {
    const mine = new Set(rowsOf(set.file).map(([q]) => key(q!)));
    const shared: string[] = [];
    for (const other of set.disjointFrom.map((f) => path.resolve(f)).filter((f) => existsSync(f))) {
      for (const [question] of rowsOf(other)) {
        const q = key(question!);
        if (mine.has(q)) shared.push(`${path.basename(other)}: ${q}`);
      }
    }
    expect(shared).toEqual([]);
  });
});
