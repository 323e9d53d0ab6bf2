/**
 * Cross-validation only, per topic: which topics the held-out variants miss most and which topic pairs are confused,
 * beside the overall figures under the stored and the refitted parameters. Reads no dev or held-out set, so it is
 * safe to run while deciding on content changes.
 *
 *   npm run -s faq:cv-topics                 # overall figures, weakest 25 topics, worst 15 confused pairs
 *   options: --k 5 --content content --top 25 --pairs 15 --lang vi|en|km --json
 *            --seeds 7,11,13   # also the stored-params figures under other fold shuffles, and their mean: one
 *                              # shuffle moves OOS abstention by about a point, so small content edits need several
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.ts';
import { loadTrainingCorpora } from '../src/faq/corpora.ts';
import { crossValidate, fitParams, summarise, type Summary } from '../src/faq/cross-validation.ts';
import { labelledTexts, OUT_OF_SCOPE_CLASS, SMALLTALK_PREFIX } from '../src/faq/training-data.ts';
import { decide, loadFittedParams, PARAMS_FILE, type FittedParams } from '../src/faq/trained-matcher.ts';
import type { CrossValidation } from '../src/faq/cross-validation.types.ts';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: process.env.CONTENT_DIR ?? 'content' },
    k: { type: 'string', default: '5' },
    top: { type: 'string', default: '25' },
    pairs: { type: 'string', default: '15' },
    lang: { type: 'string' },
    seeds: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const contentDir = path.resolve(values.content);
const kb = await loadKnowledgeBase({ contentDir });
const corpora = loadTrainingCorpora({ contentDir });
const k = Math.max(2, Number(values.k) || 5);
const cv = crossValidate(kb.topics, corpora, { k });
const refit = fitParams(cv, labelledTexts(kb.topics, corpora).length);
const stored = existsSync(fileURLToPath(PARAMS_FILE)) ? loadFittedParams() : refit;

interface TopicRow {
  topic: string;
  total: number;
  right: number;
  rate: number;
  /** Where the misses went: another topic, "∅" (not answered). */
  wrong: Record<string, number>;
}

/** Per-topic answer rate and the topics each one's misses were answered with, under the given parameters. */
function perTopic(run: CrossValidation, params: FittedParams, lang?: string): TopicRow[] {
  const rows = new Map<string, TopicRow>();
  for (const r of run.records) {
    if (r.label === OUT_OF_SCOPE_CLASS || r.label.startsWith(SMALLTALK_PREFIX)) continue;
    if (lang && r.lang !== lang) continue;
    const d = decide(r.raw, run.labels, run.topicCount, params);
    const answered = d.smallTalk === undefined && d.band === 'high' ? run.labels[d.order[0]!] : undefined;
    const row = rows.get(r.label) ?? { topic: r.label, total: 0, right: 0, rate: 0, wrong: {} };
    row.total++;
    if (answered === r.label) row.right++;
    else {
      const to = answered ?? `∅ (top ${run.labels[d.order[0]!]})`;
      row.wrong[to] = (row.wrong[to] ?? 0) + 1;
    }
    rows.set(r.label, row);
  }
  return [...rows.values()].map((r) => ({ ...r, rate: r.right / r.total })).sort((a, b) => a.rate - b.rate);
}

/** Unordered topic pairs by how often either was answered with the other. */
function confusedPairs(rows: TopicRow[]): { pair: string; count: number }[] {
  const pairs = new Map<string, number>();
  for (const row of rows)
    for (const [to, n] of Object.entries(row.wrong)) {
      if (to.startsWith('∅')) continue;
      const key = [row.topic, to].sort().join(' ↔ ');
      pairs.set(key, (pairs.get(key) ?? 0) + n);
    }
  return [...pairs.entries()].map(([pair, count]) => ({ pair, count })).sort((a, b) => b.count - a.count);
}

/** Stored-params figures for each listed fold shuffle, then their mean. */
function bySeed(list: string | undefined) {
  const seeds = (list ?? '')
    .split(',')
    .map(Number)
    .filter(Number.isFinite)
    .filter((n) => n > 0);
  if (seeds.length === 0) return undefined;
  const runs = seeds.map((seed) => ({
    seed,
    ...overall(summarise(crossValidate(kb.topics, corpora, { k, seed }), stored)),
  }));
  const avg = (pick: (r: (typeof runs)[number]) => number | undefined) =>
    runs.reduce((sum, r) => sum + (pick(r) ?? 0), 0) / runs.length;
  const mean = {
    inScope: avg((r) => r.inScope),
    byLanguage: {
      vi: avg((r) => r.byLanguage.vi),
      en: avg((r) => r.byLanguage.en),
      km: avg((r) => r.byLanguage.km),
    },
    abstained: avg((r) => r.abstained),
    smallTalk: avg((r) => r.smallTalk),
  };
  return { runs, mean };
}

const overall = (s: Summary) => ({
  inScope: s.mean.inScope,
  byLanguage: s.mean.byLanguage,
  abstained: s.mean.abstained,
  smallTalk: s.mean.smallTalk,
});
type Overall = ReturnType<typeof overall>;
const rows = perTopic(cv, stored, values.lang);
const figures = {
  texts: cv.records.length,
  negatives: corpora.negatives.length,
  stored: overall(summarise(cv, stored)),
  refit: overall(summarise(cv, refit)),
  bySeed: bySeed(values.seeds),
  weakest: rows.slice(0, Number(values.top)),
  pairs: confusedPairs(rows).slice(0, Number(values.pairs)),
};

if (values.json) console.log(JSON.stringify(figures));
else {
  const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
  const runs = figures.bySeed?.runs.map((r): [string, Overall] => [`seed ${r.seed}`.padEnd(13), r]) ?? [];
  const lines: [string, Overall][] = [
    ['stored params', figures.stored],
    ['refit params ', figures.refit],
    ...runs,
    ...(figures.bySeed ? [['seeds mean   ', figures.bySeed.mean] as [string, Overall]] : []),
  ];
  for (const [name, f] of lines)
    console.log(
      `${name}: in scope ${pct(f.inScope)} (vi ${pct(f.byLanguage.vi)}, en ${pct(f.byLanguage.en)}, km ${pct(f.byLanguage.km)})  OOS abstained ${pct(f.abstained)}  small talk ${pct(f.smallTalk)}`,
    );
  console.log(`\nWeakest topics${values.lang ? ` (${values.lang})` : ''}, stored params:`);
  for (const r of figures.weakest) {
    const wrong = Object.entries(r.wrong)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t}×${n}`)
      .join(', ');
    console.log(
      `  ${pct(r.rate).padStart(6)} ${String(r.right).padStart(3)}/${r.total} ${r.topic}: ${wrong}`,
    );
  }
  console.log('\nMost confused pairs:');
  for (const p of figures.pairs) console.log(`  ${String(p.count).padStart(3)} ${p.pair}`);
}
