import { registerGradients } from '@fewshot/backend';
import { CancelledError, createRng, deriveSeed, InvalidArgumentError, OutOfRangeError, type Region, yieldToEventLoop } from '@fewshot/core';
import type { Supernet } from '@fewshot/supernet';
import type { TrainingData } from '@fewshot/trainers';
import type { GradientSearchEvent } from './contracts/gradient-search-events.js';
import type { GradientSearchMethod, GradientSearchSession } from './contracts/gradient-search-method.js';
import type { GradientSearchEpochRecord, GradientSearchResult } from './contracts/gradient-search-result.js';
import { checkData, createBatchStream, createLoader } from './internal/data.js';
import { describe, optionalInteger, requireNasBench201Region, requireNumber, requireOptions, requireRegionInside } from './internal/validate.js';

/**
 * Options of {@link runGradientSearch}.
 *
 * @example
 * ```ts
 * const options: RunGradientSearchOptions = {
 *   method: createDarts({ order: 2 }),
 *   supernet,
 *   train: { dataset: trainPart, batchSize: 64, normalization },
 *   validation: { dataset: validationPart, batchSize: 64, normalization },
 *   epochs: 50,
 *   seed: 1,
 * };
 * ```
 */
export interface RunGradientSearchOptions {
  /** The method (see `createDarts`, `createPcDarts`, `createGdas`, `createSetn`, `createEnas`). */
  readonly method: GradientSearchMethod;
  /** The supernet to train (its weights change in place). */
  readonly supernet: Supernet;
  /** Where the derived architecture must lie; default the supernet's region. Must be inside it. */
  readonly region?: Region;
  /** Training batches (weights), shuffled per epoch; the last incomplete batch is dropped. */
  readonly train: TrainingData;
  /**
   * Validation batches (architecture parameters, rewards, candidate scoring), an endless shuffled
   * stream; the whole set also scores the derived architecture at the end (without augmentation).
   */
  readonly validation: TrainingData;
  /** Passes over the training data. */
  readonly epochs: number;
  /** Seeds the batches and the method (initialisation, sampling); the same seed, the same result. */
  readonly seed: number | string;
  /** Batch size of the final scoring of the derived architecture; default `validation.batchSize`. */
  readonly evaluationBatchSize?: number;
  /** Progress events. */
  readonly onEvent?: (event: GradientSearchEvent) => void;
  /** Cancels between steps with a `CancelledError`. */
  readonly signal?: AbortSignal;
}

/** Validated options (internal). */
interface Resolved {
  readonly method: GradientSearchMethod;
  readonly supernet: Supernet;
  readonly region: Region;
  readonly train: TrainingData;
  readonly validation: TrainingData;
  readonly epochs: number;
  readonly seed: number | string;
  readonly evaluationBatchSize: number;
}

function resolve(functionName: string, options: RunGradientSearchOptions): Resolved {
  requireOptions(functionName, 'options', options);
  const method = options.method;
  if (typeof method !== 'object' || method === null || typeof method.createSession !== 'function' || typeof method.name !== 'string') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.method',
      message: `expected a GradientSearchMethod (createDarts, createGdas, ...), got ${describe(method)}`,
    });
  }
  const supernet = options.supernet;
  if (typeof supernet !== 'object' || supernet === null || typeof supernet.forward !== 'function' || typeof supernet.namedVariables !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.supernet', message: `expected a Supernet from @fewshot/supernet, got ${describe(supernet)}` });
  }
  const region = options.region === undefined ? supernet.region : requireNasBench201Region(functionName, 'options.region', options.region);
  requireRegionInside(functionName, 'options.region', region, supernet.region);
  const epochs = requireNumber(functionName, 'options.epochs', options.epochs, { integer: true, minimum: 1 });
  if (typeof options.seed !== 'string') requireNumber(functionName, 'options.seed', options.seed, { integer: true });
  const train = checkData(functionName, 'options.train', options.train, supernet);
  const validation = checkData(functionName, 'options.validation', options.validation, supernet);
  const evaluationBatchSize = optionalInteger(functionName, 'options.evaluationBatchSize', options.evaluationBatchSize, validation.batchSize, 1);
  return { method, supernet, region, train, validation, epochs, seed: options.seed, evaluationBatchSize };
}

/**
 * Runs one gradient-based NAS method on one supernet (one-shot, or one sub-supernet of a
 * few-shot search): trains the supernet's weights on the training batches and the method's
 * architecture parameters on the validation stream for `epochs` epochs, derives an architecture
 * inside the region, and scores it on the whole validation set with the method's own network.
 * Deterministic: the same seed, supernet weights and data give bit-identical results on the same
 * backend. The supernet keeps its trained weights; everything else is freed.
 *
 * @throws InvalidArgumentError for bad options; NumericalError when a loss becomes NaN or
 * infinite; CancelledError when `signal` aborts.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { loadEmbeddedFashionMnist, splitDataset } from '@fewshot/datasets';
 * import { nasBench201 } from '@fewshot/search-space';
 * import { createSupernet } from '@fewshot/supernet';
 * import { createGdas, runGradientSearch } from '@fewshot/strategies/gradient';
 *
 * const { train: all } = await loadEmbeddedFashionMnist({ resize: { height: 16, width: 16 } });
 * const { train, validation } = splitDataset({ dataset: all, rng: createRng({ seed: 1 }), fractions: { train: 0.5, validation: 0.5 } });
 * const supernet = createSupernet({ channels: 8, cellsPerStage: 1, inputShape: [16, 16, 1], rng: createRng({ seed: 1 }) });
 * const result = await runGradientSearch({
 *   method: createGdas(),
 *   supernet,
 *   train: { dataset: train, batchSize: 64 },
 *   validation: { dataset: validation, batchSize: 64 },
 *   epochs: 5,
 *   seed: 1,
 * });
 * console.log(nasBench201.encode(result.architecture), result.validationAccuracy);
 * supernet.dispose();
 * ```
 */
export async function runGradientSearch(options: RunGradientSearchOptions): Promise<GradientSearchResult> {
  const functionName = 'runGradientSearch';
  const resolved = resolve(functionName, options);
  return runResolved(functionName, resolved, options.onEvent, options.signal);
}

/** The search itself, on validated options (shared with the few-shot driver). */
export async function runResolved(
  functionName: string,
  resolved: Resolved,
  onEvent: ((event: GradientSearchEvent) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<GradientSearchResult> {
  registerGradients();
  const started = performance.now();
  const { method, supernet, region, train, validation, epochs, seed } = resolved;
  const loader = createLoader(train, seed, 'gradient-search/train');
  if (loader.batchesPerEpoch < 1) {
    throw new OutOfRangeError({ functionName, argument: 'options.train.batchSize', message: 'the training set holds no complete batch' });
  }
  const nextValidationBatch = createBatchStream(createLoader(validation, seed, 'gradient-search/validation'));
  const emit = (event: GradientSearchEvent): void => onEvent?.(event);
  let session: GradientSearchSession | undefined;
  try {
    session = method.createSession({
      supernet,
      region,
      rng: createRng({ seed: deriveSeed({ seed, label: `gradient-search/${method.name}` }) }),
      epochs,
      stepsPerEpoch: loader.batchesPerEpoch,
      nextValidationBatch,
    });
    emit({ type: 'search-start', method: method.name, epochs, stepsPerEpoch: loader.batchesPerEpoch });
    const history: GradientSearchEpochRecord[] = [];
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      const epochStarted = performance.now();
      let lossSum = 0;
      let accuracySum = 0;
      let architectureLossSum = 0;
      let architectureAccuracySum = 0;
      let architectureSteps = 0;
      let steps = 0;
      let learningRate = 0;
      let stepInEpoch = 0;
      for (const batch of loader.epoch({ epoch })) {
        await yieldToEventLoop();
        if (signal?.aborted) {
          throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled at epoch ${epoch}, step ${step}` });
        }
        const record = await session.step({ batch, epoch, step, stepInEpoch });
        lossSum += record.loss;
        accuracySum += record.accuracy;
        if (record.architectureLoss !== undefined) {
          architectureLossSum += record.architectureLoss;
          architectureAccuracySum += record.architectureAccuracy ?? 0;
          architectureSteps += 1;
        }
        learningRate = record.learningRate;
        steps += 1;
        emit({ type: 'step-end', epoch, step, stepInEpoch, stepsPerEpoch: loader.batchesPerEpoch, ...record });
        step += 1;
        stepInEpoch += 1;
      }
      const summary = await session.endEpoch({ epoch });
      const record: GradientSearchEpochRecord = {
        epoch,
        loss: lossSum / steps,
        accuracy: accuracySum / steps,
        ...(architectureSteps > 0
          ? { architectureLoss: architectureLossSum / architectureSteps, architectureAccuracy: architectureAccuracySum / architectureSteps }
          : {}),
        learningRate,
        architecture: [...summary.architecture],
        ...(summary.temperature === undefined ? {} : { temperature: summary.temperature }),
        ...(summary.metrics === undefined ? {} : { metrics: { ...summary.metrics } }),
        seconds: (performance.now() - epochStarted) / 1000,
      };
      history.push(record);
      emit({ type: 'epoch-end', record });
    }
    const architecture = [...(await session.derive())];
    if (!region.contains(architecture)) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.method',
        message: `the method ${method.name} derived [${architecture.join(', ')}], which is outside the region ${region.label}`,
      });
    }
    const [evaluation] = await session.evaluate({
      architectures: [architecture],
      data: {
        dataset: validation.dataset,
        batchSize: resolved.evaluationBatchSize,
        ...(validation.normalization === undefined ? {} : { normalization: validation.normalization }),
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const validationAccuracy = evaluation?.accuracy ?? Number.NaN;
    emit({ type: 'search-end', architecture, validationAccuracy, seconds });
    return {
      method: method.name,
      settings: method.settings,
      architecture,
      region: region.toJSON(),
      validationAccuracy,
      validationLoss: evaluation?.loss ?? Number.NaN,
      architectureParameters: session.architectureParameters(),
      operationProbabilities: session.operationProbabilities(),
      history,
      steps: step,
      seconds,
    };
  } finally {
    session?.dispose();
  }
}

export { resolve as resolveGradientSearchOptions };
