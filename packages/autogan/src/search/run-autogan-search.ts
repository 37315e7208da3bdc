import { join } from 'node:path';
import {
  CancelledError,
  createRng,
  deriveSeed,
  FileFormatError,
  InvalidArgumentError,
  StateError,
  type Architecture,
  type Region,
  type Rng,
  type RngState,
  yieldToEventLoop,
} from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import { createRegion, regionFromJson } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { createAutoGanController, type AutoGanController, type ControllerSample, type ControllerState } from '../controller/autogan-controller.js';
import { reinforceLoss } from '../controller/reinforce-loss.js';
import { createDiscriminator, type Discriminator } from '../discriminator/discriminator.js';
import { generateImages } from '../generator/generate-images.js';
import { createSharedGenerator, type SharedGenerator } from '../generator/shared-generator.js';
import { readBundle, writeBundle } from '../internal/files.js';
import type { NamedWeights } from '../named-weights.js';
import { RealBatchStream, type RealBatchStreamState } from '../internal/real-batches.js';
import { describeValue, requireOptions } from '../internal/validate.js';
import { checkExtractor, extractFeatures } from '../metrics/extract-features.js';
import type { FeatureExtractor } from '../metrics/feature-extractor.js';
import { inceptionScore } from '../metrics/inception-score.js';
import { autoGanSpace, autoGanStageDecisions } from '../space/autogan-space.js';
import { createAdam, type AdamOptimizer, type AdamState } from '../training/adam.js';
import { trainGanStep } from '../training/gan-step.js';
import { resolveSearchOptions, stageOfIteration, type AutoGanSearchOptions, type ResolvedAutoGanSearchOptions } from './search-options.js';
import type {
  AutoGanBeam,
  AutoGanCandidate,
  AutoGanIterationSummary,
  AutoGanSearchEvent,
  AutoGanSearchResult,
  AutoGanSearchTotals,
} from './search-types.js';

const functionName = 'runAutoGanSearch';
const checkpointFileName = 'search-checkpoint.fsag';
const checkpointFormat = 'fewshot-autogan-search';
const checkpointVersion = 1;

/**
 * Options of {@link runAutoGanSearch}.
 *
 * @example
 * ```ts
 * const options: RunAutoGanSearchOptions = { data: padded, reward: extractor, seed: 1, search: { maxIterations: 12, growSteps: [4, 8] } };
 * ```
 */
export interface RunAutoGanSearchOptions {
  /**
   * Real training images (bytes) at the final resolution (`bottomWidth * 8`, e.g. Fashion-MNIST
   * padded to 32 x 32) with `outputChannels` channels; scaled to [-1, 1]. The early stages
   * see them average-pooled to 8 x 8 and 16 x 16.
   */
  readonly data: ImageDataset;
  /** Its Inception Score (softmax of its logits) is the controller's reward; it must give logits. */
  readonly reward: FeatureExtractor;
  /** Seeds every random stream (weights, data order, latents, sampling). */
  readonly seed: number | string;
  /** Sizes and budgets; AutoGAN's defaults. */
  readonly search?: AutoGanSearchOptions;
  /** The region to search (a few-shot sub-supernet's). Default: the whole space. */
  readonly region?: Region;
  /**
   * Saves the complete state after every iteration (`search-checkpoint.fsag`, written to a
   * temporary file and renamed) and resumes from it when it exists: an interrupted search
   * continues exactly as if it had not stopped; a finished one returns its result.
   */
  readonly checkpointDirectory?: string;
  /** Also saves the state at the start of `iteration` into `directory` (the warm-up snapshot few-shot forks from). */
  readonly snapshot?: {
    /** The iteration at whose start the state is saved (1..maxIterations - 1). */
    readonly iteration: number;
    /** The folder of the snapshot's `search-checkpoint.fsag`. */
    readonly directory: string;
  };
  /**
   * Starts from a snapshot instead of fresh weights: the generator, discriminator (with
   * running statistics and spectral-norm vectors), controller, beam and loss windows are
   * copied; the optimizers start fresh; the controller is masked to `region`; random
   * streams derive from `seed` and `label`.
   */
  readonly fork?: {
    /** The snapshot's folder. */
    readonly directory: string;
    /** Names the fork (reports) and seeds its random streams with `seed`. */
    readonly label: string;
  };
  /** Progress (iterations, stages, resets, candidates, checkpoints). */
  readonly onEvent?: (event: AutoGanSearchEvent) => void;
  /** Cancels between steps with a `CancelledError`; the last checkpoint stays valid. */
  readonly signal?: AbortSignal;
}

interface BeamEntry {
  readonly architecture: Architecture;
  readonly state: ControllerState;
  readonly reward: number;
}

interface Rngs {
  latent: Rng;
  sampling: Rng;
  initialization: Rng;
  reward: Rng;
}

interface CheckpointJson {
  readonly format: string;
  readonly version: number;
  readonly seed: number | string;
  readonly options: ResolvedAutoGanSearchOptions;
  readonly region: { readonly space: string; readonly allowed: readonly (readonly number[])[] };
  readonly iteration: number;
  readonly stage: number;
  readonly startIteration: number;
  readonly forkedFrom: string | null;
  readonly beam: readonly BeamEntry[] | null;
  readonly beams: readonly AutoGanBeam[];
  readonly rngs: { readonly latent: RngState; readonly sampling: RngState; readonly initialization: RngState; readonly reward: RngState };
  readonly stream: RealBatchStreamState;
  readonly windows: { readonly generator: readonly number[]; readonly discriminator: readonly number[] };
  readonly history: readonly AutoGanIterationSummary[];
  readonly resets: readonly number[];
  readonly totals: AutoGanSearchTotals;
  readonly adamSteps: Readonly<Record<'generator' | 'discriminator' | 'controller', Readonly<Record<string, number>>>>;
  readonly result: AutoGanSearchResult | null;
}

/** A sliding window of losses (AutoGAN's `RunningStats`): population variance of the last `size` values. */
class LossWindow {
  values: number[];
  constructor(
    readonly size: number,
    values: readonly number[] = [],
  ) {
    this.values = values.slice(-size);
  }
  push(value: number): void {
    this.values.push(value);
    if (this.values.length > this.size) this.values.shift();
  }
  get full(): boolean {
    return this.values.length === this.size;
  }
  variance(): number {
    if (this.values.length < 2) return 0;
    const mean = this.values.reduce((sum, value) => sum + value, 0) / this.values.length;
    return this.values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / this.values.length;
  }
  clear(): void {
    this.values = [];
  }
}

function streamsFor(seed: number | string, prefix: string): { rngs: Rngs; data: Rng } {
  const make = (label: string): Rng => createRng({ seed: deriveSeed({ seed, label: `${prefix}${label}` }) });
  return {
    rngs: { latent: make('latent'), sampling: make('sampling'), initialization: make('initialization'), reward: make('reward') },
    data: make('data'),
  };
}

/** Everything a running search owns. */
class SearchSession {
  generator!: SharedGenerator;
  discriminator!: Discriminator;
  controller!: AutoGanController;
  readonly generatorAdam: AdamOptimizer;
  readonly discriminatorAdam: AdamOptimizer;
  readonly controllerAdam: AdamOptimizer;
  beam: BeamEntry[] | null = null;
  beams: AutoGanBeam[] = [];
  iteration = 0;
  stage = 0;
  startIteration = 0;
  forkedFrom: string | null = null;
  history: AutoGanIterationSummary[] = [];
  resets: number[] = [];
  totals: { discriminatorSteps: number; generatorSteps: number; controllerSteps: number; rewardEvaluations: number; rewardImages: number; seconds: number } = {
    discriminatorSteps: 0,
    generatorSteps: 0,
    controllerSteps: 0,
    rewardEvaluations: 0,
    rewardImages: 0,
    seconds: 0,
  };
  readonly generatorWindow: LossWindow;
  readonly discriminatorWindow: LossWindow;
  stream: RealBatchStream;
  rngs: Rngs;
  readonly #sessionStarted = performance.now();
  #secondsBefore = 0;

  constructor(
    readonly options: ResolvedAutoGanSearchOptions,
    readonly region: Region,
    readonly seed: number | string,
    readonly data: ImageDataset,
    readonly reward: FeatureExtractor,
  ) {
    const { rngs, data: dataRng } = streamsFor(seed, 'autogan/');
    this.rngs = rngs;
    this.stream = new RealBatchStream({ dataset: data, batchSize: options.discriminatorBatchSize, rng: dataRng });
    this.generatorAdam = createAdam({ learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2 });
    this.discriminatorAdam = createAdam({ learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2 });
    this.controllerAdam = createAdam({ learningRate: options.controller.learningRate, beta1: options.controller.beta1, beta2: options.controller.beta2 });
    this.generatorWindow = new LossWindow(options.dynamicReset.window);
    this.discriminatorWindow = new LossWindow(options.dynamicReset.window);
  }

  /**
   * Creates the networks and the current stage's controller. Pass a throwaway rng when their
   * weights are about to be overwritten (resume, fork), so the initialisation stream is not consumed.
   */
  createNetworks(rng: Rng = this.rngs.initialization): void {
    const { generator, discriminator } = this.options;
    this.generator = createSharedGenerator({ rng, ...generator, region: this.region });
    this.discriminator = createDiscriminator({ rng, channels: discriminator.channels, inputChannels: generator.outputChannels });
    this.controller = this.newController(this.stage, rng);
  }

  newController(stage: number, rng: Rng = this.rngs.initialization): AutoGanController {
    return createAutoGanController({ stage, rng, hiddenSize: this.options.controller.hiddenSize, allowed: this.region.allowed });
  }

  get seconds(): number {
    return this.#secondsBefore + (performance.now() - this.#sessionStarted) / 1000;
  }

  set secondsBefore(value: number) {
    this.#secondsBefore = value;
  }

  totalsNow(): AutoGanSearchTotals {
    return { ...this.totals, seconds: this.seconds };
  }

  async toBundle(result: AutoGanSearchResult | null): Promise<{ json: CheckpointJson; arrays: NamedWeights }> {
    const arrays: NamedWeights = {};
    const add = (group: string, values: NamedWeights): void => {
      for (const [name, array] of Object.entries(values)) arrays[`${group}/${name}`] = array;
    };
    add('generator', await this.generator.getWeights());
    add('discriminator', await this.discriminator.getWeights());
    add('controller', await this.controller.getWeights());
    const adamSteps: Record<string, Record<string, number>> = {};
    const adams = [
      ['generator', this.generatorAdam, this.generator.variablePrefix],
      ['discriminator', this.discriminatorAdam, this.discriminator.variablePrefix],
      ['controller', this.controllerAdam, this.controller.variablePrefix],
    ] as const;
    for (const [group, adam, prefix] of adams) {
      const state = await adam.getState({ rename: (name) => name.slice(prefix.length + 1) });
      adamSteps[group] = {};
      for (const [key, entry] of Object.entries(state.entries)) {
        (adamSteps[group] as Record<string, number>)[key] = entry.step;
        arrays[`adam-${group}/${key}/first`] = entry.firstMoment;
        arrays[`adam-${group}/${key}/second`] = entry.secondMoment;
      }
    }
    const json: CheckpointJson = {
      format: checkpointFormat,
      version: checkpointVersion,
      seed: this.seed,
      options: this.options,
      region: this.region.toJSON(),
      iteration: this.iteration,
      stage: this.stage,
      startIteration: this.startIteration,
      forkedFrom: this.forkedFrom,
      beam: this.beam,
      beams: this.beams,
      rngs: {
        latent: this.rngs.latent.getState(),
        sampling: this.rngs.sampling.getState(),
        initialization: this.rngs.initialization.getState(),
        reward: this.rngs.reward.getState(),
      },
      stream: this.stream.getState(),
      windows: { generator: [...this.generatorWindow.values], discriminator: [...this.discriminatorWindow.values] },
      history: this.history,
      resets: this.resets,
      totals: this.totalsNow(),
      adamSteps: adamSteps as CheckpointJson['adamSteps'],
      result,
    };
    return { json, arrays };
  }

  /** Loads networks, controller and (when `withOptimizers`) the optimizer states of a bundle. */
  loadWeights(json: CheckpointJson, arrays: NamedWeights, withOptimizers: boolean): void {
    const group = (prefix: string): NamedWeights => {
      const result: NamedWeights = {};
      for (const [name, values] of Object.entries(arrays)) if (name.startsWith(`${prefix}/`)) result[name.slice(prefix.length + 1)] = values;
      return result;
    };
    this.generator.setWeights({ weights: group('generator'), partial: true });
    this.discriminator.setWeights({ weights: group('discriminator') });
    this.controller.setWeights({ weights: group('controller') });
    if (!withOptimizers) return;
    const adams = [
      ['generator', this.generatorAdam, this.generator.variablePrefix],
      ['discriminator', this.discriminatorAdam, this.discriminator.variablePrefix],
      ['controller', this.controllerAdam, this.controller.variablePrefix],
    ] as const;
    for (const [name, adam, prefix] of adams) {
      const entries: Record<string, AdamState['entries'][string]> = {};
      for (const [key, step] of Object.entries(json.adamSteps[name] ?? {})) {
        const first = arrays[`adam-${name}/${key}/first`];
        const second = arrays[`adam-${name}/${key}/second`];
        if (first === undefined || second === undefined) {
          throw new FileFormatError({ functionName, argument: 'options.checkpointDirectory', message: `the checkpoint lacks the ${name} optimizer state of ${key}` });
        }
        entries[key] = { step, firstMoment: first, secondMoment: second };
      }
      adam.setState({ state: { entries }, rename: (key) => `${prefix}/${key}` });
    }
  }

  dispose(): void {
    this.generator?.dispose();
    this.discriminator?.dispose();
    this.controller?.dispose();
    this.generatorAdam.dispose();
    this.discriminatorAdam.dispose();
    this.controllerAdam.dispose();
  }
}

function checkData(data: unknown, options: ResolvedAutoGanSearchOptions): ImageDataset {
  const candidate = data as Partial<ImageDataset> | null;
  const size = options.generator.bottomWidth * 8;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !(candidate.images instanceof Uint8Array) ||
    candidate.height !== size ||
    candidate.width !== size ||
    candidate.channels !== options.generator.outputChannels ||
    typeof candidate.count !== 'number' ||
    candidate.count < 1
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data',
      message: `expected an ImageDataset of ${size}x${size}x${options.generator.outputChannels} images (bottomWidth * 8, outputChannels), got ${
        typeof candidate === 'object' && candidate !== null ? `${candidate.count} images of ${candidate.height}x${candidate.width}x${candidate.channels}` : describeValue(data)
      }`,
    });
  }
  return candidate as ImageDataset;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkCheckpointJson(path: string, json: unknown): CheckpointJson {
  const candidate = json as Partial<CheckpointJson> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== checkpointFormat || candidate.version !== checkpointVersion) {
    throw new FileFormatError({ functionName, argument: 'path', message: `${path} is not a version-${checkpointVersion} AutoGAN search checkpoint` });
  }
  return candidate as CheckpointJson;
}

/** Fills decisions the architecture does not decide yet with the region's first allowed option (they are unused). */
function composeArchitecture(region: Region, prefix: Architecture | undefined, stage: number, actions: readonly number[]): Architecture {
  const architecture = autoGanSpace.decisions.map((_, d) => {
    const allowed = region.allowed[d] as readonly boolean[];
    return Math.max(0, allowed.indexOf(true));
  });
  if (prefix !== undefined) {
    for (let s = 0; s < stage; s += 1) for (const d of autoGanStageDecisions[s] as readonly number[]) architecture[d] = prefix[d] as number;
  }
  (autoGanStageDecisions[stage] as readonly number[]).forEach((d, index) => {
    architecture[d] = actions[index] as number;
  });
  return architecture;
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function cancelled(where: string): CancelledError {
  return new CancelledError({ functionName, argument: 'options.signal', message: `cancelled ${where}` });
}

interface Sampled {
  readonly architecture: Architecture;
  readonly sample: ControllerSample;
  readonly initialState: ControllerState | undefined;
}

function sampleArchitecture(session: SearchSession): Sampled {
  const rng = session.rngs.sampling;
  const entry = session.beam === null ? undefined : (session.beam[rng.integer(session.beam.length)] as BeamEntry);
  const initialState = entry?.state;
  const sample = session.controller.sample(initialState === undefined ? { rng } : { rng, initialState });
  return { architecture: composeArchitecture(session.region, entry?.architecture, session.stage, sample.actions), sample, initialState };
}

async function rewardOf(session: SearchSession, architecture: Architecture, count: number, rng: Rng): Promise<number> {
  const images = await generateImages({
    generator: session.generator,
    architecture,
    stage: session.stage,
    count,
    rng,
    batchSize: session.options.evaluationBatchSize,
  });
  const extracted = await extractFeatures({ extractor: session.reward, images });
  session.totals.rewardEvaluations += 1;
  session.totals.rewardImages += count;
  return inceptionScore({ probabilities: extracted.probabilities as Float32Array, classes: extracted.classes as number, splits: session.options.rewardSplits }).mean;
}

async function scoreCandidates(session: SearchSession, signal: AbortSignal | undefined): Promise<{ entries: BeamEntry[]; beam: AutoGanBeam }> {
  const entries: BeamEntry[] = [];
  for (let index = 0; index < session.options.candidates; index += 1) {
    await yieldToEventLoop();
    if (isAborted(signal)) throw cancelled(`while scoring candidates at iteration ${session.iteration}`);
    const { architecture, sample } = sampleArchitecture(session);
    const reward = await rewardOf(session, architecture, session.options.rewardSamples, session.rngs.reward);
    entries.push({ architecture, state: sample.finalState, reward });
  }
  const sorted = entries.map((entry, index) => ({ entry, index })).sort((a, b) => b.entry.reward - a.entry.reward || a.index - b.index).map(({ entry }) => entry);
  return {
    entries: sorted,
    beam: {
      iteration: session.iteration,
      stage: session.stage,
      candidates: sorted.map((entry) => ({ architecture: entry.architecture, reward: entry.reward })),
      kept: session.options.beamWidth,
    },
  };
}

async function trainShared(
  session: SearchSession,
  emit: (event: AutoGanSearchEvent) => void,
  signal: AbortSignal | undefined,
): Promise<{ reset: boolean; discriminatorSteps: number; generatorSteps: number; discriminatorLoss: number; generatorLoss: number; varianceG: number; varianceD: number }> {
  const { options } = session;
  const stage = session.stage;
  const size = session.generator.outputSize({ stage });
  const fullSize = options.generator.bottomWidth * 8;
  const factor = fullSize / size;
  const channels = options.generator.outputChannels;
  let step = 0;
  let generatorSteps = 0;
  let discriminatorLossSum = 0;
  let generatorLossSum = 0;
  const runBatch = async (batch: { images: Float32Array; size: number }): Promise<boolean> => {
    await yieldToEventLoop();
    if (isAborted(signal)) throw cancelled(`in the shared training of iteration ${session.iteration}`);
    const { architecture } = sampleArchitecture(session);
    const real = tf.tidy(() => {
      const full = tf.tensor4d(batch.images, [batch.size, fullSize, fullSize, channels]);
      return factor > 1 ? tf.avgPool(full, factor, factor, 'valid') : full;
    });
    let losses;
    try {
      losses = await trainGanStep({
        generator: session.generator,
        discriminator: session.discriminator,
        generatorOptimizer: session.generatorAdam,
        discriminatorOptimizer: session.discriminatorAdam,
        architecture,
        stage,
        realImages: real,
        rng: session.rngs.latent,
        generatorBatchSize: options.generatorBatchSize,
        generatorStep: step % options.criticSteps === 0,
      });
    } finally {
      real.dispose();
    }
    session.totals.discriminatorSteps += 1;
    discriminatorLossSum += losses.discriminatorLoss;
    session.discriminatorWindow.push(losses.discriminatorLoss);
    if (losses.generatorLoss !== undefined) {
      session.totals.generatorSteps += 1;
      generatorSteps += 1;
      generatorLossSum += losses.generatorLoss;
      session.generatorWindow.push(losses.generatorLoss);
    }
    emit({ type: 'shared-step', iteration: session.iteration, step, ...losses });
    step += 1;
    return options.dynamicReset.enabled && session.generatorWindow.full && (session.generatorWindow.variance() < options.dynamicReset.threshold || session.discriminatorWindow.variance() < options.dynamicReset.threshold);
  };
  const finish = (reset: boolean) => ({
    reset,
    discriminatorSteps: step,
    generatorSteps,
    discriminatorLoss: step === 0 ? Number.NaN : discriminatorLossSum / step,
    generatorLoss: generatorSteps === 0 ? Number.NaN : generatorLossSum / generatorSteps,
    varianceG: session.generatorWindow.variance(),
    varianceD: session.discriminatorWindow.variance(),
  });
  if (options.sharedSteps !== undefined) {
    for (let index = 0; index < options.sharedSteps; index += 1) {
      if (await runBatch(session.stream.next())) return finish(true);
    }
    return finish(false);
  }
  for (let epoch = 0; epoch < (options.sharedEpochs as number); epoch += 1) {
    session.stream.beginEpoch();
    for (let batch = session.stream.nextInEpoch(); batch !== undefined; batch = session.stream.nextInEpoch()) {
      if (await runBatch(batch)) return finish(true);
    }
  }
  return finish(false);
}

async function trainController(
  session: SearchSession,
  emit: (event: AutoGanSearchEvent) => void,
  signal: AbortSignal | undefined,
): Promise<{ steps: number; meanReward: number; meanEntropy: number }> {
  const { controller: settings } = session.options;
  let baseline: readonly number[] | undefined;
  let rewardSum = 0;
  let entropySum = 0;
  for (let step = 0; step < settings.steps; step += 1) {
    await yieldToEventLoop();
    if (isAborted(signal)) throw cancelled(`in the controller training of iteration ${session.iteration}`);
    const { architecture, sample, initialState } = sampleArchitecture(session);
    const reward = await rewardOf(session, architecture, session.options.rewardSamples, session.rngs.reward);
    const variables = session.controller.trainableVariables();
    let next: readonly number[] | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const { logProbabilities, entropies } = session.controller.score(initialState === undefined ? { actions: sample.actions } : { actions: sample.actions, initialState });
      const loss = reinforceLoss({
        mode: settings.mode,
        reward,
        logProbabilities,
        entropies,
        baseline,
        entropyCoefficient: settings.entropyCoefficient,
        baselineDecay: settings.baselineDecay,
      });
      next = loss.nextBaseline;
      return loss.loss;
    }, variables);
    try {
      session.controllerAdam.applyGradients({ gradients: grads, variables });
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
    baseline = next;
    const entropy = sample.entropies.reduce((sum, value) => sum + value, 0);
    rewardSum += reward;
    entropySum += entropy;
    session.totals.controllerSteps += 1;
    emit({ type: 'controller-step', iteration: session.iteration, step, architecture, reward, entropy });
  }
  return { steps: settings.steps, meanReward: rewardSum / Math.max(settings.steps, 1), meanEntropy: entropySum / Math.max(settings.steps, 1) };
}

async function saveBundle(session: SearchSession, directory: string, result: AutoGanSearchResult | null): Promise<string> {
  const path = join(directory, checkpointFileName);
  const { json, arrays } = await session.toBundle(result);
  await writeBundle(path, json, arrays);
  return path;
}

function restoreSession(session: SearchSession, json: CheckpointJson, arrays: NamedWeights): void {
  session.iteration = json.iteration;
  session.stage = json.stage;
  session.startIteration = json.startIteration;
  session.forkedFrom = json.forkedFrom;
  session.beam = json.beam === null ? null : [...json.beam];
  session.beams = [...json.beams];
  session.history = [...json.history];
  session.resets = [...json.resets];
  session.totals = { ...json.totals };
  session.secondsBefore = json.totals.seconds;
  session.rngs = {
    latent: createRng({ state: json.rngs.latent }),
    sampling: createRng({ state: json.rngs.sampling }),
    initialization: createRng({ state: json.rngs.initialization }),
    reward: createRng({ state: json.rngs.reward }),
  };
  session.stream.setState(json.stream);
  session.generatorWindow.values = [...json.windows.generator];
  session.discriminatorWindow.values = [...json.windows.discriminator];
  session.createNetworks(createRng({ seed: 0 }));
  session.loadWeights(json, arrays, true);
}

/**
 * Runs AutoGAN's search (`search.py`): for each search iteration, shared-GAN training with
 * one architecture sampled from the frozen controller per minibatch (`train_shared`: D
 * steps, a G step every `criticSteps`, hinge losses, Adam), then `controller.steps`
 * REINFORCE updates of the controller with the reward = Inception Score of `rewardSamples`
 * generated images (eval mode); dynamic reset re-initialises G, D and their optimizers
 * (after the controller step) when the variance of the last `window` G or D losses falls
 * below the threshold. Multi-level search: at each grow step the current controller samples
 * `candidates` architectures, the best `beamWidth` by reward become the beam (with their
 * final LSTM states), and a new controller for the next cell starts from a random beam
 * entry's state. At the end the same top-k runs once more and the top architectures are
 * re-scored on `rescoreSamples` images with the same latents for each.
 *
 * The shared GAN keeps its weights and optimizer states across stages; the generator's
 * output and the discriminator grow with the stage (8, 16, 32 pixels for bottom width 4).
 *
 * Ownership: everything it creates is disposed before it returns.
 *
 * @throws InvalidArgumentError for bad options (naming the field); CancelledError when
 *   `signal` aborts; FileFormatError for a corrupt checkpoint or snapshot; StateError when
 *   a checkpoint belongs to different options.
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { loadFashionMnist, padDataset } from '@fewshot/datasets';
 * import { createClassifierFeatureExtractor, runAutoGanSearch } from '@fewshot/autogan';
 * const { train } = await loadFashionMnist({});
 * const result = await runAutoGanSearch({
 *   data: padDataset({ dataset: train, padding: 2 }),
 *   reward: createClassifierFeatureExtractor({ classifier }),
 *   seed: 1,
 *   search: { generator: { channels: 16, outputChannels: 1 }, discriminator: { channels: 16 }, maxIterations: 9, growSteps: [3, 6], sharedSteps: 60 },
 *   checkpointDirectory: 'runs/autogan/one-shot',
 * });
 * console.log(result.top[0]);
 * ```
 */
export async function runAutoGanSearch(options: RunAutoGanSearchOptions): Promise<AutoGanSearchResult> {
  requireOptions(functionName, options, '{ data, reward, seed, search?, region?, checkpointDirectory?, snapshot?, fork?, onEvent?, signal? }');
  const resolved = resolveSearchOptions(functionName, 'options.search', options.search);
  const data = checkData(options.data, resolved);
  const reward = checkExtractor(functionName, 'options.reward', options.reward);
  if (reward.classes === undefined) {
    throw new InvalidArgumentError({ functionName, argument: 'options.reward', message: 'the reward extractor must give logits (set classes) for an Inception Score' });
  }
  const { seed } = options;
  if (!((typeof seed === 'number' && Number.isSafeInteger(seed)) || typeof seed === 'string')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.seed', message: `expected a safe integer or a string, got ${describeValue(seed)}` });
  }
  let region: Region;
  if (options.region === undefined) {
    region = createRegion({ space: autoGanSpace });
  } else {
    if (typeof options.region !== 'object' || options.region === null || options.region.space?.id !== autoGanSpace.id) {
      throw new InvalidArgumentError({ functionName, argument: 'options.region', message: `expected a Region of autoGanSpace, got ${describeValue(options.region)}` });
    }
    region = regionFromJson({ space: autoGanSpace, json: options.region.toJSON() });
    if (region.size === 0) throw new InvalidArgumentError({ functionName, argument: 'options.region', message: 'the region is empty' });
  }
  const { snapshot, fork, signal } = options;
  if (snapshot !== undefined) {
    if (typeof snapshot !== 'object' || snapshot === null || typeof snapshot.directory !== 'string' || !Number.isSafeInteger(snapshot.iteration) || snapshot.iteration < 1 || snapshot.iteration >= resolved.maxIterations) {
      throw new InvalidArgumentError({ functionName, argument: 'options.snapshot', message: `expected { iteration: 1..${resolved.maxIterations - 1}, directory }, got ${describeValue(snapshot)}` });
    }
  }
  if (fork !== undefined && (typeof fork !== 'object' || fork === null || typeof fork.directory !== 'string' || typeof fork.label !== 'string')) {
    throw new InvalidArgumentError({ functionName, argument: 'options.fork', message: `expected { directory, label }, got ${describeValue(fork)}` });
  }
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.onEvent', message: 'expected a function' });
  }
  const emit = (event: AutoGanSearchEvent): void => onEvent?.(event);
  if (isAborted(signal)) throw cancelled('before it started');

  const session = new SearchSession(resolved, region, seed, data, reward);
  try {
    let resumed = false;
    const existing = options.checkpointDirectory === undefined ? undefined : await readBundle(functionName, join(options.checkpointDirectory, checkpointFileName));
    if (existing !== undefined) {
      const json = checkCheckpointJson(join(options.checkpointDirectory as string, checkpointFileName), existing.json);
      if (!sameJson(json.options, resolved) || !sameJson(json.region, region.toJSON()) || json.seed !== seed) {
        throw new StateError({
          functionName,
          argument: 'options.checkpointDirectory',
          message: `${options.checkpointDirectory} holds a search with other options, region or seed; use another folder or delete it`,
        });
      }
      if (json.result !== null) {
        emit({ type: 'search-end', result: json.result });
        return json.result;
      }
      restoreSession(session, json, existing.arrays);
      resumed = true;
    } else if (fork !== undefined) {
      const path = join(fork.directory, checkpointFileName);
      const found = await readBundle(functionName, path);
      if (found === undefined) {
        throw new InvalidArgumentError({ functionName, argument: 'options.fork.directory', message: `no snapshot at ${path}` });
      }
      const json = checkCheckpointJson(path, found.json);
      const structural = (value: ResolvedAutoGanSearchOptions) => [value.generator, value.discriminator, value.growSteps, value.maxIterations, value.dynamicReset.window];
      if (!sameJson(structural(json.options), structural(resolved))) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.search',
          message: 'a fork must keep the snapshot\'s generator, discriminator, growSteps, maxIterations and dynamic-reset window',
        });
      }
      const decidedStages = json.stage;
      for (const entry of json.beam ?? []) {
        for (let s = 0; s < decidedStages; s += 1) {
          for (const d of autoGanStageDecisions[s] as readonly number[]) {
            if (region.allowed[d]?.[entry.architecture[d] as number] !== true) {
              throw new InvalidArgumentError({
                functionName,
                argument: 'options.fork',
                message: `the snapshot's beam already fixes ${autoGanSpace.decisions[d]?.label} outside the region ${region.label}; fork before that cell's grow step`,
              });
            }
          }
        }
      }
      const { rngs, data: dataRng } = streamsFor(seed, `autogan-fork/${fork.label}/`);
      session.rngs = rngs;
      session.stream = new RealBatchStream({ dataset: data, batchSize: resolved.discriminatorBatchSize, rng: dataRng });
      session.iteration = json.iteration;
      session.stage = json.stage;
      session.startIteration = json.iteration;
      session.forkedFrom = fork.label;
      session.beam = json.beam === null ? null : [...json.beam];
      session.generatorWindow.values = [...json.windows.generator];
      session.discriminatorWindow.values = [...json.windows.discriminator];
      session.createNetworks(createRng({ seed: 0 }));
      session.loadWeights(json, found.arrays, false);
    } else {
      session.createNetworks();
    }
    emit({ type: 'search-start', startIteration: session.iteration, maxIterations: resolved.maxIterations, resumed, forked: fork !== undefined && !resumed });

    while (session.iteration < resolved.maxIterations) {
      if (isAborted(signal)) throw cancelled(`at iteration ${session.iteration}`);
      const iteration = session.iteration;
      const started = performance.now();
      const target = stageOfIteration(iteration, resolved.growSteps);
      while (session.stage < target) {
        const { entries, beam } = await scoreCandidates(session, signal);
        session.beams.push(beam);
        emit({ type: 'candidates-scored', beam });
        session.beam = entries.slice(0, resolved.beamWidth);
        session.stage += 1;
        session.controller.dispose();
        session.controller = session.newController(session.stage);
        session.controllerAdam.reset();
        emit({ type: 'stage-start', iteration, stage: session.stage, beam: session.beam.map((entry) => ({ architecture: entry.architecture, reward: entry.reward })) });
      }
      const shared = await trainShared(session, emit, signal);
      const controller = await trainController(session, emit, signal);
      if (shared.reset) {
        session.generator.reinitialize({ rng: session.rngs.initialization });
        session.discriminator.reinitialize({ rng: session.rngs.initialization });
        session.generatorAdam.reset();
        session.discriminatorAdam.reset();
        session.generatorWindow.clear();
        session.discriminatorWindow.clear();
        session.resets.push(iteration);
        emit({ type: 'dynamic-reset', iteration, generatorLossVariance: shared.varianceG, discriminatorLossVariance: shared.varianceD });
      }
      const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
      const summary: AutoGanIterationSummary = {
        iteration,
        stage: session.stage,
        discriminatorSteps: shared.discriminatorSteps,
        generatorSteps: shared.generatorSteps,
        meanDiscriminatorLoss: finite(shared.discriminatorLoss),
        meanGeneratorLoss: finite(shared.generatorLoss),
        reset: shared.reset,
        controllerSteps: controller.steps,
        meanReward: controller.steps === 0 ? null : controller.meanReward,
        meanEntropy: controller.steps === 0 ? null : controller.meanEntropy,
        seconds: (performance.now() - started) / 1000,
      };
      session.history.push(summary);
      session.iteration = iteration + 1;
      emit({ type: 'iteration-end', summary });
      if (options.checkpointDirectory !== undefined) {
        const path = await saveBundle(session, options.checkpointDirectory, null);
        emit({ type: 'checkpoint-saved', iteration: session.iteration, path });
      }
      if (snapshot !== undefined && snapshot.iteration === session.iteration) {
        await saveBundle(session, snapshot.directory, null);
      }
    }
    if (snapshot !== undefined && (await readBundle(functionName, join(snapshot.directory, checkpointFileName))) === undefined) {
      throw new StateError({ functionName, argument: 'options.snapshot', message: `the snapshot of iteration ${snapshot.iteration} is missing from ${snapshot.directory} and this resumed search is past it` });
    }

    const { entries, beam } = await scoreCandidates(session, signal);
    session.beams.push(beam);
    emit({ type: 'candidates-scored', beam });
    const rescoreSeed = deriveSeed({ seed, label: 'autogan/rescore' });
    const top: AutoGanCandidate[] = [];
    for (const entry of entries.slice(0, resolved.beamWidth)) {
      if (isAborted(signal)) throw cancelled('while re-scoring the final candidates');
      const rescoredReward = await rewardOf(session, entry.architecture, resolved.rescoreSamples, createRng({ seed: rescoreSeed }));
      top.push({ architecture: entry.architecture, reward: entry.reward, rescoredReward });
    }
    top.sort((a, b) => (b.rescoredReward as number) - (a.rescoredReward as number));
    const result: AutoGanSearchResult = {
      seed,
      region: region.toJSON(),
      startIteration: session.startIteration,
      ...(session.forkedFrom === null ? {} : { forkedFrom: session.forkedFrom }),
      options: resolved,
      beams: session.beams,
      finalCandidates: beam.candidates,
      top,
      iterations: session.history,
      resets: session.resets,
      totals: session.totalsNow(),
    };
    if (options.checkpointDirectory !== undefined) await saveBundle(session, options.checkpointDirectory, result);
    emit({ type: 'search-end', result });
    return result;
  } finally {
    session.dispose();
  }
}
