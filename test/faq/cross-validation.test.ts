import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { crossValidate, summarise } from '../../src/faq/cross-validation.ts';
import { labelledTexts } from '../../src/faq/training-data.ts';
import { loadFittedParams } from '../../src/faq/trained-matcher.ts';

const contentDir = path.resolve('content');

// Floors 3 points under the figures measured by `npm run faq:eval` (README, "FAQ"): the same folds (seeded) and the
// committed fitted parameters, so only a real change to the model or the content moves them.
const FLOORS = { inScope: 0.62, vi: 0.75, en: 0.4, km: 0.16, abstained: 0.91, smallTalk: 0.6 };

describe('FAQ matcher, 5-fold cross-validation over the ways of asking', () => {
  const kb = loadKnowledgeBaseSync({ contentDir });
  const corpora = loadTrainingCorpora({ contentDir });
  const params = loadFittedParams();

  it('was calibrated on this knowledge base (refit with `npm run faq:eval -- --write-params`)', () => {
    expect(params.fittedOn.topics).toBe(kb.topics.length);
    const texts = labelledTexts(kb.topics, corpora).length;
    expect(Math.abs(params.fittedOn.texts - texts) / texts).toBeLessThan(0.05);
  });

  it('stays above the measured floors on held-out folds, overall and per language', () => {
    const cv = crossValidate(kb.topics, corpora, { k: 5 });
    const { mean } = summarise(cv, params);
    expect(mean.inScope).toBeGreaterThanOrEqual(FLOORS.inScope);
    expect(mean.byLanguage.vi).toBeGreaterThanOrEqual(FLOORS.vi);
    expect(mean.byLanguage.en).toBeGreaterThanOrEqual(FLOORS.en);
    expect(mean.byLanguage.km).toBeGreaterThanOrEqual(FLOORS.km);
    expect(mean.abstained).toBeGreaterThanOrEqual(FLOORS.abstained);
    expect(mean.smallTalk).toBeGreaterThanOrEqual(FLOORS.smallTalk);
    // Every held-out text is scored once, by the one model that did not train on it.
    expect(new Set(cv.records.map((r) => `${r.fold}:${r.label}:${r.text}`)).size).toBe(cv.records.length);
  }, 120_000);
});
