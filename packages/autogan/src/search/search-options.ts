import { InvalidArgumentError } from '@fewshot/core';
import { describeValue, integerOption, numberOption } from '../internal/validate.js';

/**
 * How the controller's REINFORCE loss is formed.
 *
 * - `'faithful'`: AutoGAN's released code literally: `adv = (R + c H) - b` per decision with
 *   `b` an EMA of that vector (reset each search iteration, so the first step's advantage is
 *   exactly 0), and `loss = -(sum_j log pi_j) * (sum_i adv_i)` (its n x n broadcast); the
 *   entropy term is not detached.
 * - `'clean'`: `loss = -(R - b) sum_j log pi_j - c sum_j H_j`, then `b <- d b + (1 - d) R`.
 *
 * @example
 * ```ts
 * const mode: ReinforceMode = 'clean';
 * ```
 */
export type ReinforceMode = 'faithful' | 'clean';

/**
 * The controller's settings. Defaults: AutoGAN's (`exps/autogan_search.sh`).
 *
 * @example
 * ```ts
 * const controller: ControllerSearchOptions = { steps: 10, mode: 'clean' };
 * ```
 */
export interface ControllerSearchOptions {
  /** LSTM hidden size. Default 100. */
  readonly hiddenSize?: number;
  /** Adam learning rate. Default 3.5e-4. */
  readonly learningRate?: number;
  /** Default 0. */
  readonly beta1?: number;
  /** Default 0.9. */
  readonly beta2?: number;
  /** EMA decay of the reward baseline. Default 0.9. */
  readonly baselineDecay?: number;
  /** Default 1e-3. */
  readonly entropyCoefficient?: number;
  /** REINFORCE updates per search iteration (`ctrl_step`). Default 30. */
  readonly steps?: number;
  /** Default `'faithful'`. */
  readonly mode?: ReinforceMode;
}

/**
 * Dynamic reset: re-initialise the shared GAN when the variance of the recent losses collapses.
 *
 * @example
 * ```ts
 * const reset: DynamicResetOptions = { window: 100 };
 * ```
 */
export interface DynamicResetOptions {
  /** Default true. */
  readonly enabled?: boolean;
  /** Population variance below which it triggers. Default 1e-3. */
  readonly threshold?: number;
  /** Sliding-window length in losses (D losses per D step, G losses per G step). Default 500. */
  readonly window?: number;
}

/**
 * Every setting of an AutoGAN search. All optional; the defaults are AutoGAN's released
 * search (`exps/autogan_search.sh`: 65 iterations, grow at 15 and 35, 15 epochs of shared
 * training, 30 controller steps, IS on 5000 images, beam 5 of 10, gf 128, df 64).
 *
 * @example
 * ```ts
 * const small: AutoGanSearchOptions = {
 *   generator: { channels: 32, outputChannels: 1 }, discriminator: { channels: 32 },
 *   maxIterations: 12, growSteps: [4, 8], sharedSteps: 200, generatorBatchSize: 64,
 *   controller: { steps: 10 }, rewardSamples: 1000, dynamicReset: { window: 100 },
 * };
 * ```
 */
export interface AutoGanSearchOptions {
  /** The shared generator's sizes. */
  readonly generator?: {
    /** gf_dim. Default 128. */
    readonly channels?: number;
    /** Default 128. */
    readonly latentDimension?: number;
    /** Default 4. */
    readonly bottomWidth?: number;
    /** Default 3; 1 for grey images. */
    readonly outputChannels?: number;
  };
  /** The discriminator's size. */
  readonly discriminator?: {
    /** df_dim. Default 64. */
    readonly channels?: number;
  };
  /** Search iterations (`max_search_iter`). Default 65. */
  readonly maxIterations?: number;
  /** Iterations at which stages 1 and 2 start (`grow_step1`, `grow_step2`). Default [15, 35]. */
  readonly growSteps?: readonly [number, number];
  /** Full passes over the data per search iteration (`shared_epoch`). Default 15 unless `sharedSteps` is given. */
  readonly sharedEpochs?: number | undefined;
  /** Instead of epochs: this many discriminator steps (minibatches) per search iteration. */
  readonly sharedSteps?: number | undefined;
  /** Real (and fake) images per D step (`dis_bs`). Default 64. */
  readonly discriminatorBatchSize?: number;
  /** Images per G step (`gen_bs`). Default 128. */
  readonly generatorBatchSize?: number;
  /** A G step every `criticSteps` D steps (`n_critic`). Default 5. */
  readonly criticSteps?: number;
  /** Adam for G and D. Default 2e-4. */
  readonly learningRate?: number;
  /** Default 0. */
  readonly beta1?: number;
  /** Default 0.9. */
  readonly beta2?: number;
  /** The RL controller. */
  readonly controller?: ControllerSearchOptions;
  /** Images per reward (the IS of `rl_num_eval_img`). Default 5000. */
  readonly rewardSamples?: number;
  /** IS splits. Default 10. */
  readonly rewardSplits?: number;
  /** Images per generator forward when scoring. Default 100. */
  readonly evaluationBatchSize?: number;
  /** Architectures sampled at each grow step and at the end (`num_candidate`). Default 10. */
  readonly candidates?: number;
  /** How many are kept (`topk`). Default 5. */
  readonly beamWidth?: number;
  /** Images for re-scoring the final top architectures (same latents for each). Default `rewardSamples`. */
  readonly rescoreSamples?: number;
  /** Dynamic reset. */
  readonly dynamicReset?: DynamicResetOptions;
}

/** {@link AutoGanSearchOptions} with every default filled in. */
export interface ResolvedAutoGanSearchOptions {
  /** The shared generator's sizes. */
  readonly generator: {
    /** gf_dim. */
    readonly channels: number;
    /** Size of z. */
    readonly latentDimension: number;
    /** Side of the stem's feature map. */
    readonly bottomWidth: number;
    /** Image channels. */
    readonly outputChannels: number;
  };
  /** The discriminator's size. */
  readonly discriminator: {
    /** df_dim. */
    readonly channels: number;
  };
  /** Search iterations. */
  readonly maxIterations: number;
  /** Iterations at which stages 1 and 2 start. */
  readonly growSteps: readonly [number, number];
  /** Epochs of shared training per iteration (undefined when `sharedSteps` is set). */
  readonly sharedEpochs: number | undefined;
  /** D steps of shared training per iteration (undefined when `sharedEpochs` is set). */
  readonly sharedSteps: number | undefined;
  /** Real images per D step. */
  readonly discriminatorBatchSize: number;
  /** Images per G step. */
  readonly generatorBatchSize: number;
  /** n_critic. */
  readonly criticSteps: number;
  /** Adam learning rate of G and D. */
  readonly learningRate: number;
  /** Adam beta1 of G and D. */
  readonly beta1: number;
  /** Adam beta2 of G and D. */
  readonly beta2: number;
  /** The RL controller. */
  readonly controller: Required<ControllerSearchOptions>;
  /** Images per reward. */
  readonly rewardSamples: number;
  /** IS splits. */
  readonly rewardSplits: number;
  /** Images per generator forward when scoring. */
  readonly evaluationBatchSize: number;
  /** Architectures sampled at grow steps and at the end. */
  readonly candidates: number;
  /** How many are kept. */
  readonly beamWidth: number;
  /** Images for re-scoring the final top architectures. */
  readonly rescoreSamples: number;
  /** Dynamic reset. */
  readonly dynamicReset: Required<DynamicResetOptions>;
}

const topKeys = [
  'generator',
  'discriminator',
  'maxIterations',
  'growSteps',
  'sharedEpochs',
  'sharedSteps',
  'discriminatorBatchSize',
  'generatorBatchSize',
  'criticSteps',
  'learningRate',
  'beta1',
  'beta2',
  'controller',
  'rewardSamples',
  'rewardSplits',
  'evaluationBatchSize',
  'candidates',
  'beamWidth',
  'rescoreSamples',
  'dynamicReset',
];

function objectOrEmpty(functionName: string, argument: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `${argument}: expected an object, got ${describeValue(value)}` });
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new InvalidArgumentError({ functionName, argument: `${argument}.${key}`, message: `${argument}.${key}: unknown field; expected one of ${keys.join(', ')}` });
    }
  }
  return value as Record<string, unknown>;
}

/**
 * Validates search options and fills in AutoGAN's defaults; every error names the field
 * (`argumentPrefix.controller.steps`).
 */
export function resolveSearchOptions(functionName: string, argumentPrefix: string, options: AutoGanSearchOptions | undefined): ResolvedAutoGanSearchOptions {
  const root = objectOrEmpty(functionName, argumentPrefix, options, topKeys);
  const at = (key: string): string => `${argumentPrefix}.${key}`;
  const generatorInput = objectOrEmpty(functionName, at('generator'), root['generator'], ['channels', 'latentDimension', 'bottomWidth', 'outputChannels']);
  const generator = {
    channels: integerOption(functionName, at('generator.channels'), generatorInput['channels'], { minimum: 1, fallback: 128 }),
    latentDimension: integerOption(functionName, at('generator.latentDimension'), generatorInput['latentDimension'], { minimum: 1, fallback: 128 }),
    bottomWidth: integerOption(functionName, at('generator.bottomWidth'), generatorInput['bottomWidth'], { minimum: 1, fallback: 4 }),
    outputChannels: integerOption(functionName, at('generator.outputChannels'), generatorInput['outputChannels'], { minimum: 1, fallback: 3 }),
  };
  const discriminatorInput = objectOrEmpty(functionName, at('discriminator'), root['discriminator'], ['channels']);
  const discriminator = { channels: integerOption(functionName, at('discriminator.channels'), discriminatorInput['channels'], { minimum: 1, fallback: 64 }) };
  const maxIterations = integerOption(functionName, at('maxIterations'), root['maxIterations'], { minimum: 1, fallback: 65 });
  const growInput = root['growSteps'] ?? [15, 35];
  if (!Array.isArray(growInput) || growInput.length !== 2) {
    throw new InvalidArgumentError({ functionName, argument: at('growSteps'), message: `${at('growSteps')}: expected [growStep1, growStep2], got ${describeValue(growInput)}` });
  }
  const growSteps: [number, number] = [
    integerOption(functionName, at('growSteps[0]'), growInput[0], { minimum: 1 }),
    integerOption(functionName, at('growSteps[1]'), growInput[1], { minimum: 1 }),
  ];
  if (!(growSteps[0] < growSteps[1] && growSteps[1] < maxIterations)) {
    throw new InvalidArgumentError({
      functionName,
      argument: at('growSteps'),
      message: `${at('growSteps')}: expected 0 < growSteps[0] < growSteps[1] < maxIterations (${maxIterations}) so that every stage runs, got [${growSteps.join(', ')}]`,
    });
  }
  if (root['sharedEpochs'] !== undefined && root['sharedSteps'] !== undefined) {
    throw new InvalidArgumentError({ functionName, argument: at('sharedSteps'), message: `${at('sharedSteps')}: give sharedEpochs or sharedSteps, not both` });
  }
  const sharedSteps = root['sharedSteps'] === undefined ? undefined : integerOption(functionName, at('sharedSteps'), root['sharedSteps'], { minimum: 1 });
  const sharedEpochs = sharedSteps !== undefined ? undefined : integerOption(functionName, at('sharedEpochs'), root['sharedEpochs'], { minimum: 1, fallback: 15 });
  const controllerInput = objectOrEmpty(functionName, at('controller'), root['controller'], [
    'hiddenSize',
    'learningRate',
    'beta1',
    'beta2',
    'baselineDecay',
    'entropyCoefficient',
    'steps',
    'mode',
  ]);
  const mode = controllerInput['mode'] ?? 'faithful';
  if (mode !== 'faithful' && mode !== 'clean') {
    throw new InvalidArgumentError({ functionName, argument: at('controller.mode'), message: `${at('controller.mode')}: expected "faithful" or "clean", got ${describeValue(mode)}` });
  }
  const controller: Required<ControllerSearchOptions> = {
    hiddenSize: integerOption(functionName, at('controller.hiddenSize'), controllerInput['hiddenSize'], { minimum: 1, fallback: 100 }),
    learningRate: numberOption(functionName, at('controller.learningRate'), controllerInput['learningRate'], { exclusiveMinimum: 0, fallback: 3.5e-4 }),
    beta1: numberOption(functionName, at('controller.beta1'), controllerInput['beta1'], { minimum: 0, exclusiveMaximum: 1, fallback: 0 }),
    beta2: numberOption(functionName, at('controller.beta2'), controllerInput['beta2'], { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 }),
    baselineDecay: numberOption(functionName, at('controller.baselineDecay'), controllerInput['baselineDecay'], { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 }),
    entropyCoefficient: numberOption(functionName, at('controller.entropyCoefficient'), controllerInput['entropyCoefficient'], { minimum: 0, fallback: 1e-3 }),
    steps: integerOption(functionName, at('controller.steps'), controllerInput['steps'], { minimum: 0, fallback: 30 }),
    mode,
  };
  const resetInput = objectOrEmpty(functionName, at('dynamicReset'), root['dynamicReset'], ['enabled', 'threshold', 'window']);
  const enabled = resetInput['enabled'] ?? true;
  if (typeof enabled !== 'boolean') {
    throw new InvalidArgumentError({ functionName, argument: at('dynamicReset.enabled'), message: `${at('dynamicReset.enabled')}: expected true or false, got ${describeValue(enabled)}` });
  }
  const dynamicReset: Required<DynamicResetOptions> = {
    enabled,
    threshold: numberOption(functionName, at('dynamicReset.threshold'), resetInput['threshold'], { minimum: 0, fallback: 1e-3 }),
    window: integerOption(functionName, at('dynamicReset.window'), resetInput['window'], { minimum: 2, fallback: 500 }),
  };
  const rewardSplits = integerOption(functionName, at('rewardSplits'), root['rewardSplits'], { minimum: 1, fallback: 10 });
  const rewardSamples = integerOption(functionName, at('rewardSamples'), root['rewardSamples'], { minimum: rewardSplits, fallback: 5000 });
  const candidates = integerOption(functionName, at('candidates'), root['candidates'], { minimum: 1, fallback: 10 });
  const beamWidth = integerOption(functionName, at('beamWidth'), root['beamWidth'], { minimum: 1, maximum: candidates, fallback: Math.min(5, candidates) });
  return {
    generator,
    discriminator,
    maxIterations,
    growSteps,
    sharedEpochs,
    sharedSteps,
    discriminatorBatchSize: integerOption(functionName, at('discriminatorBatchSize'), root['discriminatorBatchSize'], { minimum: 2, fallback: 64 }),
    generatorBatchSize: integerOption(functionName, at('generatorBatchSize'), root['generatorBatchSize'], { minimum: 2, fallback: 128 }),
    criticSteps: integerOption(functionName, at('criticSteps'), root['criticSteps'], { minimum: 1, fallback: 5 }),
    learningRate: numberOption(functionName, at('learningRate'), root['learningRate'], { exclusiveMinimum: 0, fallback: 2e-4 }),
    beta1: numberOption(functionName, at('beta1'), root['beta1'], { minimum: 0, exclusiveMaximum: 1, fallback: 0 }),
    beta2: numberOption(functionName, at('beta2'), root['beta2'], { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 }),
    controller,
    rewardSamples,
    rewardSplits,
    evaluationBatchSize: integerOption(functionName, at('evaluationBatchSize'), root['evaluationBatchSize'], { minimum: 1, fallback: 100 }),
    candidates,
    beamWidth,
    rescoreSamples: integerOption(functionName, at('rescoreSamples'), root['rescoreSamples'], { minimum: rewardSplits, fallback: rewardSamples }),
    dynamicReset,
  };
}

/** The stage of an iteration (`GrowCtrler.cur_stage`). */
export function stageOfIteration(iteration: number, growSteps: readonly [number, number]): number {
  if (iteration < growSteps[0]) return 0;
  if (iteration < growSteps[1]) return 1;
  return 2;
}
