/**
 * Answers questions from stdin, one per line: `npm run -s faq:ask -- --json`. Writes exactly one JSON line per input
 * line, {"question","topicId","confidence","suggestions","lang","kind"}, and nothing else on stdout. topicId null = the
 * bot would not answer by itself; kind: answer | suggest (offers the suggestions) | smalltalk | abstain.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.ts';
import { loadTrainingCorpora } from '../src/faq/corpora.ts';
import { TrainedMatcher } from '../src/faq/trained-matcher.ts';

const { values } = parseArgs({
  strict: false,
  options: {
    json: { type: 'boolean', default: true },
    content: { type: 'string', default: process.env.CONTENT_DIR ?? 'content' },
  },
});

const contentDir = path.resolve(String(values.content));
const kb = await loadKnowledgeBase({ contentDir });
const matcher = new TrainedMatcher(kb.topics, loadTrainingCorpora({ contentDir }));
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const question = line.replace(/^\uFEFF/, '');
  const r = matcher.match(question);
  const out = {
    question,
    topicId: r.topicId,
    confidence: r.confidence,
    suggestions: r.suggestions,
    lang: r.lang,
    kind: r.kind,
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(out)}\n`
      : `${r.kind}\t${r.topicId ?? '∅'}\t${r.confidence}\t${question}\n`,
  );
}
