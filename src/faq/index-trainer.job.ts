import { parentPort, workerData } from 'node:worker_threads';
import { FeatureCache, type TrainingInput } from './classifier-training.ts';
import { readLexiconText, type TrainerReply } from './index-trainer.ts';
import { parseLexicon } from './lexicon.ts';
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

parentPort!.on('message', ({ id, input }: { id: number; input: TrainingInput }) => {
  let reply: TrainerReply;
  try {
    const parts = cachedTrain(
      { ...input, ...(lexicon ? { lexicon } : {}) },
      { cache, features: features.get, lexiconText },
    ).toParts();
    features.sweep();
    parentPort!.postMessage({ id, parts } satisfies TrainerReply, [
      parts.weights.buffer as ArrayBuffer,
      parts.bias.buffer as ArrayBuffer,
    ]);
    return;
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
