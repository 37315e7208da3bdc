import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { checkArchitecture } from '../internal/product-space.js';
import { nasBench201Decisions } from './decisions.js';
import { nasBench201EdgeIndex } from './operations.js';

/*
 * NNI's NAS-Bench-201 benchmark (microsoft/nni, nni/nas/benchmarks/nasbench201/db_gen.py
 * `parse_arch_str`, and the `Nb201TrialConfig.arch` docstring in schema.py/model.py)
 * describes a cell as a dict keyed by '0_1', '0_2', '1_2', '0_3', '1_3', '2_3' (from_to),
 * with values from nni/nas/benchmarks/nasbench201/constants.py:
 *   NONE = 'none', SKIP_CONNECT = 'skip_connect', CONV_1X1 = 'conv_1x1',
 *   CONV_3X3 = 'conv_3x3', AVG_POOL_3X3 = 'avg_pool_3x3'
 * (db_gen maps 'nor_conv_1x1' -> 'conv_1x1' and 'nor_conv_3x3' -> 'conv_3x3').
 * NNI's model-space cell (nni/nas/hub/pytorch/modules/nasbench201.py) uses the same
 * `{j}_{i}` edge naming behind a `<cell label>__` prefix.
 */

/**
 * NNI's operation names for NAS-Bench-201 (`nni.nas.benchmarks.nasbench201.PRIMITIVES`),
 * in the same order as {@link nasBench201Operations}.
 *
 * @example
 * ```ts
 * import { nniNasBench201Operations } from '@fewshot/search-space';
 * nniNasBench201Operations[3]; // 'conv_3x3'
 * ```
 */
export const nniNasBench201Operations = Object.freeze([
  'none',
  'skip_connect',
  'conv_1x1',
  'conv_3x3',
  'avg_pool_3x3',
] as const);

/**
 * One of NNI's NAS-Bench-201 operation names.
 *
 * @example
 * ```ts
 * const operation: NniNasBench201Operation = 'conv_3x3';
 * ```
 */
export type NniNasBench201Operation = (typeof nniNasBench201Operations)[number];

/**
 * NNI's NAS-Bench-201 architecture record: edge `from_to` -> operation name.
 *
 * @example
 * ```ts
 * const choices: NniNasBench201Choices = {
 *   '0_1': 'conv_3x3', '0_2': 'conv_3x3', '1_2': 'conv_3x3',
 *   '0_3': 'skip_connect', '1_3': 'conv_3x3', '2_3': 'conv_1x1',
 * };
 * ```
 */
export type NniNasBench201Choices = Readonly<Record<'0_1' | '0_2' | '1_2' | '0_3' | '1_3' | '2_3', NniNasBench201Operation>>;

const nniKeys = ['0_1', '0_2', '1_2', '0_3', '1_3', '2_3'] as const;

/**
 * Converts an architecture to NNI's NAS-Bench-201 choice record (as used by
 * `query_nb201_trial_stats`): keys `0_1, 0_2, 1_2, 0_3, 1_3, 2_3` (from_to),
 * values `none, skip_connect, conv_1x1, conv_3x3, avg_pool_3x3`.
 *
 * @example
 * ```ts
 * import { parseNasBench201Architecture, toNniChoices } from '@fewshot/search-space';
 * toNniChoices(parseNasBench201Architecture('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|'));
 * // { '0_1': 'conv_3x3', '0_2': 'conv_3x3', '1_2': 'conv_3x3', '0_3': 'skip_connect', '1_3': 'conv_3x3', '2_3': 'conv_1x1' }
 * ```
 */
export function toNniChoices(architecture: Architecture): NniNasBench201Choices {
  checkArchitecture('toNniChoices', 'architecture', architecture, nasBench201Decisions);
  const record: Record<string, NniNasBench201Operation> = {};
  for (const key of nniKeys) {
    const [from, to] = key.split('_').map(Number) as [number, number];
    record[key] = nniNasBench201Operations[architecture[nasBench201EdgeIndex(from, to)] as number] as NniNasBench201Operation;
  }
  return record as NniNasBench201Choices;
}

/**
 * Converts NNI's NAS-Bench-201 choice record (see {@link toNniChoices}) to an
 * architecture. The record must have exactly the six keys `0_1, 0_2, 1_2, 0_3,
 * 1_3, 2_3` and NNI operation names as values; anything else throws an
 * `InvalidArgumentError` naming the key.
 *
 * @example
 * ```ts
 * import { fromNniChoices } from '@fewshot/search-space';
 * fromNniChoices({ '0_1': 'conv_3x3', '0_2': 'conv_3x3', '1_2': 'conv_3x3', '0_3': 'skip_connect', '1_3': 'conv_3x3', '2_3': 'conv_1x1' });
 * // [3, 3, 3, 1, 3, 2]
 * ```
 */
export function fromNniChoices(record: NniNasBench201Choices): Architecture {
  const functionName = 'fromNniChoices';
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InvalidArgumentError({ functionName, argument: 'record', message: `expected an object keyed by ${nniKeys.join(', ')}, got ${describeValue(record)}` });
  }
  const unknown = Object.keys(record).filter((key) => !(nniKeys as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'record',
      message: `unknown key(s) ${unknown.map((key) => describeValue(key)).join(', ')}; expected exactly ${nniKeys.join(', ')}`,
    });
  }
  const architecture = new Array<number>(6);
  for (const key of nniKeys) {
    const value = (record as Record<string, unknown>)[key];
    if (value === undefined) {
      throw new InvalidArgumentError({ functionName, argument: `record.${key}`, message: `missing edge ${key}; expected exactly ${nniKeys.join(', ')}` });
    }
    const operation = nniNasBench201Operations.indexOf(value as NniNasBench201Operation);
    if (operation < 0) {
      throw new InvalidArgumentError({
        functionName,
        argument: `record.${key}`,
        message: `unknown operation ${describeValue(value)} on edge ${key}; expected one of ${nniNasBench201Operations.join(', ')}`,
      });
    }
    const [from, to] = key.split('_').map(Number) as [number, number];
    architecture[nasBench201EdgeIndex(from, to)] = operation;
  }
  return architecture;
}
