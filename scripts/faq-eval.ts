/**
 * Scores the FAQ matcher the way it is judged: k-fold cross-validation over the ways of asking (stratified by topic,
 * mean ± sd over folds), then the development set and, when present, each held-out set (per kind), beside the previous
 * lexical matcher and the two baselines. Nothing here is tuned on the dev or held-out sets: the fitted parameters come
 * from the folds only. --heldout takes a comma-separated list (default: all three held-out sets); a missing file is skipped
 * with a note. In --json, "heldout" stays the first listed set's reports and "heldoutSets" holds every set found.
 *
 *   npm run faq:eval                         # table; fitted parameters from src/faq/fitted-params.json
 *   npm run faq:eval -- --write-params       # refit on the folds and write src/faq/fitted-params.json
 *   npm run -s faq:eval -- --json            # the figures as one JSON object
 *   options: --k 5 --content content --negatives FILE --smalltalk FILE --set FILE --heldout FILE[,FILE…] --no-misses
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.ts';
import { loadTrainingCorpora } from '../src/faq/corpora.ts';
import { FaqMatcher } from '../src/faq/matcher.ts';
import { keywordRulesBaseline, miniSearchBaseline, type TopicPicker } from '../src/faq/baselines.ts';
import { evaluate, readDevSet, SMALLTALK, type EvaluationReport } from '../src/faq/evaluation.ts';
import { crossValidate, fitParams, summarise, type Summary } from '../src/faq/cross-validation.ts';
import { labelledTexts } from '../src/faq/training-data.ts';
import { loadFittedParams, PARAMS_FILE, TrainedMatcher } from '../src/faq/trained-matcher.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'test/faq/dev-set.tsv' },
    heldout: {
      type: 'string',
      default: 'test/faq/heldout.tsv,test/faq/heldout-2.tsv,test/faq/heldout-3.tsv',
    },
    content: { type: 'string', default: process.env.CONTENT_DIR ?? 'content' },
    negatives: { type: 'string' },
    smalltalk: { type: 'string' },
    k: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    'write-params': { type: 'boolean', default: false },
    'no-misses': { type: 'boolean', default: false },
  },
});

const contentDir = path.resolve(values.content);
const kb = await loadKnowledgeBase({ contentDir });
const corpora = loadTrainingCorpora({
  contentDir,
  ...(values.negatives ? { negativesFile: path.resolve(values.negatives) } : {}),
  ...(values.smalltalk ? { smallTalkFile: path.resolve(values.smalltalk) } : {}),
});
const k = Math.max(2, Number(values.k) || 5);
const textCount = labelledTexts(kb.topics, corpora).length;

const cvStarted = performance.now();
const cv = crossValidate(kb.topics, corpora, { k });
const cvMs = performance.now() - cvStarted;
const fitted = fitParams(cv, textCount);
if (values['write-params']) writeFileSync(PARAMS_FILE, `${JSON.stringify(fitted, null, 2)}\n`);
const params =
  values['write-params'] || !existsSync(fileURLToPath(PARAMS_FILE)) ? fitted : loadFittedParams();
const cvSummary = summarise(cv, params);

const buildStarted = performance.now();
const matcher = new TrainedMatcher(kb.topics, corpora, params);
const indexBuildMs = performance.now() - buildStarted;
const lexical = new FaqMatcher(kb.topics);
const pickers: TopicPicker[] = [
  {
    name: 'TrainedMatcher (ours)',
    pick: (q) => {
      const r = matcher.match(q);
      return r.kind === 'smalltalk' ? SMALLTALK : r.topicId;
    },
  },
  { name: 'lexical only (previous)', pick: (q) => lexical.match(q).topicId },
  keywordRulesBaseline(kb.topics),
  miniSearchBaseline(kb.topics),
];
const setReports = async (file: string) =>
  existsSync(path.resolve(file)) ? { file, reports: await scoreSet(file) } : undefined;
async function scoreSet(file: string): Promise<EvaluationReport[]> {
  const set = await readDevSet(path.resolve(file));
  return pickers.map((p) => evaluate(p, set));
}
const dev = await setReports(values.set);
// The held-out sets are read last and only scored: no parameter above depends on them.
const heldoutFiles = values.heldout
  .split(',')
  .map((f) => f.trim())
  .filter(Boolean);
const heldoutSets = await Promise.all(heldoutFiles.map((f) => setReports(f)));
const found = heldoutSets.filter((h) => h !== undefined);
const heldout = heldoutSets[0];

const figures = {
  topics: kb.topics.length,
  texts: textCount,
  negatives: corpora.negatives.length,
  crossValidation: {
    k,
    ms: Math.round(cvMs),
    trainMsPerFold: Math.round(cv.trainMs),
    ...pickFigures(cvSummary),
  },
  params,
  paramsStale: params.fittedOn.texts !== textCount || params.fittedOn.topics !== kb.topics.length,
  indexBuildMs: Math.round(indexBuildMs),
  dev: dev?.reports.map(strip),
  heldout: heldout?.reports.map(strip),
  heldoutSets: found.map((h) => ({ file: h.file, reports: h.reports.map(strip) })),
};

if (values.json) console.log(JSON.stringify(figures));
else {
  printCv(cvSummary);
  if (dev) printTable(`Dev set (${values.set})`, dev.reports);
  heldoutFiles.forEach((file, i) => {
    const h = heldoutSets[i];
    if (h) printTable(`Held-out set (${file})`, h.reports);
    else console.log(`\n(no held-out set at ${file}; skipped)`);
  });
  if (figures.paramsStale)
    console.log('\nNOTE: fitted-params.json was fitted on other content; refit with --write-params.');
  if (!values['no-misses']) {
    for (const h of found) printMisses(h.reports[0]!, h.file);
    if (found.length === 0 && dev) printMisses(dev.reports[0]!, dev.file);
  }
}

function strip({ misses: _m, ...r }: EvaluationReport) {
  return r;
}

function pickFigures(s: Summary) {
  return { mean: s.mean, sd: s.sd };
}

function pct(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '     —' : `${(x * 100).toFixed(1)}%`;
}

function printCv(s: Summary): void {
  const pm = (m: number | undefined, d: number | undefined) => `${pct(m)} ± ${pct(d).trim()}`;
  console.log(
    `${k}-fold cross-validation over ${cv.records.length} held-out texts (${kb.topics.length} topics):`,
  );
  console.log(
    `  in scope top-1 ${pm(s.mean.inScope, s.sd.inScope)}   right topic in 3 suggestions ${pct(s.mean.inTop3)}`,
  );
  for (const l of ['vi', 'en', 'km'] as const)
    if (s.mean.byLanguage[l] !== undefined)
      console.log(`    ${l}: ${pm(s.mean.byLanguage[l], s.sd.byLanguage[l])}`);
  if (s.mean.khmerLatin !== undefined)
    console.log(`    km in Latin letters: ${pm(s.mean.khmerLatin, s.sd.khmerLatin)}`);
  console.log(`  out of scope abstained ${pm(s.mean.abstained, s.sd.abstained)}`);
  console.log(`  small talk recognised ${pm(s.mean.smallTalk, s.sd.smallTalk)}`);
  console.log(`  params: ${JSON.stringify({ ...params, fittedOn: undefined })}`);
  console.log(`  model build ${Math.round(indexBuildMs)} ms, one fold ${Math.round(cv.trainMs)} ms`);
}

function printTable(title: string, rs: EvaluationReport[]): void {
  const kinds = rs[0]!.byKind.map((x) => x.kind);
  console.log(`\n${title}`);
  console.log(['matcher'.padEnd(26), 'in-scope'.padStart(9), ...kinds.map((x) => x.padStart(13))].join(' '));
  for (const r of rs) {
    const cells = kinds.map((x) => pct(r.byKind.find((y) => y.kind === x)?.rate).padStart(13));
    console.log([r.name.padEnd(26), pct(r.inScope.rate).padStart(9), ...cells].join(' '));
  }
  console.log(`(${rs[0]!.byKind.map((x) => `${x.kind}=${x.total}`).join(', ')})`);
}

function printMisses(r: EvaluationReport, file: string): void {
  console.log(`\nMisses of ${r.name} on ${file} (${r.misses.length}):`);
  for (const m of r.misses) {
    const c = matcher.match(m.question);
    console.log(
      `  [${m.kind}] ${m.expected ?? '∅'} → ${m.got ?? '∅'} (${c.kind} ${c.confidence}, top ${c.suggestions.join(',')}): ${m.question}`,
    );
  }
}
