import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { defaultSoftmaxOptions, SoftmaxModel } from './classifier.ts';
import { trainClassifier, type FeatureSource, type TrainingInput } from './classifier-training.ts';

/** A store of trained classifiers by the hash of what they were trained from (`modelKey`). */
export interface ModelCache {
  load(key: string): SoftmaxModel | undefined;
  save(key: string, model: SoftmaxModel): void;
}

/** The cache when there is one, else plain training. */
export function cachedTrain(
  input: TrainingInput,
  aids: { cache?: ModelCache | undefined; features?: FeatureSource; lexiconText?: string | undefined } = {},
): SoftmaxModel {
  const key = aids.cache ? modelKey(input, aids.lexiconText) : null;
  const hit = key === null ? undefined : aids.cache!.load(key);
  if (hit) return hit;
  const model = trainClassifier(input, aids.features);
  if (key !== null) aids.cache!.save(key, model);
  return model;
}

const SOURCE_ROOT = new URL('./classifier-training.ts', import.meta.url);
let fingerprint: string | null | undefined;

/**
 * Hash of the source of the trainer and of every module it imports (features, normalisation…), read once: a change
 * to how texts become features retrains instead of loading a model of the old features. Null (no cache) when the
 * sources cannot be read, as in a bundle.
 */
function codeFingerprint(): string | null {
  if (fingerprint !== undefined) return fingerprint;
  try {
    const hash = createHash('sha256');
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      hash.update(url.pathname.split('/').pop()!).update(source);
      for (const m of source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)) visit(new URL(m[1]!, url));
    };
    visit(SOURCE_ROOT);
    fingerprint = hash.digest('hex');
  } catch {
    fingerprint = null;
  }
  return fingerprint;
}

/**
 * Everything the trained weights depend on: the code, the settings, the classes, every text in order and the concept
 * lexicon, given as its file's text (a lexicon without it: no key, the model is not cached).
 */
export function modelKey(input: TrainingInput, lexiconText?: string): string | null {
  const code = codeFingerprint();
  if (code === null || (input.lexicon && lexiconText === undefined)) return null;
  const hash = createHash('sha256')
    .update(code)
    .update(input.lexicon ? `lexicon\u0000${lexiconText}\u0000` : 'no lexicon\u0000')
    .update(JSON.stringify({ ...defaultSoftmaxOptions, ...input.options }))
    .update(JSON.stringify(input.labels));
  for (const t of input.texts) hash.update(`${t.label}\u0000${t.text}\u0001`);
  return hash.digest('hex');
}

const MAGIC = 'FAQM1';
const PREFIX = 'faq-model-';

/**
 * One file per model in `dir`: a JSON header (key, class count, vocabulary) then the Float32 weights and biases as
 * stored in memory. Only the newest model is kept. A file that cannot be read or does not match is a miss, never an
 * error: the cache only saves time.
 */
export function fileModelCache(dir: string, logger?: Logger): ModelCache {
  const fileOf = (key: string) => path.join(dir, `${PREFIX}${key.slice(0, 32)}.bin`);
  return {
    load(key) {
      try {
        const buf = readFileSync(fileOf(key));
        const headerLength = buf.readUInt32LE(MAGIC.length);
        const headerStart = MAGIC.length + 4;
        if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
        const header = JSON.parse(buf.toString('utf8', headerStart, headerStart + headerLength)) as {
          key: string;
          classCount: number;
          vocab: string[];
        };
        if (header.key !== key) return undefined;
        const floats = header.vocab.length * header.classCount + header.classCount;
        const body = padded(headerStart + headerLength);
        if (buf.length !== body + floats * 4) return undefined;
        // A copy: the file buffer's offset need not be 4-aligned for a Float32Array view.
        const data = new Float32Array(buf.buffer.slice(buf.byteOffset + body, buf.byteOffset + buf.length));
        const weights = data.subarray(0, floats - header.classCount);
        return SoftmaxModel.fromParts({
          classCount: header.classCount,
          vocab: header.vocab,
          weights,
          bias: data.slice(floats - header.classCount),
        });
      } catch {
        return undefined;
      }
    },
    save(key, model) {
      try {
        const parts = model.toParts();
        const header = Buffer.from(
          JSON.stringify({ key, classCount: parts.classCount, vocab: parts.vocab }),
          'utf8',
        );
        const head = Buffer.alloc(padded(MAGIC.length + 4 + header.length));
        head.write(MAGIC, 0, 'latin1');
        head.writeUInt32LE(header.length, MAGIC.length);
        header.copy(head, MAGIC.length + 4);
        mkdirSync(dir, { recursive: true });
        const file = fileOf(key);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([head, bytes(parts.weights), bytes(parts.bias)]));
        // Rename: another instance sharing the directory never reads a half-written file.
        renameSync(tmp, file);
        for (const f of readdirSync(dir))
          if (f.startsWith(PREFIX) && f.endsWith('.bin') && path.join(dir, f) !== file)
            rmSync(path.join(dir, f), { force: true });
      } catch (err) {
        logger?.warn({ err, dir }, 'faq model cache not written; the next start trains again');
      }
    },
  };
}

function padded(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
