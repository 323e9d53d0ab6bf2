/**
 * The trainer's hot loop, the scores of one row (bias + Σ weight × value over the row's features, for every class),
 * as a small WebAssembly function with SIMD: two classes per instruction and no bounds checks, about 2× the
 * JavaScript loop. Every operation is the f64 one JavaScript makes (f32 values promoted exactly, one multiply and one
 * add per term, terms added in the row's order), so the scores, and the weights trained from them, are the same to
 * the last bit (classifier-wasm.test.ts). Source: classifier-wasm.wat (features four at a time, then one at a time),
 * compiled with wabt's wat2wasm (`npx -p wabt wat2wasm --enable-simd`); the bytes are embedded so nothing is read.
 */
const ROW_SCORES_WASM =
  'AGFzbQEAAAABDAFgCH9/f39/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcNAQlyb3dTY29yZXMAAAqEBQGBBQgHfwF7AX8BewF/AXsBfwF7IAdBfnFBAnQhCUEAIQgCQANAIAggCU8NASAAIAhBAXRqIAEgCGr9XQMA/V/9CwQAIAhBCGohCAwACwsgB0EBcQRAIAAgCUEBdGogASAJaioCALs5AwALIAUhCgJAA0AgCkEEaiAGSg0BIAMgCkECdGohDCAEIApBAnRqIQ0gAiAMKAIAQQJ0aiEOIA0qAgC7/RQhDyACIAwoAgRBAnRqIRAgDSoCBLv9FCERIAIgDCgCCEECdGohEiANKgIIu/0UIRMgAiAMKAIMQQJ0aiEUIA0qAgy7/RQhFUEAIQgCQANAIAggCU8NASAAIAhBAXRqIQsgCyAL/QAEACAOIAhq/V0DAP1fIA/98gH98AEgECAIav1dAwD9XyAR/fIB/fABIBIgCGr9XQMA/V8gE/3yAf3wASAUIAhq/V0DAP1fIBX98gH98AH9CwQAIAhBCGohCAwACwsgB0EBcQRAIAAgCUEBdGohCyALIAsrAwAgDiAJaioCALsgD/0hAKKgIBAgCWoqAgC7IBH9IQCioCASIAlqKgIAuyAT/SEAoqAgFCAJaioCALsgFf0hAKKgOQMACyAKQQRqIQoMAAsLAkADQCAKQQFqIAZKDQEgAyAKQQJ0aiEMIAQgCkECdGohDSACIAwoAgBBAnRqIQ4gDSoCALv9FCEPQQAhCAJAA0AgCCAJTw0BIAAgCEEBdGohCyALIAv9AAQAIA4gCGr9XQMA/V8gD/3yAf3wAf0LBAAgCEEIaiEIDAALCyAHQQFxBEAgACAJQQF0aiELIAsgCysDACAOIAlqKgIAuyAP/SEAoqA5AwALIApBAWohCgwACwsL';

/** The weights, biases, scores and rows in one WebAssembly memory, which the JavaScript update writes in place. */
export interface TrainingSpace {
  weights: Float32Array;
  bias: Float32Array;
  scores: Float64Array;
  offset: Int32Array;
  value: Float32Array;
  /** scores = bias + the row's features' weighted terms, for the row's features from..to. */
  rowScores(from: number, to: number): void;
}

/** The few WebAssembly constructors used here (the project's TypeScript libraries declare only its types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function rowScoresModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = new wasm!.Module(Buffer.from(ROW_SCORES_WASM, 'base64'));
  } catch {
    compiled = null; // no WebAssembly SIMD here: the JavaScript loop does the same arithmetic
  }
  return compiled;
}

const align = (n: number) => Math.ceil(n / 16) * 16;

/**
 * A space for `features` weight rows of `classCount` classes and `nnz` row entries, or null when WebAssembly SIMD
 * is not available (or the space would not fit in one memory).
 */
export function wasmTrainingSpace(classCount: number, features: number, nnz: number): TrainingSpace | null {
  const module = rowScoresModule();
  const c = classCount;
  const scoresAt = 0;
  const biasAt = align(scoresAt + 8 * c);
  const offsetAt = align(biasAt + 4 * c);
  const valueAt = align(offsetAt + 4 * nnz);
  const weightsAt = align(valueAt + 4 * nnz);
  const bytes = weightsAt + 4 * features * c;
  if (!module || bytes > 2 ** 31) return null;
  const memory = new wasm!.Memory({ initial: Math.ceil(bytes / 65536) });
  const rowScores = new wasm!.Instance(module, { env: { memory } }).exports.rowScores as (
    ...args: number[]
  ) => void;
  const buffer = memory.buffer;
  return {
    scores: new Float64Array(buffer, scoresAt, c),
    bias: new Float32Array(buffer, biasAt, c),
    offset: new Int32Array(buffer, offsetAt, nnz),
    value: new Float32Array(buffer, valueAt, nnz),
    weights: new Float32Array(buffer, weightsAt, features * c),
    rowScores: (from, to) => rowScores(scoresAt, biasAt, weightsAt, offsetAt, valueAt, from, to, c),
  };
}
