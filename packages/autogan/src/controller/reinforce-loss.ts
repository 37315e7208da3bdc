import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeValue, numberOption, requireOptions } from '../internal/validate.js';
import type { ReinforceMode } from '../search/search-options.js';

/**
 * Options of {@link reinforceLoss}.
 *
 * @example
 * ```ts
 * const options: ReinforceLossOptions = { mode: 'clean', reward: 4.2, logProbabilities, entropies, baseline: undefined };
 * ```
 */
export interface ReinforceLossOptions {
  /** `'faithful'` (AutoGAN's released loss) or `'clean'`. */
  readonly mode: ReinforceMode;
  /** The architecture's reward R (an Inception Score). */
  readonly reward: number;
  /** `[decisions]` log pi(a_i), from `AutoGanController.score` (differentiable). */
  readonly logProbabilities: tf.Tensor1D;
  /** `[decisions]` step entropies, from `AutoGanController.score` (differentiable). */
  readonly entropies: tf.Tensor1D;
  /**
   * The baseline before this step, as the previous call's `nextBaseline` returned it, or
   * undefined at the first step of a search iteration (AutoGAN resets it there).
   */
  readonly baseline: readonly number[] | undefined;
  /** Default 1e-3. */
  readonly entropyCoefficient?: number;
  /** Default 0.9. */
  readonly baselineDecay?: number;
}

/**
 * What {@link reinforceLoss} returns.
 *
 * @example
 * ```ts
 * const { loss, nextBaseline, advantage } = reinforceLoss(options);
 * ```
 */
export interface ReinforceLoss {
  /** The scalar to minimise; the caller owns it. */
  readonly loss: tf.Scalar;
  /** Pass it as `baseline` to the next step (one value per decision in faithful mode, one in clean mode). */
  readonly nextBaseline: readonly number[];
  /** The advantage the step used (sum over decisions in faithful mode). */
  readonly advantage: number;
}

/**
 * The controller's REINFORCE loss for one sampled architecture, in AutoGAN's released form
 * (`'faithful'`) or the textbook form (`'clean'`); see {@link ReinforceMode}.
 *
 * Faithful, with `cur_i = R + c H_i` (H not detached): first step `b = cur` (so
 * `adv = 0` and no gradient); later `b = d b_prev + (1 - d) cur` (b_prev detached);
 * `adv = cur - b`; `loss = -(sum_j log pi_j) * sum_i adv_i`.
 * Clean: `b_prev` defaults to R at the first step; `loss = -(R - b_prev) sum_j log pi_j - c sum_j H_j`;
 * `next b = d b_prev + (1 - d) R`.
 *
 * Reads the entropies' values synchronously (small tensors); may be called inside
 * `tf.variableGrads`.
 *
 * @throws InvalidArgumentError for a bad mode, reward, tensors or baseline length.
 * @example
 * ```ts
 * const { value, grads } = tf.variableGrads(() => {
 *   const { logProbabilities, entropies } = controller.score({ actions });
 *   const result = reinforceLoss({ mode: 'faithful', reward, logProbabilities, entropies, baseline });
 *   baseline = result.nextBaseline;
 *   return result.loss;
 * }, controller.trainableVariables());
 * ```
 */
export function reinforceLoss(options: ReinforceLossOptions): ReinforceLoss {
  const functionName = 'reinforceLoss';
  requireOptions(functionName, options, '{ mode, reward, logProbabilities, entropies, baseline, entropyCoefficient?, baselineDecay? }');
  const { mode, logProbabilities, entropies, baseline } = options;
  if (mode !== 'faithful' && mode !== 'clean') {
    throw new InvalidArgumentError({ functionName, argument: 'options.mode', message: `expected "faithful" or "clean", got ${describeValue(mode)}` });
  }
  const reward = numberOption(functionName, 'options.reward', options.reward);
  const coefficient = numberOption(functionName, 'options.entropyCoefficient', options.entropyCoefficient, { minimum: 0, fallback: 1e-3 });
  const decay = numberOption(functionName, 'options.baselineDecay', options.baselineDecay, { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 });
  if (!(logProbabilities instanceof tf.Tensor) || logProbabilities.rank !== 1 || !(entropies instanceof tf.Tensor) || entropies.rank !== 1 || entropies.size !== logProbabilities.size) {
    throw new InvalidArgumentError({ functionName, argument: 'options.logProbabilities', message: 'expected two rank-1 tensors of equal length (logProbabilities, entropies)' });
  }
  const n = logProbabilities.size;
  const expectedBaseline = mode === 'faithful' ? n : 1;
  if (baseline !== undefined && (!Array.isArray(baseline) || baseline.length !== expectedBaseline || !baseline.every(Number.isFinite))) {
    throw new InvalidArgumentError({ functionName, argument: 'options.baseline', message: `expected ${expectedBaseline} finite number(s) or undefined, got ${describeValue(baseline)}` });
  }
  const entropyValues = Array.from(entropies.dataSync());
  if (mode === 'faithful') {
    const current = entropyValues.map((entropy) => reward + coefficient * entropy);
    const nextBaseline = baseline === undefined ? current : baseline.map((previous, index) => decay * previous + (1 - decay) * (current[index] as number));
    const advantage = current.reduce((sum, value, index) => sum + value - (nextBaseline[index] as number), 0);
    const loss = tf.tidy(() => {
      const currentTensor = tf.add(reward, tf.mul(coefficient, entropies));
      const baselineTensor =
        baseline === undefined ? currentTensor : tf.add(tf.mul(decay, tf.tensor1d([...baseline])), tf.mul(1 - decay, currentTensor));
      const advantages = tf.sub(currentTensor, baselineTensor);
      return tf.neg(tf.mul(tf.sum(logProbabilities), tf.sum(advantages))) as tf.Scalar;
    });
    return { loss, nextBaseline, advantage };
  }
  const previous = baseline === undefined ? reward : (baseline[0] as number);
  const advantage = reward - previous;
  const loss = tf.tidy(() => tf.sub(tf.mul(-advantage, tf.sum(logProbabilities)), tf.mul(coefficient, tf.sum(entropies))) as tf.Scalar);
  return { loss, nextBaseline: [decay * previous + (1 - decay) * reward], advantage };
}
