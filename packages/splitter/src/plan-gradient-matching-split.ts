import {
  CancelledError,
  InvalidArgumentError,
  NumericalError,
  StateError,
  type Architecture,
  type Region,
  type Rng,
  yieldToEventLoop,
} from '@fewshot/core';
import { iterateBatches, type ImageBatch } from '@fewshot/datasets';
import { isNasBench201OutputReachable, nasBench201Edges } from '@fewshot/search-space';
import type { Supernet } from '@fewshot/supernet';
import { batchToTensors, crossEntropy, type PathSampling, type TrainingData } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type { CandidateDecisions } from './candidate-decisions.js';
import { gradientDistances, type GradientDistance, type GradientValues } from './gradient-distance.js';
import { distanceUnchecked } from './internal/distance-unchecked.js';
import type { EdgeGradientScore, GradientMatchingScores, SharedVariables } from './gradient-matching-scores.js';
import { partitionByMinimumCut } from './minimum-cut-partition.js';
import type { SplitPlan } from './split-plan.js';
import { resolveCandidates } from './internal/candidates.js';
import {
  allowedOptions,
  checkInteger,
  checkOptions,
  checkRegion,
  checkRng,
  describeGroup,
  describeValue,
  regionInside,
} from './internal/validate.js';

/**
 * Options of {@link planGradientMatchingSplit}.
 *
 * @example
 * ```ts
 * const options: PlanGradientMatchingSplitOptions = {
 *   supernet, data: { dataset: train, batchSize: 64, normalization }, batchCount: 10, rng: createRng({ seed: 1 }),
 * };
 * ```
 */
export interface PlanGradientMatchingSplitOptions {
  /** The (warmed-up) supernet whose gradients are compared. Its weights are left unchanged. */
  readonly supernet: Supernet;
  /** The region to split; default the supernet's own region. Must lie inside it. */
  readonly region?: Region;
  /**
   * Training data to draw `batchCount` shuffled batches from (with the data's normalisation and
   * augmentation; the last incomplete batch of an epoch is skipped). Exactly one of `data` and
   * `batches`.
   */
  readonly data?: TrainingData;
  /** Explicit batches (all of them, or the first `batchCount`). Exactly one of `data` and `batches`. */
  readonly batches?: readonly ImageBatch[];
  /** Number of batches to average over; required with `data` (the GM-NAS release uses 100). */
  readonly batchCount?: number;
  /** Default `'cosine'` (the paper's choice). */
  readonly distance?: GradientDistance;
  /** Draws the batches and the paths. Same state, same backend: same plan. */
  readonly rng: Rng;
  /** Children of the split. Default 2 (GM-NAS's branching factor on NAS-Bench-201). */
  readonly groupCount?: number;
  /** Balanced group sizes (5 ops into 3 + 2). Default true, as in the release. */
  readonly balanced?: boolean;
  /**
   * How the ops on the other edges are drawn for each batch: `'per-step'` (default; one
   * architecture for all cells, as the release's single-path mode) or `'per-cell'`.
   */
  readonly sampling?: PathSampling;
  /** Which variables are compared; default `'all'`. */
  readonly sharedVariables?: SharedVariables;
  /** Which decisions may be split; default `'unsplit'` (the release's rule). */
  readonly candidateDecisions?: CandidateDecisions;
  /** Cancels between batches with a `CancelledError` (the supernet is restored first). */
  readonly signal?: AbortSignal;
}

/** Draws before giving up on finding an architecture whose cell output is reachable. */
const reachabilityAttempts = 100;

/**
 * Plans a split by gradient matching — GM-NAS (Hu et al., "Generalizing Few-Shot NAS with Gradient
 * Matching", ICLR 2022). One call makes one split decision on one region:
 *
 * 1. Draw `batchCount` batches and, for each, one path on all edges (uniform in the region,
 *    redrawn until the cell output is reachable, as the release does). Every candidate edge is
 *    measured on the same batches and paths.
 * 2. For every candidate edge and every batch, put each allowed op on the edge in turn (in every
 *    cell; the rest of the path unchanged) and take the gradient of the cross-entropy loss with
 *    respect to the shared variables: those of the path, minus the edge's own op weights. BN runs in
 *    training mode (batch statistics); the running statistics it updates are restored afterwards.
 * 3. Per batch, compute the distance between every two ops' gradients; average the matrices
 *    over the batches (the release averages distances, not gradients).
 * 4. Partition each edge's ops by minimum cut ({@link partitionByMinimumCut}, balanced by
 *    default) and score the edge by its cut: the summed distance between ops in different groups.
 * 5. Split the edge with the largest cut (ties: the lowest decision index).
 *
 * Cost: `batchCount x candidates x ops` forward and backward passes (10 x 6 x 5 = 300 on a fresh
 * NAS-Bench-201 region with 10 batches). Where this differs from the release is listed in the
 * splitting guide.
 *
 * @throws InvalidArgumentError for bad options; StateError when no decision can be split or the
 * supernet was disposed; NumericalError when a gradient is not finite; CancelledError when
 * `signal` aborts.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const plan = await planGradientMatchingSplit({
 *   supernet,                                            // trained one-shot (warm-up) supernet
 *   data: { dataset: train, batchSize: 64, normalization },
 *   batchCount: 10,
 *   rng: createRng({ seed: 1 }),
 * });
 * console.log(plan.reason);
 * const children = splitSupernet({ supernet, plan, initialization: 'copy' });
 * ```
 */
export async function planGradientMatchingSplit(options: PlanGradientMatchingSplitOptions): Promise<SplitPlan> {
  const functionName = 'planGradientMatchingSplit';
  const settings = validate(functionName, options);
  const { supernet, region, rng, candidates, groupCount, balanced, distance, sampling, sharedVariables } = settings;

  const pathRng = rng.fork('gradient-matching/paths');
  const batches = collectBatches(functionName, settings, rng.fork('gradient-matching/batches'));
  const paths = batches.map(() => samplePath(region, pathRng, sampling, supernet.cellCount));

  const named = supernet.namedVariables();
  const keyOf = new Map<tf.Variable, string>([...named].map(([key, variable]) => [variable, key]));
  const optionLists = candidates.map((decision) => allowedOptions(region, decision));
  const sums = optionLists.map((list) => list.map(() => new Array<number>(list.length).fill(0)));

  // BN layers with running statistics update them in training mode: restore them at the end.
  const saved = [...named.values()].filter((variable) => !variable.trainable).map((variable) => ({ variable, value: tf.clone(variable) }));
  try {
    for (const [batchIndex, batch] of batches.entries()) {
      await yieldToEventLoop();
      if (options.signal?.aborted) {
        throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled after ${batchIndex} of ${batches.length} batches` });
      }
      const path = paths[batchIndex] as Architecture[];
      const { images, labels } = batchToTensors(batch);
      try {
        for (const [candidateIndex, decision] of candidates.entries()) {
          const optionList = optionLists[candidateIndex] as number[];
          const edge = nasBench201Edges[decision];
          const edgeSegment = edge === undefined ? `/edge-${decision}/` : `/edge${edge.to}-${edge.from}/`;
          const withOption = (option: number): Architecture[] => path.map((architecture) => architecture.map((value, index) => (index === decision ? option : value)));
          const variables = supernet.trainableVariables(withOption(optionList[0] as number)).filter((variable) => {
            const key = keyOf.get(variable) ?? '';
            if (key.includes(edgeSegment)) return false;
            return sharedVariables === 'all' || key.startsWith('cell') || key.startsWith('reduction');
          });
          const gradients: GradientValues[][] = [];
          for (const option of optionList) {
            gradients.push(await sharedGradients(functionName, supernet, withOption(option), sampling, images, labels, variables, keyOf));
          }
          const matrix = sums[candidateIndex] as number[][];
          for (let i = 0; i < optionList.length; i += 1) {
            for (let j = i; j < optionList.length; j += 1) {
              const value = distanceUnchecked(gradients[i] as GradientValues[], gradients[j] as GradientValues[], distance);
              (matrix[i] as number[])[j] = ((matrix[i] as number[])[j] as number) + value;
              if (j !== i) (matrix[j] as number[])[i] = ((matrix[j] as number[])[i] as number) + value;
            }
          }
        }
      } finally {
        tf.dispose([images, labels]);
      }
    }
  } finally {
    for (const { variable, value } of saved) {
      if (!variable.isDisposed) variable.assign(value);
      value.dispose();
    }
  }

  const edges: EdgeGradientScore[] = candidates.map((decision, candidateIndex) => {
    const optionList = optionLists[candidateIndex] as number[];
    const distances = (sums[candidateIndex] as number[][]).map((row) => row.map((value) => value / batches.length));
    const partition = partitionByMinimumCut({ distances, groupCount, balanced });
    return {
      decision,
      label: region.space.decisions[decision]?.label ?? String(decision),
      options: optionList,
      distances,
      groups: partition.groups.map((group) => group.map((position) => optionList[position] as number)),
      cut: partition.cut,
      within: partition.within,
    };
  });
  let chosen = edges[0] as EdgeGradientScore;
  for (const edge of edges) if (edge.cut > chosen.cut) chosen = edge;

  const scores: GradientMatchingScores = { distance, batchCount: batches.length, sampling, sharedVariables, balanced, edges };
  const others = edges.filter((edge) => edge !== chosen).map((edge) => `${edge.label} ${edge.cut.toFixed(4)}`);
  const reason =
    `gradient matching (${distance} distance, ${batches.length} batch${batches.length === 1 ? '' : 'es'}, ${sampling} paths): ` +
    `edge ${chosen.label} has the largest cut, ${chosen.cut.toFixed(4)}, between ` +
    `${chosen.groups.map((group) => describeGroup(region, chosen.decision, group)).join(' and ')}` +
    (others.length > 0 ? `; cuts of the other candidate edges: ${others.join(', ')}` : '');
  return { criterion: 'gradient-matching', region: region.toJSON(), decision: chosen.decision, groups: chosen.groups, reason, scores };
}

interface Settings {
  readonly supernet: Supernet;
  readonly region: Region;
  readonly rng: Rng;
  readonly candidates: number[];
  readonly groupCount: number;
  readonly balanced: boolean;
  readonly distance: GradientDistance;
  readonly sampling: PathSampling;
  readonly sharedVariables: SharedVariables;
  readonly data: TrainingData | undefined;
  readonly batches: readonly ImageBatch[] | undefined;
  readonly batchCount: number | undefined;
}

function validate(functionName: string, options: PlanGradientMatchingSplitOptions): Settings {
  checkOptions(functionName, options, '{ supernet, data | batches, batchCount, rng, ... }');
  const { supernet } = options;
  if (supernet === null || typeof supernet !== 'object' || typeof supernet.trainableVariables !== 'function' || typeof supernet.namedVariables !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: `expected a Supernet from @fewshot/supernet, got ${describeValue(supernet)}` });
  }
  if (supernet.disposed) {
    throw new StateError({ functionName, argument: 'options.supernet', message: `the supernet ${supernet.id} was disposed` });
  }
  checkRng(functionName, 'options.rng', options.rng);
  const region = options.region ?? supernet.region;
  checkRegion(functionName, 'options.region', region);
  if (!regionInside(region, supernet.region)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.region',
      message: `the region (${region.label}) is not inside the supernet's region (${supernet.region.label})`,
    });
  }
  const groupCount = options.groupCount ?? 2;
  checkInteger(functionName, 'options.groupCount', groupCount, 2);
  const balanced = options.balanced ?? true;
  if (typeof balanced !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.balanced', message: `expected a boolean, got ${describeValue(balanced)}` });
  }
  const distance = options.distance ?? 'cosine';
  if (!gradientDistances.includes(distance)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.distance',
      message: `expected one of ${gradientDistances.map((name) => `'${name}'`).join(', ')}, got ${describeValue(distance)}`,
    });
  }
  const sampling = options.sampling ?? 'per-step';
  if (sampling !== 'per-step' && sampling !== 'per-cell') {
    throw new InvalidArgumentError({ functionName, argument: 'options.sampling', message: `expected 'per-step' or 'per-cell', got ${describeValue(sampling)}` });
  }
  const sharedVariables = options.sharedVariables ?? 'all';
  if (sharedVariables !== 'all' && sharedVariables !== 'cells-and-reductions') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.sharedVariables',
      message: `expected 'all' or 'cells-and-reductions', got ${describeValue(sharedVariables)}`,
    });
  }
  if ((options.data === undefined) === (options.batches === undefined)) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected exactly one of data and batches' });
  }
  if (options.batchCount !== undefined) checkInteger(functionName, 'options.batchCount', options.batchCount, 1);
  if (options.data !== undefined) {
    if (options.batchCount === undefined) {
      throw new InvalidArgumentError({ functionName, argument: 'options.batchCount', message: 'expected the number of batches to draw from options.data (the GM-NAS release uses 100)' });
    }
    checkOptions(functionName, options.data, '{ dataset, batchSize, normalization?, augmentation? }');
    checkInteger(functionName, 'options.data.batchSize', options.data.batchSize, 1);
  } else {
    const batches = options.batches as readonly ImageBatch[];
    if (!Array.isArray(batches) || batches.length === 0) {
      throw new InvalidArgumentError({ functionName, argument: 'options.batches', message: `expected a non-empty list of batches, got ${describeValue(batches)}` });
    }
    if (options.batchCount !== undefined && options.batchCount > batches.length) {
      throw new InvalidArgumentError({ functionName, argument: 'options.batchCount', message: `expected at most ${batches.length} (the batches given), got ${options.batchCount}` });
    }
    const channels = supernet.networkOptions.inputShape[2];
    batches.forEach((batch, index) => {
      const valid =
        batch !== null &&
        typeof batch === 'object' &&
        batch.images instanceof Float32Array &&
        batch.labels instanceof Int32Array &&
        Number.isInteger(batch.size) &&
        batch.size > 0 &&
        batch.labels.length === batch.size &&
        batch.channels === channels &&
        batch.images.length === batch.size * batch.height * batch.width * batch.channels;
      if (!valid) {
        throw new InvalidArgumentError({
          functionName,
          argument: `options.batches[${index}]`,
          message: `expected an ImageBatch (Float32Array images, Int32Array labels, ${channels} channel(s)), got ${describeValue({ size: batch?.size, height: batch?.height, width: batch?.width, channels: batch?.channels })}`,
        });
      }
    });
  }
  const candidates = resolveCandidates(functionName, 'options.candidateDecisions', region, options.candidateDecisions, groupCount);
  return {
    supernet,
    region,
    rng: options.rng,
    candidates,
    groupCount,
    balanced,
    distance,
    sampling,
    sharedVariables,
    data: options.data,
    batches: options.batches,
    batchCount: options.batchCount,
  };
}

function collectBatches(functionName: string, settings: Settings, rng: Rng): ImageBatch[] {
  if (settings.batches !== undefined) return settings.batches.slice(0, settings.batchCount ?? settings.batches.length);
  const data = settings.data as TrainingData;
  const wanted = settings.batchCount as number;
  const collected: ImageBatch[] = [];
  while (collected.length < wanted) {
    let yielded = 0;
    for (const batch of iterateBatches({
      dataset: data.dataset,
      batchSize: data.batchSize,
      shuffle: true,
      dropLast: true,
      rng,
      ...(data.normalization === undefined ? {} : { normalization: data.normalization }),
      ...(data.augmentation === undefined ? {} : { augmentation: data.augmentation }),
    })) {
      collected.push(batch);
      yielded += 1;
      if (collected.length === wanted) break;
    }
    if (yielded === 0) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.data.batchSize',
        message: `the data set has ${data.dataset.count} examples, fewer than one batch of ${data.batchSize}`,
      });
    }
  }
  return collected;
}

/** One path for a batch: an architecture per cell (all equal for per-step sampling). */
function samplePath(region: Region, rng: Rng, sampling: PathSampling, cellCount: number): Architecture[] {
  const draw = (): Architecture => {
    let architecture = region.sample(rng);
    for (let attempt = 1; attempt < reachabilityAttempts && !isNasBench201OutputReachable(architecture); attempt += 1) {
      architecture = region.sample(rng);
    }
    return architecture;
  };
  if (sampling === 'per-step') {
    const architecture = draw();
    return Array.from({ length: cellCount }, () => architecture);
  }
  return Array.from({ length: cellCount }, draw);
}

/** The gradients of the loss on `variables` for one path, read into plain arrays (zeros where no gradient flows). */
async function sharedGradients(
  functionName: string,
  supernet: Supernet,
  path: readonly Architecture[],
  sampling: PathSampling,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  variables: readonly tf.Variable[],
  keyOf: ReadonlyMap<tf.Variable, string>,
): Promise<GradientValues[]> {
  const forward = () =>
    sampling === 'per-step'
      ? supernet.forward({ input: images, training: true, architecture: path[0] as Architecture })
      : supernet.forward({ input: images, training: true, architecturesPerCell: path });
  // The engine's gradients rather than tf.variableGrads, which throws when no variable reaches
  // the loss: a path whose last cell is all `none` leaves the output constant, and every shared
  // gradient is then zero, not an error.
  const { value, grads } = tf.engine().gradients(() => crossEntropy({ logits: forward(), labels }).loss, [...variables], undefined, true);
  try {
    const result: GradientValues[] = [];
    for (const [index, variable] of variables.entries()) {
      const gradient = grads[index] ?? undefined;
      const size = variable.size;
      const values = gradient === undefined ? new Float32Array(size) : ((await gradient.data()) as Float32Array);
      for (let index = 0; index < values.length; index += 1) {
        if (!Number.isFinite(values[index])) {
          throw new NumericalError({
            functionName,
            message: `the gradient of ${keyOf.get(variable) ?? variable.name} is not finite (${String(values[index])}); is the supernet diverged?`,
          });
        }
      }
      result.push({ shape: variable.shape, values });
    }
    return result;
  } finally {
    value.dispose();
    tf.dispose(grads.filter((gradient): gradient is tf.Tensor => gradient != null));
  }
}
