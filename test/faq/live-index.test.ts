import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { faqTopics } from '../../src/faq/faq.schema.ts';
import { createFaqService } from '../../src/faq/faq.service.ts';
import { inlineTrainer, workerTrainer, type IndexTrainer } from '../../src/faq/index-trainer.ts';
import { contentContext } from '../../src/faq/kb.content-context.ts';
import { bumpIndexVersion } from '../../src/faq/kb.repository.ts';
import { seedKnowledgeBase } from '../../src/faq/kb.seed.ts';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import { createLiveFaq, type LiveFaq } from '../../src/faq/live-index.ts';
import { TrainedMatcher } from '../../src/faq/trained-matcher.ts';
import { FaqMatcher } from '../../src/faq/matcher.ts';
import { readDevSet } from '../../src/faq/evaluation.ts';
import type { Database } from '../../src/db/client.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { createLogger } from '../../src/logger.ts';
import { CapturedLogs } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

const corpora = loadTrainingCorpora({ contentDir: 'content' });
const kb = loadKnowledgeBaseSync({ contentDir: 'content' });
const content = contentContext('content', createI18n('content'));
const TOPIC = 'birth-registration';
const lexiconFile = 'content/faq-lexicon.yaml';
const question = kb.byId.get(TOPIC)!.variants[0]!;
const mentions = (r: { topicId: string | null; suggestions: string[] }) =>
  r.topicId === TOPIC || r.suggestions.includes(TOPIC);

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedKnowledgeBase(database.db, 'content');
}, 120_000);
afterAll(() => database.close());

/** A live index over the test database whose rebuilds train with `trainer`; the start-up build trains inline. */
async function liveIndex(trainer: IndexTrainer, logs = new CapturedLogs()): Promise<LiveFaq> {
  const live = createLiveFaq({
    db: database.db,
    logger: createLogger('info', logs),
    initial: createFaqService({ topics: [], byId: new Map() }, corpora),
    corpora,
    local: content.local,
    startupTrainer: inlineTrainer(),
    trainer,
  });
  expect(await live.refresh()).toBe(true);
  return live;
}

/** Takes the topic out of the published knowledge base, as an unpublish would, and moves the index version. */
async function unpublish(id: string, published: number | null = null) {
  await database.db.update(faqTopics).set({ publishedVersion: published }).where(eq(faqTopics.id, id));
  await bumpIndexVersion(database.db, new Date());
}

describe('the live FAQ index, rebuilt on a worker thread', () => {
  it('trains in the worker the same classifier as on this thread', async () => {
    const worker = workerTrainer({ lexiconFile });
    try {
      const input = TrainedMatcher.trainingInput(kb.topics, corpora);
      const [there, here] = [await worker.train(input), await inlineTrainer().train(input)];
      const { questionFeatures } = await import('../../src/faq/features.ts');
      for (const q of [question, 'giá vàng hôm nay', 'how do I register a birth', 'xin chào']) {
        const bag = questionFeatures(q);
        expect(Array.from(there.probabilities(bag)), q).toEqual(Array.from(here.probabilities(bag)));
      }
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('builds in the worker the same lexical index as on this thread: same decision on every dev-set question', async () => {
    const worker = workerTrainer({ lexiconFile });
    try {
      const input = TrainedMatcher.trainingInput(kb.topics, corpora);
      const built = await worker.build!(input, kb.topics);
      expect(built.lexical).toBeDefined();
      const there = new TrainedMatcher(kb.topics, corpora, undefined, built);
      const here = new TrainedMatcher(kb.topics, corpora, undefined, { model: built.model });
      const dev = await readDevSet(path.resolve('test/faq/dev-set.tsv'));
      expect(dev.length).toBeGreaterThan(100);
      const lexicalHere = new FaqMatcher(kb.topics);
      for (const { question: q } of dev) {
        expect(built.lexical!.match(q), q).toEqual(lexicalHere.match(q));
        expect(there.match(q), q).toEqual(here.match(q));
      }
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('keeps answering with the old index while the new one trains, then swaps', async () => {
    const worker = workerTrainer({ lexiconFile });
    // Ticks of a 5-ms timer and the answers given on them while the worker trains: a training on this thread
    // would let none run before it ends.
    const during: { topicId: string | null; suggestions: string[] }[] = [];
    const ref: { live?: LiveFaq } = {};
    const observed: IndexTrainer = {
      train(input) {
        const training = worker.train(input);
        const timer = setInterval(() => during.push(ref.live!.service.match(question)), 5);
        return training.finally(() => clearInterval(timer));
      },
      stop: () => worker.stop(),
    };
    const live = (ref.live = await liveIndex(observed));
    try {
      expect(mentions(live.service.match(question))).toBe(true);
      await unpublish(TOPIC);
      const rebuilt = live.refresh();
      // Asked right after the rebuild started: the old index answers.
      expect(mentions(live.service.match(question))).toBe(true);
      expect(await rebuilt).toBe(true);
      expect(during.length).toBeGreaterThanOrEqual(3);
      expect(during.every(mentions)).toBe(true);
      // The new index no longer knows the topic.
      expect(live.service.kb.byId.has(TOPIC)).toBe(false);
      expect(mentions(live.service.match(question))).toBe(false);
    } finally {
      await live.stop();
      await unpublish(TOPIC, 1);
    }
  }, 120_000);

  it('keeps the old index and logs an error when a build fails', async () => {
    const logs = new CapturedLogs();
    // A worker that cannot start: what a crash or an out-of-memory worker looks like from here.
    const broken = workerTrainer({ lexiconFile, script: new URL('./no-such-worker.mjs', import.meta.url) });
    const live = await liveIndex(broken, logs);
    try {
      const version = live.builtVersion();
      await unpublish(TOPIC);
      expect(await live.refresh()).toBe(false);
      expect(live.builtVersion()).toBe(version);
      expect(live.service.kb.byId.has(TOPIC)).toBe(true);
      expect(mentions(live.service.match(question))).toBe(true);
      expect(logs.lines.some((l) => l.level === 50 && /rebuild failed/.test(String(l.msg)))).toBe(true);
    } finally {
      await live.stop();
      await unpublish(TOPIC, 1);
    }
  }, 120_000);
});
