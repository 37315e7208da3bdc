/**
 * The parts every DARTS-family session shares (DARTS, PC-DARTS, GDAS, SETN): masked architecture
 * logits, Adam on them, SGD with a cosine schedule on the weights, argmax derivation and the
 * default evaluation with the supernet's single path.
 */
import type { Architecture, Evaluation } from '@fewshot/core';
import type { ImageBatch } from '@fewshot/datasets';
import { evaluateArchitectures, type SgdOptimizer } from '@fewshot/trainers';
import type * as tf from '@tensorflow/tfjs-core';
import type {
  ArchitectureParameterValues,
  GradientSearchEvaluateOptions,
  GradientSearchSessionContext,
} from '../contracts/gradient-search-method.js';
import type { AdamOptimizer } from '../optimizer/adam-optimizer.js';
import { ArchitectureLogits } from './architecture-logits.js';
import { withFrozenStatisticsAsync } from './frozen-statistics.js';
import {
  createArchitectureOptimizer,
  createWeightOptimizer,
  createWeightSchedule,
  type ArchitectureSettings,
  type WeightSettings,
} from './method-settings.js';
import { adamApply, gradientStep, sgdApply, type Forward, type StepMetrics } from './steps.js';
import { uniqueVariablePrefix } from './variable-names.js';

export class AlphaSessionBase {
  readonly context: GradientSearchSessionContext;
  readonly functionName: string;
  readonly prefix: string;
  readonly logits: ArchitectureLogits;
  readonly weightOptimizer: SgdOptimizer;
  readonly architectureOptimizer: AdamOptimizer;
  readonly learningRateAt: (step: number) => number;
  readonly weightSettings: WeightSettings;

  constructor(options: {
    readonly context: GradientSearchSessionContext;
    readonly functionName: string;
    readonly kind: string;
    readonly weights: WeightSettings;
    readonly architecture: ArchitectureSettings;
  }) {
    const { context } = options;
    this.context = context;
    this.functionName = options.functionName;
    this.weightSettings = options.weights;
    this.prefix = uniqueVariablePrefix(options.kind);
    this.logits = new ArchitectureLogits({
      name: `${this.prefix}/alpha`,
      region: context.region,
      rng: context.rng,
      initialScale: options.architecture.initialScale,
    });
    this.weightOptimizer = createWeightOptimizer(options.weights);
    this.architectureOptimizer = createArchitectureOptimizer(options.architecture);
    this.learningRateAt = createWeightSchedule(options.weights, context.epochs * context.stepsPerEpoch);
  }

  /** One SGD step of `variables` on a training batch. */
  trainWeights(options: { readonly batch: ImageBatch; readonly forward: Forward; readonly variables: readonly tf.Variable[]; readonly step: number }) {
    return gradientStep({
      functionName: this.functionName,
      what: 'weight',
      argument: 'options.weights.learningRate',
      batch: options.batch,
      forward: options.forward,
      variables: options.variables,
      apply: sgdApply(this.weightOptimizer, this.learningRateAt(options.step)),
    });
  }

  /** One first-order Adam step of the architecture parameters on a validation batch (statistics frozen). */
  trainArchitecture(options: {
    readonly batch: ImageBatch;
    readonly forward: Forward;
    readonly variables?: readonly tf.Variable[];
  }): Promise<StepMetrics> {
    return withFrozenStatisticsAsync(this.context.supernet, () =>
      gradientStep({
        functionName: this.functionName,
        what: 'architecture',
        argument: 'options.architecture.learningRate',
        batch: options.batch,
        forward: options.forward,
        variables: options.variables ?? [this.logits.variable],
        apply: adamApply(this.architectureOptimizer),
      }),
    );
  }

  /** Scores architectures with the supernet's single path. */
  evaluate(options: GradientSearchEvaluateOptions): Promise<Evaluation[]> {
    return evaluateArchitectures({ supernet: this.context.supernet, architectures: options.architectures, data: options.data });
  }

  derive(): Architecture {
    return this.logits.derive();
  }

  architectureParameters(): Record<string, ArchitectureParameterValues> {
    return { alpha: { shape: [...this.logits.variable.shape], values: this.logits.values().flat() } };
  }

  operationProbabilities(): number[][] {
    return this.logits.probabilities();
  }

  dispose(): void {
    this.logits.dispose();
    this.weightOptimizer.dispose();
    this.architectureOptimizer.dispose();
  }
}
