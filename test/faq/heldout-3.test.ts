import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.ts';
import { OUT_OF_SCOPE, readDevSet, SMALLTALK } from '../../src/faq/evaluation.ts';

// Form only: this test never scores the matcher on the set (see test/faq/heldout-3.README.md: never tune on it).
const FILE = path.resolve('test/faq/heldout-3.tsv');
const OTHER_SETS = ['test/faq/heldout.tsv', 'test/faq/heldout-2.tsv'].map((f) => path.resolve(f));
const VIETNAMESE = ['diacritics', 'no-diacritics', 'typo', 'abbreviation'];
const KINDS = [...VIETNAMESE, 'english', 'khmer', 'khmer-latin', 'mixed', OUT_OF_SCOPE, SMALLTALK];
const KHMER = /[\u1780-\u17FF]/;

const text = readFileSync(FILE, 'utf8');
const lines = text.split('\n').filter((l) => l !== '');
const rows = lines.slice(1).map((l) => l.split('\t'));
const key = (q: string) => q.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

describe('held-out set 3 is well-formed', () => {
  it('is NFC UTF-8 with the question / topicId / kind header and exactly 3 columns a row', async () => {
    expect(text.normalize('NFC') === text).toBe(true);
    expect(text.includes('\r')).toBe(false);
    expect(lines[0]).toBe('question\ttopicId\tkind');
    expect(rows.filter((r) => r.length !== 3).map((r) => r.join(' | '))).toEqual([]);
    expect(rows.filter(([q]) => !q || q !== q.trim()).length).toBe(0);
    expect((await readDevSet(FILE)).length).toBe(rows.length);
  });

  it('uses only known kinds, with out-of-scope unlabelled and small talk labelled smalltalk', () => {
    expect(rows.filter(([, , k]) => !KINDS.includes(k!)).map(([q]) => q)).toEqual([]);
    for (const [q, t, k] of rows) {
      if (k === OUT_OF_SCOPE) expect(t, q).toBe('');
      else if (k === SMALLTALK) expect(t, q).toBe(SMALLTALK);
      else expect(t === '' || t === SMALLTALK, q).toBe(false);
    }
  });

  it('labels in-scope rows with topic ids of the knowledge base, each topic with 5–7 Vietnamese rows and an English one', async () => {
    const kb = await loadKnowledgeBase({ contentDir: path.resolve('content') });
    const inScope = rows.filter(([, , k]) => k !== OUT_OF_SCOPE && k !== SMALLTALK);
    expect(inScope.filter(([, t]) => !kb.byId.has(t!)).map(([q, t]) => `${t}: ${q}`)).toEqual([]);
    const count = (kinds: string[], id: string) =>
      inScope.filter(([, t, k]) => t === id && kinds.includes(k!)).length;
    expect(kb.topics.filter((t) => count(VIETNAMESE, t.id) < 5).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(VIETNAMESE, t.id) > 7).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(['no-diacritics'], t.id) < 1).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(['typo', 'abbreviation'], t.id) < 1).map((t) => t.id)).toEqual([]);
    expect(kb.topics.filter((t) => count(['english'], t.id) < 1).map((t) => t.id)).toEqual([]);
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

  it('shares no question with the earlier held-out sets (compared here, never read by the author)', () => {
    const mine = new Set(rows.map(([q]) => key(q!)));
    const shared: string[] = [];
    for (const file of OTHER_SETS.filter((f) => existsSync(f))) {
      const others = readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .filter((l) => l !== '');
      for (const line of others) {
        const q = key(line.split('\t')[0]!);
        if (mine.has(q)) shared.push(`${path.basename(file)}: ${q}`);
      }
    }
    expect(shared).toEqual([]);
  });

  it('keeps the size of every kind near the brief', () => {
    const n = (kind: string) => rows.filter(([, , k]) => k === kind).length;
    expect(rows.length).toBeGreaterThanOrEqual(600);
    expect(n('english')).toBeGreaterThanOrEqual(67);
    expect(n('khmer')).toBeGreaterThanOrEqual(45);
    expect(n('khmer-latin')).toBeGreaterThanOrEqual(15);
    expect(n('mixed')).toBeGreaterThanOrEqual(20);
    expect(n(OUT_OF_SCOPE)).toBeGreaterThanOrEqual(130);
    expect(n(SMALLTALK)).toBeGreaterThanOrEqual(50);
  });
});
