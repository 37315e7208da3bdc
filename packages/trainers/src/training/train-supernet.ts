import { InvalidArgumentError, type Architecture, type Region, type Rng } from '@fewshot/core';
import { nasBench201 } from '@fewshot/search-space';
import type { Supernet } from '@fewshot/supernet';
import { runTrainingLoop, validateTrainingLoopOptions, type TrainingLoopOptions } from '../internal/training-loop.js';
import type { TrainingSummary } from './training-events.js';

/**
 * How uniform single-path training draws architectures.
 *
 * - `'per-cell'` (default, the few-shot NAS release): a fresh architecture for every cell in
 *   every step.
 * - `'per-step'`: one architecture per step, shared by all cells (SPOS style).
 *
 * @example
 * ```ts
 * const sampling: PathSampling = 'per-step';
 * ```
 */
export type PathSampling = 'per-cell' | 'per-step';

/**
 * Options of {@link trainSupernet}.
 *
 * @example
 * ```ts
 * const options: TrainSupernetOptions = {
 *   supernet,
 *   data: { dataset: train, batchSize: 64, normalization, augmentation: { padding: 2, horizontalFlip: true } },
 *   epochs: 10,
 *   seed: 1,
 *   checkpoint: { directory: 'runs/one-shot' },
 * };
 * ```
 */
export interface TrainSupernetOptions extends TrainingLoopOptions {
  /** The supernet to train (its weights change in place). */
  readonly supernet: Supernet;
  /**
   * Where architectures are drawn from, uniformly; default the supernet's own region (the whole
   * space for a one-shot supernet). Must lie inside the supernet's region.
   */
  readonly region?: Region;
  /** One architecture per cell (default, the release) or one per step. */
  readonly sampling?: PathSampling;
}

/**
 * Trains a weight-sharing supernet by uniform single-path sampling over a region (the whole
 * space for one-shot NAS, one region per sub-supernet for few-shot NAS): every step draws a path
 * (`sampling`), runs it forward on a batch, and moves only that path's variables with SGD
 * (Nesterov, weight decay, cosine schedule per iteration). With `checkpoint`, a checkpoint is
 * written atomically after every epoch, and a run started again with the same options resumes
 * from it and ends with the same weights as a run never interrupted.
 *
 * @example
 * ```ts
 * import { createSupernet } from '@fewshot/supernet';
 * import { loadEmbeddedFashionMnist, resizeDataset } from '@fewshot/datasets';
 * const { train } = await loadEmbeddedFashionMnist();
 * const supernet = createSupernet({ channels: 8, cellsPerStage: 1, inputShape: [28, 28, 1] });
 * const summary = await trainSupernet({
 *   supernet,
 *   data: { dataset: train, batchSize: 64 },
 *   epochs: 2,
 *   seed: 1,
 *   onEvent: (event) => event.type === 'epoch-end' && console.log(event.epoch, event.loss),
 * });
 * ```
 */
export async function trainSupernet(options: TrainSupernetOptions): Promise<TrainingSummary> {
  const functionName = 'trainSupernet';
  const supernet = options?.supernet;
  if (supernet === null || typeof supernet !== 'object' || typeof supernet.trainableVariables !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: 'expected a Supernet from @fewshot/supernet' });
  }
  validateTrainingLoopOptions(functionName, options, supernet);
  const sampling = options.sampling ?? 'per-cell';
  if (sampling !== 'per-cell' && sampling !== 'per-step') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.sampling',
      message: `expected 'per-cell' or 'per-step', got ${String(sampling)}`,
    });
  }
  const region = options.region ?? supernet.region;
  region.allowed.forEach((row, decision) =>
    row.forEach((allowed, option) => {
      if (allowed && supernet.region.allowed[decision]?.[option] !== true) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.region',
          message:
            `the region (${region.label}) allows ${nasBench201.decisions[decision]?.options[option]} on edge ` +
            `${nasBench201.decisions[decision]?.label}, which this supernet does not hold; train with a region inside the supernet's`,
        });
      }
    }),
  );
  if (region.size === 0) {
    throw new InvalidArgumentError({ functionName, argument: 'options.region', message: 'the region is empty' });
  }
  const planStep = (rng: Rng) => {
    if (sampling === 'per-step') {
      const architecture: Architecture = region.sample(rng);
      return {
        variables: supernet.trainableVariables(architecture),
        forward: (images: Parameters<Supernet['forward']>[0]['input']) => supernet.forward({ input: images, training: true, architecture }),
      };
    }
    const architecturesPerCell = Array.from({ length: supernet.cellCount }, () => region.sample(rng));
    return {
      variables: supernet.trainableVariables(architecturesPerCell),
      forward: (images: Parameters<Supernet['forward']>[0]['input']) =>
        supernet.forward({ input: images, training: true, architecturesPerCell }),
    };
  };
  return runTrainingLoop(options, {
    functionName,
    network: supernet,
    planStep,
    fingerprintParts: {
      kind: 'supernet',
      network: supernet.networkOptions,
      cellBatchNorm: supernet.cellBatchNorm,
      region: region.toJSON(),
      sampling,
    },
  });
}
