import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts';
import { FaqMatcher } from './matcher.ts';
import { stripDiacritics } from './normalise.ts';

let kb: KnowledgeBase;
let matcher: FaqMatcher;
beforeAll(async () => {
  kb = await loadKnowledgeBase({ contentDir: path.resolve('content') });
  matcher = new FaqMatcher(kb.topics);
});

describe(FaqMatcher.name, () => {
  it('answers every title with its own topic, with and without diacritics', () => {
    for (const t of kb.topics) {
      expect(matcher.match(t.title).suggestions[0], t.title).toBe(t.id);
      expect(matcher.match(stripDiacritics(t.title)).suggestions[0], t.title).toBe(t.id);
    }
  });

  it('answers chat-style questions', () => {
    expect(matcher.match('lam lltp tren vneid sao z').topicId).toBe('vneid-criminal-record');
    expect(matcher.match('quên mk vneid thì lấy lại sao ad').topicId).toBe('vneid-password');
    expect(matcher.match('ddawng kys ddinhj danh muwcs 2 o dau').topicId).toBe('vneid-register');
  });

  // The lexical scorer alone: "kết quả" is the words of a status-tracking variant, so the lottery question is left to
  // the trained matcher's out-of-scope class (test/faq/faq.feature.test.ts asks it through the bot).
  it('abstains on questions about other things', () => {
    for (const q of ['thời tiết mai thế nào', 'ad ơi', 'kkkkk', '😀😀', '', 'hello']) {
      expect(matcher.match(q).topicId, q).toBeNull();
    }
  });

  it('offers suggestions rather than an answer for a one-word question shared by many topics', () => {
    const r = matcher.match('vneid');
    expect(r.topicId).toBeNull();
    expect(r.suggestions.length).toBe(3);
  });

  it('returns a confidence in [0,1], at most three distinct known suggestions, and an answer only when high', () => {
    const ids = new Set(kb.topics.map((t) => t.id));
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (q) => {
        const r = matcher.match(q);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(r.suggestions.length).toBeLessThanOrEqual(3);
        expect(new Set(r.suggestions).size).toBe(r.suggestions.length);
        for (const id of r.suggestions) expect(ids.has(id)).toBe(true);
        expect(r.topicId === null || (r.band === 'high' && r.topicId === r.suggestions[0])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
