import { existsSync, readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { SoftmaxModel, type SoftmaxParts } from './classifier.ts';
import { FeatureCache, type TrainingInput } from './classifier-training.ts';
import { cachedTrain, fileModelCache } from './model-cache.ts';
import type { FaqTopic } from './knowledge-base.ts';
import { FaqMatcher } from './matcher.ts';

/** Trains the FAQ classifier for an index build; the live index awaits it while the old index keeps answering. */
export interface IndexTrainer {
  train(input: TrainingInput): Promise<SoftmaxModel>;
  /**
   * Trains and builds the lexical index over `topics` where the training runs (the worker): a rebuild then stalls
   * the event loop only to unpack the index. `lexical` undefined: build it here. Absent: `train` and build it here.
   */
  build?(input: TrainingInput, topics: FaqTopic[]): Promise<{ model: SoftmaxModel; lexical?: FaqMatcher }>;
  /** Ends any thread it runs; a training still running is rejected. */
  stop(): Promise<void>;
}

export interface TrainerOptions {
  /** Where trained models are kept between restarts (see model-cache.ts); none: always train. */
  cacheDir?: string | undefined;
  /**
   * The concept lexicon's file (content/faq-lexicon.yaml), when the corpora have one: a worker builds its lexicon
   * from it (a built one cannot cross threads), and its text keys the model cache.
   */
  lexiconFile?: string | undefined;
  logger?: Logger;
}

export function readLexiconText(file: string | undefined): string | undefined {
  return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Training on the calling thread: the start-up build, which answers nothing yet, and scripts. The features of the
 * texts stay cached between builds.
 */
export function inlineTrainer(opts: TrainerOptions = {}): IndexTrainer {
  let features: FeatureCache | undefined;
  const cache = opts.cacheDir ? fileModelCache(opts.cacheDir, opts.logger) : undefined;
  return {
    async train(input) {
      if (!features || features.lexicon !== input.lexicon) features = new FeatureCache(input.lexicon);
      const memo = features;
      const lexiconText = cache ? readLexiconText(opts.lexiconFile) : undefined;
      const model = cachedTrain(input, { cache, features: memo.get, lexiconText });
      memo.sweep();
      return model;
    },
    async stop() {},
  };
}

/** What the worker thread posts back for one job: the lexical index too when asked, as `v8.serialize` bytes. */
export type TrainerReply =
  { id: number; parts: SoftmaxParts; lexical?: Uint8Array } | { id: number; error: string };

/**
 * The lexical index from the worker's bytes: its fields (plain maps and arrays) back under FaqMatcher's methods.
 * Undefined when they cannot be read; the caller then builds the index itself.
 */
export function lexicalFromBytes(bytes: Uint8Array | undefined): FaqMatcher | undefined {
  if (!bytes) return undefined;
  try {
    const fields = deserialize(bytes) as object;
    const matcher = Object.setPrototypeOf(fields, FaqMatcher.prototype) as FaqMatcher;
    // A field the bytes cannot carry (a #private one, say) fails here, not on a citizen's question.
    matcher.match('thủ tục cấp căn cước');
    return matcher;
  } catch {
    return undefined;
  }
}

/** The worker's entry: a plain module that registers tsx, since a worker thread does not inherit tsx's loader. */
const WORKER_SCRIPT = new URL('./index-trainer.worker.mjs', import.meta.url);
/** A worker left idle this long is ended; staff publishing several topics in a row reuse one warm worker. */
const IDLE_MS = 60_000;

/**
 * Training on a worker thread, so a rebuild after a publish never stops the instance from answering: a 1-s build on
 * the main thread was a 1-s pause of every chat and every request. One worker at a time, started on first use, ended
 * after IDLE_MS idle; it keeps the texts' features between jobs. A worker that fails or dies rejects the jobs it had.
 */
export function workerTrainer(opts: TrainerOptions & { script?: URL } = {}): IndexTrainer {
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 0;
  type Built = { model: SoftmaxModel; lexical?: FaqMatcher };
  const pending = new Map<number, { resolve: (b: Built) => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const job of pending.values()) job.reject(err);
    pending.clear();
  };

  function start(): Worker {
    const w = new Worker(opts.script ?? WORKER_SCRIPT, {
      workerData: { cacheDir: opts.cacheDir, lexiconFile: opts.lexiconFile },
    });
    w.on('message', (reply: TrainerReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if ('error' in reply) job.reject(new Error(`faq classifier training failed: ${reply.error}`));
      else {
        const lexical = lexicalFromBytes(reply.lexical);
        job.resolve({ model: SoftmaxModel.fromParts(reply.parts), ...(lexical ? { lexical } : {}) });
      }
      if (pending.size === 0) goIdle(w);
    });
    w.on('error', (err) => {
      if (worker === w) worker = undefined;
      failAll(err);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`faq training worker exited (code ${code})`));
    });
    return w;
  }

  function goIdle(w: Worker): void {
    // An idle worker must not hold the process open, nor its memory for long.
    w.unref();
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (worker === w) worker = undefined;
      void w.terminate();
    }, IDLE_MS).unref();
  }

  function build(input: TrainingInput, topics?: FaqTopic[]): Promise<Built> {
    // Trained without the lexicon, the model would not know the concept features the questions are scored with.
    if (input.lexicon && !opts.lexiconFile)
      return Promise.reject(new Error('faq training worker: the corpora have a lexicon but no lexicon file'));
    clearTimeout(idle);
    const w = (worker ??= start());
    w.ref();
    const id = nextId++;
    return new Promise<Built>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // The lexicon stays here: the worker has its own, built from the same file.
      const { lexicon: _lexicon, ...plain } = input;
      w.postMessage({ id, input: plain, ...(topics ? { topics } : {}) });
    });
  }

  return {
    train: async (input) => (await build(input)).model,
    build,
    async stop() {
      clearTimeout(idle);
      const w = worker;
      worker = undefined;
      failAll(new Error('faq training worker stopped'));
      await w?.terminate();
    },
  };
}
