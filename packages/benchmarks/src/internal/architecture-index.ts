import { InvalidArgumentError, NotFoundError, OutOfRangeError, type Architecture } from '@fewshot/core';
import { describe } from './check-values.js';
import { nasBench201Operations, parseNasBench201Architecture } from './search-space-adapter.js';

/** Channel options of the NATS size space. */
export const sizeSpaceChannels: readonly number[] = [8, 16, 24, 32, 40, 48, 56, 64];

/** Which space an {@link ArchitectureIndex} covers. */
export type BenchmarkSpace = 'topology' | 'size';

/**
 * Maps official indices to architecture vectors and strings and back. Vectors are
 * stored as `width` option indices per architecture; `code` is their mixed-radix number.
 */
export class ArchitectureIndex {
  readonly width: number;
  readonly radix: number;
  private readonly codeToIndex: Int32Array;
  private readonly strings: (string | undefined)[];

  constructor(
    readonly space: BenchmarkSpace,
    /** `size * width` option indices, index-major. */
    readonly vectors: Uint8Array,
  ) {
    this.width = space === 'topology' ? 6 : 5;
    this.radix = space === 'topology' ? 5 : 8;
    this.codeToIndex = new Int32Array(this.radix ** this.width).fill(-1);
    const size = vectors.length / this.width;
    this.strings = new Array<string | undefined>(size);
    for (let index = 0; index < size; index += 1) {
      let code = 0;
      for (let position = this.width - 1; position >= 0; position -= 1) {
        code = code * this.radix + (vectors[index * this.width + position] as number);
      }
      this.codeToIndex[code] = index;
    }
  }

  get size(): number {
    return this.vectors.length / this.width;
  }

  /** Builds the index from the official list of architecture strings. */
  static fromStrings(options: { space: BenchmarkSpace; strings: readonly string[]; functionName: string; argument: string; path: string }): ArchitectureIndex {
    const { space, strings, functionName, argument, path } = options;
    const width = space === 'topology' ? 6 : 5;
    const vectors = new Uint8Array(strings.length * width);
    strings.forEach((text, index) => {
      let vector: Architecture;
      try {
        vector = parseArchitectureString(space, text);
      } catch (error) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `${path}: architecture ${index} is not a ${space === 'topology' ? 'NAS-Bench-201' : 'NATS size-space'} string: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
      vectors.set(vector, index * width);
    });
    const result = new ArchitectureIndex(space, vectors);
    strings.forEach((text, index) => {
      result.strings[index] = text;
    });
    return result;
  }

  /** The vector of an index. */
  vectorAt(index: number): Architecture {
    return Array.from(this.vectors.subarray(index * this.width, (index + 1) * this.width));
  }

  /** The string of an index. */
  stringAt(index: number): string {
    const known = this.strings[index];
    if (known !== undefined) return known;
    const text = formatVector(this.space, this.vectors.subarray(index * this.width, (index + 1) * this.width));
    this.strings[index] = text;
    return text;
  }

  /** Checks an index argument. */
  checkIndex(functionName: string, argument: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new InvalidArgumentError({ functionName, argument, message: `expected an integer index, got ${describe(value)}` });
    }
    if (value < 0 || value >= this.size) {
      throw new OutOfRangeError({ functionName, argument, message: `expected an index in 0..${this.size - 1}, got ${value}` });
    }
    return value;
  }

  /** The index of a vector or string; typed errors for anything of another space. */
  indexOf(functionName: string, argument: string, architecture: unknown): number {
    let vector: readonly number[];
    if (typeof architecture === 'string') {
      try {
        vector = parseArchitectureString(this.space, architecture);
      } catch (error) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `not a ${spaceName(this.space)} architecture string: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
    } else {
      vector = this.checkVector(functionName, argument, architecture);
    }
    let code = 0;
    for (let position = this.width - 1; position >= 0; position -= 1) code = code * this.radix + (vector[position] as number);
    const index = this.codeToIndex[code] as number;
    if (index < 0) {
      throw new NotFoundError({ functionName, argument, message: `architecture ${describe(architecture)} is not in this benchmark` });
    }
    return index;
  }

  private checkVector(functionName: string, argument: string, value: unknown): readonly number[] {
    const valid =
      Array.isArray(value) &&
      value.length === this.width &&
      value.every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry >= 0 && entry < this.radix);
    if (!valid) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `expected a ${spaceName(this.space)} architecture (${this.width} option indices in 0..${this.radix - 1}, or its string), got ${
          Array.isArray(value) ? `[${value.slice(0, 12).map((entry) => describe(entry)).join(', ')}]` : describe(value)
        }`,
      });
    }
    return value as readonly number[];
  }
}

function spaceName(space: BenchmarkSpace): string {
  return space === 'topology' ? 'NAS-Bench-201' : 'NATS size-space';
}

/** Parses a topology string (search-space) or a size-space string `c:c:c:c:c`. */
export function parseArchitectureString(space: BenchmarkSpace, text: string): Architecture {
  if (space === 'topology') return parseNasBench201Architecture(text);
  const parts = text.trim().split(':');
  if (parts.length !== 5) throw new Error(`expected 5 channel counts separated by ":", got ${describe(text)}`);
  return parts.map((part) => {
    const channels = Number(part);
    const option = sizeSpaceChannels.indexOf(channels);
    if (!/^\d+$/.test(part) || option < 0) {
      throw new Error(`expected channel counts in ${sizeSpaceChannels.join(', ')}, got ${describe(part)} in ${describe(text)}`);
    }
    return option;
  });
}

/**
 * Formats a checked vector of the space as its official string (the same text as
 * search-space's formatNasBench201Architecture, without re-validating: hot path).
 */
export function formatVector(space: BenchmarkSpace, vector: ArrayLike<number>): string {
  if (space === 'size') return Array.from(vector, (option) => sizeSpaceChannels[option]).join(':');
  const name = (position: number, from: number) => `${nasBench201Operations[vector[position] as number] as string}~${from}`;
  return `|${name(0, 0)}|+|${name(1, 0)}|${name(2, 1)}|+|${name(3, 0)}|${name(4, 1)}|${name(5, 2)}|`;
}
