/**
 * Scores the FAQ matcher and two baselines on the development set: top-1 accuracy in scope, per kind, and the share of
 * out-of-scope questions left unanswered. Usage: npm run faq:eval [-- --set test/faq/dev-set.tsv] [-- --json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.ts';
import { FaqMatcher } from '../src/faq/matcher.ts';
import { keywordRulesBaseline, miniSearchBaseline, type TopicPicker } from '../src/faq/baselines.ts';
import { evaluate, readDevSet, type EvaluationReport } from '../src/faq/evaluation.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'test/faq/dev-set.tsv' },
    content: { type: 'string', default: process.env.CONTENT_DIR ?? 'content' },
    json: { type: 'boolean', default: false },
    'no-misses': { type: 'boolean', default: false },
  },
});

const kb = await loadKnowledgeBase({ contentDir: path.resolve(values.content) });
const set = await readDevSet(path.resolve(values.set));
const matcher = new FaqMatcher(kb.topics);
const ours: TopicPicker = { name: 'FaqMatcher (ours)', pick: (q) => matcher.match(q).topicId };
const reports = [ours, keywordRulesBaseline(kb.topics), miniSearchBaseline(kb.topics)].map((p) =>
  evaluate(p, set),
);

if (values.json) {
  console.log(JSON.stringify(reports.map(({ misses: _m, ...r }) => r)));
} else {
  printTable(reports);
  if (!values['no-misses']) printMisses(reports[0]!);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`.padStart(7);
}

function printTable(rs: EvaluationReport[]): void {
  const kinds = rs[0]!.byKind.map((k) => k.kind).filter((k) => k !== 'out-of-scope');
  console.log(`Dev set: ${set.length} questions, knowledge base: ${kb.topics.length} topics\n`);
  const head = [
    'matcher'.padEnd(28),
    'in-scope'.padStart(8),
    ...kinds.map((k) => k.padStart(13)),
    'OOS abstain'.padStart(12),
  ];
  console.log(head.join(' '));
  for (const r of rs) {
    const cells = kinds.map((k) => pct(r.byKind.find((x) => x.kind === k)?.rate ?? 0).padStart(13));
    console.log(
      [
        r.name.padEnd(28),
        pct(r.inScope.rate).padStart(8),
        ...cells,
        pct(r.abstention.rate).padStart(12),
      ].join(' '),
    );
  }
  const n = rs[0]!.byKind.map((k) => `${k.kind}=${k.total}`).join(', ');
  console.log(`\n(${n})`);
}

function printMisses(r: EvaluationReport): void {
  console.log(`\nMisses of ${r.name} (${r.misses.length}):`);
  for (const m of r.misses) {
    const c = matcher.match(m.question);
    console.log(
      `  [${m.kind}] ${m.expected ?? '∅'} → ${m.got ?? '∅'} (conf ${c.confidence}, top ${c.suggestions.join(',')}): ${m.question}`,
    );
  }
}
