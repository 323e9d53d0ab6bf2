import { asc, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { TrainingCorpora } from './corpora.ts';
import { createFaqService, type FaqService } from './faq.service.ts';
import { faqTaughtExamples } from './faq.schema.ts';
import { publishedContents, readIndexVersion } from './kb.repository.ts';
import type { FaqTopic } from './knowledge-base.ts';
import { renderTopic } from './topic-content.ts';
import { unansweredKey } from './unanswered.repository.ts';
import { TrainedMatcher, type FittedParams } from './trained-matcher.ts';
import { inlineTrainer, type IndexTrainer } from './index-trainer.ts';

export interface LiveFaq {
  /** Always the newest index built; the chat and /api/faq read through it. */
  service: FaqService;
  /** Rebuilds when the database's index version moved; resolves true when a new index took over. */
  refresh(): Promise<boolean>;
  /** The index version the current index was built from (null: the content/faq files, before the first poll). */
  builtVersion(): number | null;
  lastBuildMs(): number;
  stop(): Promise<void>;
}

/** Same order as the file loader (file names sorted), so the classifier trains identically on the same topics. */
const byFileName = (a: { id: string }, b: { id: string }) => {
  const x = `${a.id}.md`;
  const y = `${b.id}.md`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The FAQ index, kept current on every instance: the `faq-index-poll` job (faq.module.ts) reads one row (the index version, bumped by every publish and
 * teach) and, when it moved, reads the published topics and taught negatives and builds a new matcher while the old
 * one keeps answering (its classifier trained on a worker thread, see index-trainer.ts); the swap is one assignment,
 * and a build that fails leaves the old index in place. Nothing else is kept in memory between polls.
 */
export function createLiveFaq(deps: {
  db: Db;
  logger: Logger;
  initial: FaqService;
  corpora: TrainingCorpora;
  local: () => Record<string, string>;
  params?: FittedParams;
  /** Trains for the first build, at start-up, before the instance answers anything: default on this thread. */
  startupTrainer?: IndexTrainer;
  /** Trains for every later build, while the old index answers: default on this thread (tests, scripts). */
  trainer?: IndexTrainer;
}): LiveFaq {
  const startupTrainer = deps.startupTrainer ?? inlineTrainer();
  const trainer = deps.trainer ?? startupTrainer;
  let current = deps.initial;
  let built: number | null = null;
  let buildMs = 0;
  let declined = new Set<string>();
  let running: Promise<boolean> | undefined;
  let stopped = false;

  async function rebuild(): Promise<boolean> {
    const version = await readIndexVersion(deps.db);
    if (version === null || version === built) return false;
    const rows = await publishedContents(deps.db);
    if (rows.length === 0) {
      built = version;
      return false;
    }
    const taught = await deps.db
      .select({ text: faqTaughtExamples.text, lang: faqTaughtExamples.lang })
      .from(faqTaughtExamples)
      .where(eq(faqTaughtExamples.kind, 'negative'))
      .orderBy(asc(faqTaughtExamples.id));
    const local = deps.local();
    const topics: FaqTopic[] = [];
    const ids = new Set(rows.map((r) => r.id));
    for (const r of rows.sort(byFileName)) {
      const { topic, problems } = renderTopic(r.id, r.content, r.reviewed ?? '', local);
      // A related topic not published yet is left out of the buttons, not a reason to drop this one.
      topic.related = topic.related.filter((x) => ids.has(x));
      if (problems.length) deps.logger.warn({ topic: r.id, problems }, 'faq topic rendered with problems');
      topics.push(topic);
    }
    // A question staff marked out of scope is declined as asked, whatever the model makes of it: one negative
    // example among hundreds does not always move a question out of the suggestion band.
    const nextDeclined = new Set(taught.map((n) => unansweredKey(n.text)).filter(Boolean));
    const corpora: TrainingCorpora = {
      ...deps.corpora,
      negatives: [...deps.corpora.negatives, ...taught.map((n) => ({ ...n, category: 'taught' }))],
    };
    const started = performance.now();
    // Training, the long part, runs where the trainer runs it (a worker thread after start-up, which builds the
    // lexical index too); until the swap below the old index answers.
    const using = built === null ? startupTrainer : trainer;
    const input = TrainedMatcher.trainingInput(topics, corpora);
    // The worker builds the lexical index too, when it can: then only unpacking it runs here.
    const aids = using.build ? await using.build(input, topics) : { model: await using.train(input) };
    // Unpacking the worker's reply was one task; building the service is the next, so chats get a turn between them.
    if (using.build) await new Promise((resolve) => setImmediate(resolve));
    const next = createFaqService(
      { topics, byId: new Map(topics.map((t) => [t.id, t])) },
      corpora,
      deps.params,
      aids,
    );
    buildMs = performance.now() - started;
    current = next;
    declined = nextDeclined;
    built = version;
    deps.logger.info(
      {
        indexVersion: version,
        topics: topics.length,
        taughtNegatives: taught.length,
        indexBuildMs: Math.round(buildMs),
      },
      'faq index rebuilt',
    );
    return true;
  }

  function refresh(): Promise<boolean> {
    if (stopped) return Promise.resolve(false);
    // One build at a time per instance; a caller during a build waits for it.
    running ??= rebuild()
      .catch((err: unknown) => {
        deps.logger.error({ err }, 'faq index rebuild failed; the previous index keeps answering');
        return false;
      })
      .finally(() => (running = undefined));
    return running;
  }

  const service: FaqService = {
    get kb() {
      return current.kb;
    },
    get corpora() {
      return current.corpora;
    },
    get matcher() {
      return current.matcher;
    },
    get indexBuildMs() {
      return current.indexBuildMs;
    },
    match: (q) => {
      const r = current.match(q);
      if (r.kind === 'smalltalk' || declined.size === 0 || !declined.has(unansweredKey(q))) return r;
      return { ...r, kind: 'abstain', topicId: null, suggestions: [] };
    },
    topicForPayload: (t) => current.topicForPayload(t),
    search: (q, l, n) => current.search(q, l, n),
    titleOf: (t, l) => current.titleOf(t, l),
  };
  return {
    service,
    refresh,
    builtVersion: () => built,
    lastBuildMs: () => buildMs,
    async stop() {
      stopped = true;
      // A build in progress reads the database: let it finish before the caller closes it. Stopping the trainers
      // first ends a training in a worker at once (the build then fails and keeps the old index).
      await Promise.all([trainer.stop(), startupTrainer.stop()]);
      await running;
    },
  };
}
