import { FileFormatError } from '@fewshot/core';
import type { BenchmarkSpace } from './architecture-index.js';
import { describeValue, field, type NormaliseContext } from './nats-records.js';

/** The hp keys of each space, as NATS-Bench stores them. */
export function hpsOf(space: BenchmarkSpace): readonly string[] {
  return space === 'topology' ? ['12', '200'] : ['01', '12', '90'];
}

/** Reads `meta_archs` (a list of strings) and tells the space apart by its first string. */
export function readMetaArchitectures(context: NormaliseContext, where: string, value: unknown): { strings: string[]; space: BenchmarkSpace } {
  const list = field(context, where, value, 'meta_archs');
  if (!Array.isArray(list) || list.length === 0 || !list.every((entry) => typeof entry === 'string')) {
    throw new FileFormatError({
      functionName: context.functionName,
      argument: context.argument,
      message: `${context.path}: ${where}.meta_archs: expected a non-empty list of architecture strings, got ${describeValue(list)}`,
    });
  }
  const strings = list as string[];
  const space: BenchmarkSpace = (strings[0] as string).startsWith('|') ? 'topology' : 'size';
  return { strings, space };
}
