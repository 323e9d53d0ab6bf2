import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentFileError } from '../lib/yaml-files.ts';
import { expectedTopicIds } from '../../test/faq/topic-ids.ts';
import {
  isDocFile,
  loadKnowledgeBase,
  loadKnowledgeBaseSync,
  MAX_ANSWER_CHARS,
  MIN_VARIANTS,
  parseTopicFile,
} from './knowledge-base.ts';

const contentDir = path.resolve('content');
const local = { vneid_support: 'Công an xã' };
const file = (front: string, body = 'Trả lời.\n1. Bước một.') => `---\n${front}\n---\n${body}\n`;
const validFront = [
  'id: demo',
  'title: Một chủ đề thử',
  `variants: [${Array.from({ length: 8 }, (_, i) => `"cách hỏi ${i}"`).join(', ')}]`,
  'keywords: [thử]',
  `variants_en: [${Array.from({ length: 5 }, (_, i) => `"way of asking ${i}"`).join(', ')}]`,
  'variants_km: ["សំណួរ ១", "សំណួរ ២", "សំណួរ ៣"]',
  'km_review: needed',
  'sources:\n  - label: Cổng Dịch vụ công quốc gia\n    url: https://dichvucong.gov.vn',
  'reviewed: 2026-11-23',
].join('\n');

describe('documentation files beside the topics', () => {
  it('capitalised file names are documentation, topic ids are not', () => {
    expect(isDocFile('FORMAT.md')).toBe(true);
    expect(isDocFile('SOURCES-CHECKED.md')).toBe(true);
    expect(isDocFile('passport.md')).toBe(false);
    expect(isDocFile('driver-license-renew.md')).toBe(false);
    expect(isDocFile('SOURCES-CHECKED.txt')).toBe(false);
  });
});

describe('knowledge base content', () => {
  it('every content file validates and all topic ids are present exactly', async () => {
    const kb = await loadKnowledgeBase({ contentDir, expectedIds: expectedTopicIds });
    expect(kb.topics.map((t) => t.id).sort()).toEqual([...expectedTopicIds].sort());
    for (const t of kb.topics) {
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      expect(t.variants.length, t.id).toBeGreaterThanOrEqual(8);
      expect(t.variantsEn.length, t.id).toBeGreaterThanOrEqual(5);
      expect(t.variantsKm.length, t.id).toBeGreaterThanOrEqual(3);
      // Khmer text keeps its review mark until a native speaker clears it.
      if (t.translations.km || t.variantsKm.length) expect(t.kmReview, t.id).toBeDefined();
      expect(t.answer.length, t.id).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      expect(t.answer, t.id).not.toMatch(/\{\{/);
      for (const tr of Object.values(t.translations)) expect(tr.answer, t.id).not.toMatch(/\{\{/);
    }
    expect(kb.topics.filter((t) => t.translations.en && t.translations.km).length).toBeGreaterThanOrEqual(15);
  });

  it('loads the same synchronously', async () => {
    const a = await loadKnowledgeBase({ contentDir });
    const b = loadKnowledgeBaseSync({ contentDir });
    expect(b.topics).toEqual(a.topics);
  });
});

describe(parseTopicFile.name, () => {
  it('fills {{local.KEY}} from local.yaml', () => {
    const t = parseTopicFile('demo.md', file(validFront, 'Hỏi {{local.vneid_support}}.'), local);
    expect(t.answer).toBe('Hỏi Công an xã.');
    expect(t.reviewed).toBe('2026-11-23');
  });

  it('rejects an unknown local key, naming it', () => {
    expect(() => parseTopicFile('demo.md', file(validFront, 'Gọi {{local.hotline}}.'), local)).toThrow(
      /local\.hotline/,
    );
  });

  it('rejects an answer longer than 1000 characters after rendering', () => {
    const long = { vneid_support: 'x'.repeat(1000) };
    expect(() =>
      parseTopicFile('demo.md', file(validFront, 'Gọi {{local.vneid_support}} ngay.'), long),
    ).toThrow(/tối đa 1000/);
  });

  it('reads English and Khmer variants and the Khmer review mark; too few of either names the field', () => {
    const t = parseTopicFile('demo.md', file(validFront), local);
    expect(t.variantsEn).toHaveLength(MIN_VARIANTS.en);
    expect(t.variantsKm).toHaveLength(MIN_VARIANTS.km);
    expect(t.kmReview).toBe('needed');
    const fewEn = validFront.replace(/variants_en: .*/, 'variants_en: ["one way"]');
    expect(() => parseTopicFile('demo.md', file(fewEn), local)).toThrow(/variants_en: có 1 .*ít nhất 5/);
    const noKm = validFront.replace(/variants_km: .*\n/, '');
    expect(() => parseTopicFile('demo.md', file(noKm), local)).toThrow(/variants_km: có 0 .*ít nhất 3/);
    const badMark = validFront.replace('km_review: needed', 'km_review: maybe');
    expect(() => parseTopicFile('demo.md', file(badMark), local)).toThrow(/km_review/);
  });

  it('rejects missing sources, too few variants and an id that differs from the file name', () => {
    const noSources = validFront.replace(/sources:[\s\S]*?(?=reviewed)/, 'sources: []\n');
    expect(() => parseTopicFile('demo.md', file(noSources), local)).toThrow(ContentFileError);
    const fewVariants = validFront.replace(/variants: .*/, 'variants: ["a b", "c d"]');
    expect(() => parseTopicFile('demo.md', file(fewVariants), local)).toThrow(/8 cách hỏi/);
    expect(() => parseTopicFile('other.md', file(validFront), local)).toThrow(/không khớp tên tệp/);
  });
});
