import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { questionFeatures } from '../../src/faq/features.ts';
import { ContentFileError } from '../../src/lib/yaml-files.ts';

// The concept lexicon is content: it loads with the training corpora (the same object trains the model and scores
// questions), and a broken file stops start-up naming the file, like every other content file.
describe('content/faq-lexicon.yaml', () => {
  const { lexicon } = loadTrainingCorpora({ contentDir: path.resolve('content') });

  it('loads with the training corpora and covers the topics', () => {
    expect(lexicon).toBeDefined();
    expect(lexicon!.ids.length).toBeGreaterThanOrEqual(140);
    expect(lexicon!.forms).toBeGreaterThanOrEqual(2000);
  });

  it('maps everyday, abbreviated, English and Khmer wording to the concept of the standard term', () => {
    const concepts = (q: string) =>
      [...questionFeatures(q, lexicon).keys()].filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
    const standard = concepts('phiếu lý lịch tư pháp');
    expect(standard).toContain('ly-lich-tu-phap');
    for (const q of [
      'xin giấy không tiền án',
      'xin giay khong tien an',
      'lltp',
      'criminal record certificate',
    ])
      expect(concepts(q), q).toContain('ly-lich-tu-phap');
    for (const q of ['đổi bằng lái', 'gplx', 'driving licence', 'ប័ណ្ណបើកបរ'])
      expect(concepts(q), q).toContain('giay-phep-lai-xe');
    for (const q of ['sổ hồng', 'so do', 'land title', 'ប្លង់ដី']) expect(concepts(q), q).toContain('so-do');
    expect(concepts('lãnh lương hưu')).toContain('luong-huu');
    expect(concepts('hs tới đâu rồi ad')).toContain('tra-cuu-ho-so');
    expect(concepts('giá vàng hôm nay')).toEqual([]);
  });

  it('stops the load on an invalid file, naming the file and the problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    const file = path.join(dir, 'faq-lexicon.yaml');
    writeFileSync(file, 'concepts:\n  - id: a\n    vi: [sổ đỏ]\n  - id: b\n    vi: [so do]\n');
    expect(() => loadTrainingCorpora({ contentDir: dir })).toThrow(ContentFileError);
    expect(() => loadTrainingCorpora({ contentDir: dir })).toThrow(file);
    expect(() => loadTrainingCorpora({ contentDir: dir })).toThrow(/đã thuộc khái niệm a/);
  });

  it('is optional: a content folder without it trains without concept features', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    expect(loadTrainingCorpora({ contentDir: dir }).lexicon).toBeUndefined();
  });
});
