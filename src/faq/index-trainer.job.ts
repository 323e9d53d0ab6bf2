import { parentPort, workerData } from 'node:worker_threads';
import { FeatureCache, type TrainingInput } from './classifier-training.ts';
import type { TrainerReply } from './index-trainer.ts';
import { cachedTrain, fileModelCache } from './model-cache.ts';

/**
 * The FAQ training worker's job loop: one training input in, the model's parts out (weights transferred, not copied).
 * Features of the texts stay cached between jobs: a rebuild after one topic changed recomputes only that topic's.
 */
const { cacheDir } = workerData as { cacheDir?: string };
const cache = cacheDir ? fileModelCache(cacheDir) : undefined;
const features = new FeatureCache();

parentPort!.on('message', ({ id, input }: { id: number; input: TrainingInput }) => {
  let reply: TrainerReply;
  try {
    const parts = cachedTrain(input, { cache, features: features.get }).toParts();
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
