import { InvalidArgumentError, OutOfRangeError, type Architecture } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { checkArchitecture } from '../internal/product-space.js';
import { nasBench201Decisions } from './decisions.js';

/*
 * NASLib (automl/NASLib, naslib/search_spaces/nasbench201/conversions.py) stores a
 * NAS-Bench-201 cell as six op indices:
 *   OP_NAMES_NB201 = ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3']
 *   EDGE_LIST      = ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
 * where NASLib node 1 is NAS-Bench-201 node 0. In our edge order
 * (1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2) that edge list is positions 0, 1, 3, 2, 4, 5.
 */

/**
 * NASLib's op-name order for NAS-Bench-201 (`OP_NAMES_NB201`); NASLib's op
 * index is the position in this tuple. Not the benchmark's own order.
 *
 * @example
 * ```ts
 * import { naslibNasBench201Operations } from '@fewshot/search-space';
 * naslibNasBench201Operations[0]; // 'skip_connect'
 * ```
 */
export const naslibNasBench201Operations = Object.freeze([
  'skip_connect',
  'none',
  'nor_conv_3x3',
  'nor_conv_1x1',
  'avg_pool_3x3',
] as const);

/** Our edge position for each NASLib EDGE_LIST position. */
const edgeFromNaslib = [0, 1, 3, 2, 4, 5] as const;
/** NASLib op index for each of our op indices. */
const operationToNaslib = [1, 0, 3, 2, 4] as const;
/** Our op index for each NASLib op index. */
const operationFromNaslib = [1, 0, 3, 2, 4] as const;

/**
 * Converts an architecture to NASLib's NAS-Bench-201 `op_indices`: six indices
 * into NASLib's op order `['skip_connect','none','nor_conv_3x3','nor_conv_1x1','avg_pool_3x3']`,
 * one per NASLib edge `(1,2),(1,3),(1,4),(2,3),(2,4),(3,4)` (NASLib node 1 is our node 0).
 *
 * @example
 * ```ts
 * import { parseNasBench201Architecture, toNaslibOpIndices } from '@fewshot/search-space';
 * // NASLib edges are 1<-0, 2<-0, 3<-0, 2<-1, 3<-1, 3<-2 in our node numbering.
 * toNaslibOpIndices(parseNasBench201Architecture('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|'));
 * // [2, 2, 0, 2, 2, 3]
 * ```
 */
export function toNaslibOpIndices(architecture: Architecture): number[] {
  checkArchitecture('toNaslibOpIndices', 'architecture', architecture, nasBench201Decisions);
  return edgeFromNaslib.map((edge) => operationToNaslib[architecture[edge] as 0 | 1 | 2 | 3 | 4]);
}

/**
 * Converts NASLib's NAS-Bench-201 `op_indices` (see {@link toNaslibOpIndices})
 * back to an architecture vector. Throws a typed error unless given six
 * integers in 0..4.
 *
 * @example
 * ```ts
 * import { formatNasBench201Architecture, fromNaslibOpIndices } from '@fewshot/search-space';
 * formatNasBench201Architecture(fromNaslibOpIndices([2, 2, 0, 2, 2, 3]));
 * // '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|'
 * ```
 */
export function fromNaslibOpIndices(indices: readonly number[]): Architecture {
  const functionName = 'fromNaslibOpIndices';
  if (!Array.isArray(indices) || indices.length !== 6) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'indices',
      message: `expected 6 NASLib op indices, got ${describeValue(indices)}`,
    });
  }
  const architecture = new Array<number>(6);
  indices.forEach((index: unknown, position) => {
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'indices',
        message: `expected integer op indices, got ${describeValue(index)} at position ${position} of ${describeValue(indices)}`,
      });
    }
    if (index < 0 || index > 4) {
      throw new OutOfRangeError({
        functionName,
        argument: 'indices',
        message: `expected op indices 0..4 (${naslibNasBench201Operations.join(', ')}), got ${index} at position ${position} of ${describeValue(indices)}`,
      });
    }
    architecture[edgeFromNaslib[position] as number] = operationFromNaslib[index as 0 | 1 | 2 | 3 | 4];
  });
  return architecture;
}
