import { registerGradients } from '@fewshot/backend';
import { CancelledError, createRng, deriveSeed, InvalidArgumentError, NumericalError, type Rng, yieldToEventLoop } from '@fewshot/core';
import { createBatchLoader } from '@fewshot/datasets';
import * as tf from '@tensorflow/tfjs-core';
import {
  readTrainingCheckpoint,
  writeTrainingCheckpoint,
  type CheckpointableNetwork,
} from '../checkpoint/training-checkpoint.js';
import { createSgdOptimizer, type SgdOptimizerOptions, type SgdOptimizerState } from '../optimizer/sgd-optimizer.js';
import { cosineLearningRate } from '../schedule/cosine-learning-rate.js';
import { batchToTensors } from '../training/batch-to-tensors.js';
import { crossEntropy } from '../training/cross-entropy.js';
import type { LearningRateOptions } from '../training/learning-rate-options.js';
import type { TrainingData } from '../training/training-data.js';
import type { EpochRecord, TrainingEvent, TrainingSummary } from '../training/training-events.js';
import { checkInteger, checkNumber, checkOptions } from './validate.js';

/** A network the loop can train. */
export interface TrainableNetwork extends CheckpointableNetwork {
  readonly networkOptions: { readonly inputShape: readonly [number, number, number]; readonly classes: number };
  namedVariables(): ReadonlyMap<string, tf.Variable>;
}

/** What one step trains: the variables it moves and the forward pass that uses them. */
export interface StepPlan {
  readonly variables: tf.Variable[];
  readonly forward: (images: tf.Tensor4D) => tf.Tensor2D;
}

/** Options shared by every public trainer. */
export interface TrainingLoopOptions {
  /**
   * The training examples and how to batch them; shuffled every epoch with a generator derived
   * from `seed`, the last incomplete batch dropped.
   */
  readonly data: TrainingData;
  /** Total epochs of the run (an integer >= 1), counting epochs done before a resume. */
  readonly epochs: number;
  /**
   * Seeds the batch order and the sampled paths (two independent streams derived from it with
   * `deriveSeed`): the same seed and options give the same weights. A safe integer or a string.
   */
  readonly seed: number | string;
  /** The per-iteration cosine schedule; default `{ initial: 0.025, final: 0.001 }`. */
  readonly learningRate?: LearningRateOptions;
  /** SGD settings; default Nesterov momentum 0.9, weight decay 1e-4, no clipping. */
  readonly optimizer?: SgdOptimizerOptions;
  /**
   * Write an atomic checkpoint (weights, momentum, generator state, history) and resume from it
   * when the folder already holds one of a run with the same options; default: no checkpoints.
   */
  readonly checkpoint?: {
    /** Folder of the checkpoint; created when missing. A checkpoint of other options is rejected. */
    readonly directory: string;
    /** Write a checkpoint after every this many epochs (and always after the last); default 1. */
    readonly everyEpochs?: number;
  };
  /** Called synchronously with every {@link TrainingEvent} (progress, losses, timings). */
  readonly onEvent?: (event: TrainingEvent) => void;
  /**
   * Stops the run before the next step; the trainer then rejects with a `CancelledError`. The
   * last written checkpoint stays valid, so the run can be resumed.
   */
  readonly signal?: AbortSignal;
}

/** The loop's inputs beyond the public options. */
export interface TrainingLoopPlan {
  readonly functionName: string;
  readonly network: TrainableNetwork;
  /** Chooses the step's path with the loop's generator (called once per step, in order). */
  readonly planStep: (rng: Rng) => StepPlan;
  /** Everything else that must match for a resume to be allowed. */
  readonly fingerprintParts: Readonly<Record<string, unknown>>;
}

/** Validates the options every trainer shares; throws typed errors naming `functionName`. */
export function validateTrainingLoopOptions(functionName: string, options: TrainingLoopOptions, network: TrainableNetwork): void {
  checkOptions(functionName, options);
  checkOptions(functionName, options.data);
  checkInteger(functionName, 'options.epochs', options.epochs, 1);
  checkInteger(functionName, 'options.data.batchSize', options.data.batchSize, 1);
  if (typeof options.seed !== 'string') checkInteger(functionName, 'options.seed', options.seed, Number.MIN_SAFE_INTEGER);
  const { dataset } = options.data;
  const [height, width, channels] = network.networkOptions.inputShape;
  if (dataset === null || typeof dataset !== 'object' || !(dataset.images instanceof Uint8Array)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data.dataset',
      message: 'expected an ImageDataset from @fewshot/datasets',
    });
  }
  if (dataset.channels !== channels || dataset.height % 4 !== 0 || dataset.width % 4 !== 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data.dataset',
      message:
        `the data set's images are ${dataset.height}x${dataset.width}x${dataset.channels}, but the network expects ` +
        `${channels} channel(s) and a height and width divisible by 4 (built for ${height}x${width}x${channels}); ` +
        'resize or pad the data set (resizeDataset / padDataset) or build the network with a matching inputShape',
    });
  }
  if (dataset.classes > network.networkOptions.classes) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data.dataset',
      message: `the data set has ${dataset.classes} classes but the network's classifier has ${network.networkOptions.classes}; build the network with classes: ${dataset.classes}`,
    });
  }
  if (options.data.batchSize > dataset.count) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data.batchSize',
      message: `batch size ${options.data.batchSize} exceeds the ${dataset.count} training examples`,
    });
  }
  const initial = options.learningRate?.initial ?? 0.025;
  const final = options.learningRate?.final ?? 0.001;
  checkNumber(functionName, 'options.learningRate.initial', initial, { exclusiveMinimum: 0 });
  checkNumber(functionName, 'options.learningRate.final', final, { minimum: 0 });
  if (options.checkpoint !== undefined) {
    checkOptions(functionName, options.checkpoint);
    if (typeof options.checkpoint.directory !== 'string' || options.checkpoint.directory === '') {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.checkpoint.directory',
        message: `expected a folder path, got ${String(options.checkpoint.directory)}`,
      });
    }
    checkInteger(functionName, 'options.checkpoint.everyEpochs', options.checkpoint.everyEpochs ?? 1, 1);
  }
}

function fingerprintOf(parts: Readonly<Record<string, unknown>>): string {
  const text = JSON.stringify(parts);
  let hash = 0xcbf29ce4;
  let hash2 = 0x84222325;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
    hash2 = Math.imul(hash2 ^ code, 0x01000193 + 2) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}${hash2.toString(16).padStart(8, '0')}`;
}

/**
 * The training loop behind every public trainer: seeded batches and paths, SGD with a cosine
 * schedule per iteration, events, atomic checkpoints every `everyEpochs` and resume.
 */
export async function runTrainingLoop(options: TrainingLoopOptions, plan: TrainingLoopPlan): Promise<TrainingSummary> {
  const { functionName, network } = plan;
  // TensorFlow.js core registers no gradients by itself; @fewshot/backend's set includes the
  // filter gradient the wasm backend lacks. Idempotent.
  registerGradients();
  const started = performance.now();
  const { data, epochs } = options;
  const loader = createBatchLoader({
    dataset: data.dataset,
    batchSize: data.batchSize,
    shuffle: true,
    dropLast: true,
    rng: createRng({ seed: deriveSeed({ seed: options.seed, label: 'training-data' }) }),
    ...(data.normalization === undefined ? {} : { normalization: data.normalization }),
    ...(data.augmentation === undefined ? {} : { augmentation: data.augmentation }),
  });
  const stepsPerEpoch = loader.batchesPerEpoch;
  const learningRate = cosineLearningRate({
    initial: options.learningRate?.initial ?? 0.025,
    final: options.learningRate?.final ?? 0.001,
    totalSteps: epochs * stepsPerEpoch,
  });
  const optimizer = createSgdOptimizer(options.optimizer ?? {});
  const fingerprint = fingerprintOf({
    ...plan.fingerprintParts,
    epochs,
    seed: options.seed,
    batchSize: data.batchSize,
    examples: data.dataset.count,
    shape: [data.dataset.height, data.dataset.width, data.dataset.channels],
    normalization: data.normalization ?? null,
    augmentation: data.augmentation ?? null,
    learningRate: options.learningRate ?? null,
    optimizer: options.optimizer ?? null,
  });
  const keyOf = new Map<string, string>();
  const variableOf = new Map<string, tf.Variable>();
  for (const [key, variable] of network.namedVariables()) {
    keyOf.set(variable.name, key);
    variableOf.set(key, variable);
  }

  let rng = createRng({ seed: deriveSeed({ seed: options.seed, label: 'training-paths' }) });
  let completedEpochs = 0;
  let step = 0;
  let history: EpochRecord[] = [];
  const emit = (event: TrainingEvent): void => options.onEvent?.(event);

  try {
    if (options.checkpoint !== undefined) {
      const checkpoint = await readTrainingCheckpoint<EpochRecord>({ directory: options.checkpoint.directory });
      if (checkpoint !== undefined) {
        if (checkpoint.state.fingerprint !== fingerprint) {
          throw new InvalidArgumentError({
            functionName,
            argument: 'options.checkpoint.directory',
            message:
              `${options.checkpoint.directory} holds a checkpoint of a run with another configuration; ` +
              'use a new folder, or delete the old checkpoint to start over',
          });
        }
        await network.load({ directory: checkpoint.networkDirectory });
        optimizer.setState(renameBuffers(checkpoint.optimizer, (key) => variableOf.get(key)?.name));
        rng = createRng({ state: checkpoint.state.rngState });
        completedEpochs = checkpoint.state.completedEpochs;
        step = checkpoint.state.step;
        history = [...checkpoint.state.history];
      }
    }
    emit({ type: 'training-start', epochs, stepsPerEpoch, resumedFromEpoch: completedEpochs });
    const resumedFromEpoch = completedEpochs;

    for (let epoch = completedEpochs; epoch < epochs; epoch += 1) {
      emit({ type: 'epoch-start', epoch });
      const epochStarted = performance.now();
      let lossSum = 0;
      let correctSum = 0;
      let examples = 0;
      let stepInEpoch = 0;
      let lastLearningRate = learningRate(step);
      for (const batch of loader.epoch({ epoch })) {
        await yieldToEventLoop();
        if (options.signal?.aborted) {
          throw new CancelledError({
            functionName,
            argument: 'options.signal',
            message: `cancelled at epoch ${epoch}, step ${step}; the last checkpoint holds epoch ${completedEpochs}`,
          });
        }
        const stepPlan = plan.planStep(rng);
        const { images, labels } = batchToTensors(batch);
        let correctTensor: tf.Scalar | undefined;
        let result: { value: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
        try {
          result = tf.variableGrads(() => {
            const logits = stepPlan.forward(images);
            const { loss, correct } = crossEntropy({ logits, labels });
            correctTensor = tf.keep(correct);
            return loss;
          }, stepPlan.variables);
          const loss = (await result.value.data())[0] as number;
          const correct = (await (correctTensor as tf.Scalar).data())[0] as number;
          if (!Number.isFinite(loss)) {
            throw new NumericalError({
              functionName,
              argument: 'options.learningRate',
              message:
                `the training loss became ${loss} at epoch ${epoch}, step ${step}; lower options.learningRate.initial ` +
                'or set options.optimizer.gradientClipNorm',
            });
          }
          lastLearningRate = learningRate(step);
          // Variables on a dead path (e.g. an op whose node never reaches the output) get no
          // gradient; like PyTorch's None gradients, they are skipped.
          const grads = result.grads;
          const moved = stepPlan.variables.filter((variable) => grads[variable.name] !== undefined);
          optimizer.step({ variables: moved, gradients: grads, learningRate: lastLearningRate });
          lossSum += loss * batch.size;
          correctSum += correct;
          examples += batch.size;
          emit({
            type: 'step-end',
            epoch,
            step,
            stepInEpoch,
            stepsPerEpoch,
            loss,
            accuracy: (100 * correct) / batch.size,
            learningRate: lastLearningRate,
          });
        } finally {
          tf.dispose([images, labels]);
          if (correctTensor !== undefined) correctTensor.dispose();
          if (result !== undefined) tf.dispose([result.value, ...Object.values(result.grads)]);
        }
        step += 1;
        stepInEpoch += 1;
      }
      const record: EpochRecord = {
        epoch,
        loss: lossSum / examples,
        accuracy: (100 * correctSum) / examples,
        learningRate: lastLearningRate,
        seconds: (performance.now() - epochStarted) / 1000,
      };
      history.push(record);
      completedEpochs = epoch + 1;
      emit({ type: 'epoch-end', ...record });
      const everyEpochs = options.checkpoint?.everyEpochs ?? 1;
      if (options.checkpoint !== undefined && (completedEpochs % everyEpochs === 0 || completedEpochs === epochs)) {
        await writeTrainingCheckpoint<EpochRecord>({
          directory: options.checkpoint.directory,
          network,
          optimizer: renameBuffers(optimizer.getState(), (name) => keyOf.get(name)),
          state: { fingerprint, completedEpochs, step, rngState: rng.getState(), history },
        });
        emit({ type: 'checkpoint-end', epoch });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    emit({ type: 'training-end', epochs, steps: step, seconds });
    return { epochs, steps: step, resumedFromEpoch, history, seconds };
  } finally {
    optimizer.dispose();
  }
}

function renameBuffers(state: SgdOptimizerState, rename: (name: string) => string | undefined): SgdOptimizerState {
  const buffers = new Map<string, { readonly shape: readonly number[]; readonly values: Float32Array }>();
  for (const [name, buffer] of state.buffers) {
    const renamed = rename(name);
    if (renamed !== undefined) buffers.set(renamed, buffer);
  }
  return { buffers };
}
