import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { FeatureCache, type TrainingInput } from './classifier-training.ts';
import { readLexiconText, type TrainerReply } from './index-trainer.ts';
import { parseLexicon } from './lexicon.ts';
import type { FaqTopic } from './knowledge-base.ts';
import { FaqMatcher } from './matcher.ts';
import { cachedTrain, fileModelCache } from './model-cache.ts';

/**
 * The FAQ training worker's job loop: one training input in, the model's parts out (weights transferred, not copied).
 * Features of the texts stay cached between jobs: a rebuild after one topic changed recomputes only that topic's.
 */
const { cacheDir, lexiconFile } = workerData as { cacheDir?: string; lexiconFile?: string };
const cache = cacheDir ? fileModelCache(cacheDir) : undefined;
// Read once, as the main thread read it at start-up: content files change with a restart, not under a running one.
const lexiconText = readLexiconText(lexiconFile);
const lexicon = lexiconText === undefined ? undefined : parseLexicon(lexiconFile!, lexiconText);
const features = new FeatureCache(lexicon);

/** The lexical index over the topics as bytes (copied, not transferred: a Buffer may share its memory), or undefined (the main thread then builds it) if it cannot be sent. */
function lexicalBytes(topics: FaqTopic[] | undefined): Uint8Array | undefined {
  if (!topics) return undefined;
  try {
    return serialize(new FaqMatcher(topics));
  } catch {
    return undefined;
  }
}

type Job = { id: number; input: TrainingInput; topics?: FaqTopic[] };

parentPort!.on('message', ({ id, input, topics }: Job) => {
  let reply: TrainerReply;
  try {
    const parts = cachedTrain(
      { ...input, ...(lexicon ? { lexicon } : {}) },
      { cache, features: features.get, lexiconText },
    ).toParts();
    features.sweep();
    const lexical = lexicalBytes(topics);
    parentPort!.postMessage({ id, parts, ...(lexical ? { lexical } : {}) } satisfies TrainerReply, [
      parts.weights.buffer as ArrayBuffer,
      parts.bias.buffer as ArrayBuffer,
    ]);
    return;
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
