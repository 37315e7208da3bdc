import { InvalidArgumentError } from '../errors/error-kinds.js';

/**
 * The complete, JSON-serialisable state of an {@link Rng}. Restoring it with
 * `createRng({ state })` continues the exact same stream.
 *
 * @example
 * ```ts
 * const state: RngState = createRng({ seed: 1 }).getState();
 * ```
 */
export interface RngState {
  /** Always `xoshiro128**`. */
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit state words. */
  readonly words: readonly [number, number, number, number];
}

/**
 * A seeded pseudo-random generator (xoshiro128**). Every random choice in
 * `@fewshot/*` goes through one of these, passed in explicitly, so that the
 * same seed gives the same result.
 *
 * @example
 * ```ts
 * const rng = createRng({ seed: 42 });
 * const u = rng.float();          // in [0, 1)
 * const k = rng.integer(5);       // in {0, ..., 4}
 * const z = rng.normal();         // standard normal
 * const saved = rng.getState();   // JSON-serialisable
 * ```
 */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number;
  /** A uniform integer in [0, `exclusiveMax`); unbiased for `exclusiveMax` up to 2^32. */
  integer(exclusiveMax: number): number;
  /** A standard normal sample (Box–Muller). */
  normal(): number;
  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T;
  /** A new array with the elements in uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one (advances this generator). */
  fork(label?: string): Rng;
  /** The full state, to save and later restore with `createRng({ state })`. */
  getState(): RngState;
}

/**
 * Options of {@link createRng}: either a seed or a saved state.
 *
 * @example
 * ```ts
 * const fromSeed: CreateRngOptions = { seed: 7 };
 * const fromState: CreateRngOptions = { state: createRng({ seed: 7 }).getState() };
 * ```
 */
export type CreateRngOptions =
  | {
      /** A safe integer or a string; equal seeds give equal streams. */
      readonly seed: number | string;
      /** Not allowed together with `seed`: pass either a seed or a saved state. */
      readonly state?: never;
    }
  | {
      /** A state saved with {@link Rng.getState}. */
      readonly state: RngState;
      /** Not allowed together with `state`: pass either a seed or a saved state. */
      readonly seed?: never;
    };

function splitMix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function seedToWord(functionName: string, seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'seed',
      message: `expected a safe integer or a string, got ${String(seed)}`,
    });
  }
  const low = seed % 0x100000000;
  const high = Math.floor(seed / 0x100000000);
  return (splitMix32(low | 0) ^ splitMix32((high ^ 0x5bd1e995) | 0)) >>> 0;
}

function wordsFromSeedWord(seedWord: number): [number, number, number, number] {
  const words: [number, number, number, number] = [0, 0, 0, 0];
  let x = seedWord;
  for (let i = 0; i < 4; i += 1) {
    x = (x + 0x6d2b79f5) | 0;
    words[i] = splitMix32(x);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}

function validateState(state: RngState): [number, number, number, number] {
  const words = state?.words;
  const valid =
    state?.algorithm === 'xoshiro128**' &&
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffffffff) &&
    words.some((word) => word !== 0);
  if (!valid) {
    throw new InvalidArgumentError({
      functionName: 'createRng',
      argument: 'state',
      message: `expected { algorithm: 'xoshiro128**', words: four non-all-zero uint32 }, got ${JSON.stringify(state)}`,
    });
  }
  return [words[0], words[1], words[2], words[3]];
}

/**
 * Derives a seed from a base seed and a label, so that independent parts of an
 * experiment (sub-supernet 3, worker 2, repeat 1) get independent, reproducible
 * streams regardless of the order in which they run.
 *
 * @example
 * ```ts
 * const seed = deriveSeed({ seed: 1, label: 'sub-supernet/3' });
 * const rng = createRng({ seed });
 * ```
 */
export function deriveSeed(options: {
  /** The base seed: a safe integer or a string. */
  readonly seed: number | string;
  /** Names the independent part, e.g. `sub-supernet/3`; different labels give unrelated seeds. */
  readonly label: string;
}): number {
  const base = seedToWord('deriveSeed', options.seed);
  return splitMix32(base ^ splitMix32(hashString(options.label)));
}

/**
 * Creates a seeded generator, or restores one from a saved state.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const rng = createRng({ seed: 2021 });
 * const order = rng.shuffle([0, 1, 2, 3]);
 * const copy = createRng({ state: rng.getState() });
 * copy.float() === rng.float(); // true
 * ```
 */
export function createRng(options: CreateRngOptions): Rng {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({
      functionName: 'createRng',
      argument: 'options',
      message: `expected { seed } or { state }, got ${String(options)}`,
    });
  }
  const words =
    options.state !== undefined
      ? validateState(options.state)
      : wordsFromSeedWord(seedToWord('createRng', options.seed as number | string));
  let [s0, s1, s2, s3] = words;

  const uint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };

  const float = (): number => {
    const high = uint32() >>> 5;
    const low = uint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  };

  const integer = (exclusiveMax: number): number => {
    if (!Number.isSafeInteger(exclusiveMax) || exclusiveMax < 1) {
      throw new InvalidArgumentError({
        functionName: 'Rng.integer',
        argument: 'exclusiveMax',
        message: `expected a positive safe integer, got ${String(exclusiveMax)}`,
      });
    }
    if (exclusiveMax > 0x100000000) return Math.floor(float() * exclusiveMax);
    const limit = 0x100000000 - (0x100000000 % exclusiveMax);
    let value = uint32();
    while (value >= limit) value = uint32();
    return value % exclusiveMax;
  };

  const rng: Rng = {
    uint32,
    float,
    integer,
    normal: () => {
      const u1 = 1 - float();
      const u2 = float();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    choice: <T>(items: readonly T[]): T => {
      if (!Array.isArray(items) || items.length === 0) {
        throw new InvalidArgumentError({
          functionName: 'Rng.choice',
          argument: 'items',
          message: 'expected a non-empty array',
        });
      }
      return items[integer(items.length)] as T;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const result = [...items];
      for (let i = result.length - 1; i > 0; i -= 1) {
        const j = integer(i + 1);
        const temporary = result[i] as T;
        result[i] = result[j] as T;
        result[j] = temporary;
      }
      return result;
    },
    fork: (label = '') => {
      const seedWord = (uint32() ^ splitMix32(hashString(label))) >>> 0;
      const forked = wordsFromSeedWord(seedWord);
      forked[1] = (forked[1] ^ uint32()) >>> 0;
      if ((forked[0] | forked[1] | forked[2] | forked[3]) === 0) forked[0] = 1;
      return createRng({ state: { algorithm: 'xoshiro128**', words: forked } });
    },
    getState: () => ({ algorithm: 'xoshiro128**', words: [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0] }),
  };
  return rng;
}

function rotateLeft(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}
