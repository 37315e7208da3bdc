/** Resolution of the shared option groups of the gradient methods, with typed errors. */
import { InvalidArgumentError } from '@fewshot/core';
import { createSgdOptimizer, cosineLearningRate, type SgdOptimizer } from '@fewshot/trainers';
import type { ArchitectureOptimizerOptions, WeightTrainingOptions } from '../contracts/method-options.js';
import { createAdamOptimizer, type AdamOptimizer } from '../optimizer/adam-optimizer.js';
import { optionalBoolean, optionalNumber, requireOptions } from './validate.js';

export interface WeightSettings {
  readonly learningRate: { readonly initial: number; readonly final: number };
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly gradientClipNorm: number;
}

export interface ArchitectureSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly initialScale: number;
}

export function resolveWeightSettings(
  functionName: string,
  argument: string,
  value: WeightTrainingOptions | undefined,
  defaults: WeightSettings,
): WeightSettings {
  const options = requireOptions(functionName, argument, value, true) as WeightTrainingOptions;
  const learningRate = requireOptions(functionName, `${argument}.learningRate`, options.learningRate, true) as NonNullable<
    WeightTrainingOptions['learningRate']
  >;
  const settings: WeightSettings = {
    learningRate: {
      initial: optionalNumber(functionName, `${argument}.learningRate.initial`, learningRate.initial, defaults.learningRate.initial, {
        exclusiveMinimum: 0,
      }),
      final: optionalNumber(functionName, `${argument}.learningRate.final`, learningRate.final, defaults.learningRate.final, { minimum: 0 }),
    },
    momentum: optionalNumber(functionName, `${argument}.momentum`, options.momentum, defaults.momentum, { minimum: 0, maximum: 1 }),
    nesterov: optionalBoolean(functionName, `${argument}.nesterov`, options.nesterov, defaults.nesterov),
    weightDecay: optionalNumber(functionName, `${argument}.weightDecay`, options.weightDecay, defaults.weightDecay, { minimum: 0 }),
    gradientClipNorm: optionalNumber(functionName, `${argument}.gradientClipNorm`, options.gradientClipNorm, defaults.gradientClipNorm, {
      minimum: 0,
    }),
  };
  if (settings.nesterov && settings.momentum === 0) {
    throw new InvalidArgumentError({ functionName, argument: `${argument}.nesterov`, message: 'Nesterov momentum needs a momentum > 0' });
  }
  return settings;
}

export function resolveArchitectureSettings(
  functionName: string,
  argument: string,
  value: ArchitectureOptimizerOptions | undefined,
  defaults: ArchitectureSettings = releaseArchitectureSettings,
): ArchitectureSettings {
  const options = requireOptions(functionName, argument, value, true) as ArchitectureOptimizerOptions;
  return {
    learningRate: optionalNumber(functionName, `${argument}.learningRate`, options.learningRate, defaults.learningRate, { minimum: 0 }),
    beta1: optionalNumber(functionName, `${argument}.beta1`, options.beta1, defaults.beta1, { minimum: 0, exclusiveMaximum: 1 }),
    beta2: optionalNumber(functionName, `${argument}.beta2`, options.beta2, defaults.beta2, { minimum: 0, exclusiveMaximum: 1 }),
    epsilon: optionalNumber(functionName, `${argument}.epsilon`, options.epsilon, defaults.epsilon, { exclusiveMinimum: 0 }),
    weightDecay: optionalNumber(functionName, `${argument}.weightDecay`, options.weightDecay, defaults.weightDecay, { minimum: 0 }),
    initialScale: optionalNumber(functionName, `${argument}.initialScale`, options.initialScale, defaults.initialScale, { minimum: 0 }),
  };
}

/** The NAS-Bench-201 release's architecture optimiser (DARTS-V1/V2, GDAS, SETN scripts). */
export const releaseArchitectureSettings: ArchitectureSettings = {
  learningRate: 3e-4,
  beta1: 0.5,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 1e-3,
  initialScale: 1e-3,
};

/** The release's DARTS / GDAS / SETN weight optimiser (configs/nas-benchmark/algos/*.config). */
export const releaseWeightSettings: WeightSettings = {
  learningRate: { initial: 0.025, final: 0.001 },
  momentum: 0.9,
  nesterov: true,
  weightDecay: 5e-4,
  gradientClipNorm: 5,
};

export function createWeightOptimizer(settings: WeightSettings): SgdOptimizer {
  return createSgdOptimizer({
    momentum: settings.momentum,
    nesterov: settings.nesterov,
    weightDecay: settings.weightDecay,
    ...(settings.gradientClipNorm > 0 ? { gradientClipNorm: settings.gradientClipNorm } : {}),
  });
}

export function createWeightSchedule(settings: WeightSettings, totalSteps: number): (step: number) => number {
  return cosineLearningRate({ initial: settings.learningRate.initial, final: settings.learningRate.final, totalSteps: Math.max(1, totalSteps) });
}

export function createArchitectureOptimizer(settings: ArchitectureSettings): AdamOptimizer {
  return createAdamOptimizer({
    learningRate: settings.learningRate,
    beta1: settings.beta1,
    beta2: settings.beta2,
    epsilon: settings.epsilon,
    weightDecay: settings.weightDecay,
  });
}

/** Plain-JSON form of the settings for `GradientSearchMethod.settings`. */
export function weightSettingsJson(settings: WeightSettings) {
  return {
    learningRate: { initial: settings.learningRate.initial, final: settings.learningRate.final },
    momentum: settings.momentum,
    nesterov: settings.nesterov,
    weightDecay: settings.weightDecay,
    gradientClipNorm: settings.gradientClipNorm,
  };
}

export function architectureSettingsJson(settings: ArchitectureSettings) {
  return { ...settings };
}
