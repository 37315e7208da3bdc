import { InvalidArgumentError, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { pytorchDefault } from '../internal/initializers.js';
import { ParameterStore, type ParameterSpec } from '../internal/parameter-store.js';
import type { NamedWeights } from '../named-weights.js';
import { describeValue, integerOption, requireOptions, requireRng } from '../internal/validate.js';
import { autoGanSpace, autoGanStageDecisions } from '../space/autogan-space.js';
import '../internal/disposable-symbol.js';

/** Logit added to options a region forbids: their probability underflows to exactly 0. */
const forbiddenLogit = -1e9;

/**
 * The LSTM state a stage's controller starts from: zeros at stage 0; at later stages the
 * final state of the previous stage's controller for one beam architecture.
 *
 * @example
 * ```ts
 * const state: ControllerState = { hidden: new Array(100).fill(0), cell: new Array(100).fill(0) };
 * ```
 */
export interface ControllerState {
  /** The LSTM's hidden state h. */
  readonly hidden: readonly number[];
  /** The LSTM's cell state c. */
  readonly cell: readonly number[];
}

/**
 * Options of {@link createAutoGanController}. Defaults are AutoGAN's.
 *
 * @example
 * ```ts
 * const options: AutoGanControllerOptions = { stage: 0, rng: createRng({ seed: 1 }) };
 * ```
 */
export interface AutoGanControllerOptions {
  /** 0, 1 or 2: which cell the controller decides (stage 0: 4 tokens; later: 5 with the skip mask). */
  readonly stage: number;
  /** Draws the initial weights. */
  readonly rng: Rng;
  /** LSTMCell hidden size. Default 100. */
  readonly hiddenSize?: number;
  /**
   * `allowed[d][o]` for the 14 decisions of the space (a region's mask): the controller
   * never samples a forbidden option of its stage's decisions; a decision with one allowed
   * option has log-probability 0 and entropy 0. Default: everything allowed.
   */
  readonly allowed?: readonly (readonly boolean[])[];
}

/**
 * What {@link AutoGanController.sample} returns (plain numbers).
 *
 * @example
 * ```ts
 * const { actions, logProbability, entropies, finalState } = controller.sample({ rng });
 * ```
 */
export interface ControllerSample {
  /** One option index per decision of the stage (4 or 5). */
  readonly actions: readonly number[];
  /** Log-probability of each action under the current weights. */
  readonly logProbabilities: readonly number[];
  /** The sum of {@link ControllerSample.logProbabilities}. */
  readonly logProbability: number;
  /** The entropy of each step's distribution, `-sum p log p`. */
  readonly entropies: readonly number[];
  /** The LSTM state after the last decision (kept for the next stage's beam). */
  readonly finalState: ControllerState;
}

/**
 * What {@link AutoGanController.score} returns; the caller owns both tensors.
 *
 * @example
 * ```ts
 * const { logProbabilities, entropies } = controller.score({ actions: [1, 0, 1, 1] });
 * tf.dispose([logProbabilities, entropies]);
 * ```
 */
export interface ControllerScores {
  /** `[decisions]`: log pi(a_i), differentiable w.r.t. the controller's weights. */
  readonly logProbabilities: tf.Tensor1D;
  /** `[decisions]`: entropy of each step's distribution, differentiable. */
  readonly entropies: tf.Tensor1D;
}

/**
 * AutoGAN's RL controller for one search stage (`models_search/controller.py`): an
 * `LSTMCell(hidden, hidden)` emits one token per decision of the stage's cell. Step 0's
 * input is a zero vector; step i's input is the embedding row `a_{i-1} + sum(tokens[:i-1])`
 * (one row per decision and option); `logits_i = decoder_i(h)`; the action is drawn from
 * `softmax(logits_i)` without temperature or clipping. Gates follow PyTorch (i, f, g, o;
 * two biases). Initialisation: PyTorch defaults (LSTM and decoders U(+-1/sqrt(hidden)),
 * embedding N(0, 1)).
 *
 * Tokens: stage 0 decides cell 1 `[2, 3, 3, 2]`; stage s >= 1 decides cell s + 1 and its
 * skip mask `[2, 3, 3, 2, 2^s]`. A later stage starts from the final LSTM state of a beam
 * architecture of the previous stage.
 *
 * Owns its variables: call {@link AutoGanController.dispose}.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createAutoGanController } from '@fewshot/autogan';
 * const controller = createAutoGanController({ stage: 0, rng: createRng({ seed: 1 }) });
 * const sample = controller.sample({ rng: createRng({ seed: 2 }) });
 * sample.actions.length; // 4: cell 1's convolution, normalization, upsampling, shortcut
 * controller.dispose();
 * ```
 */
export class AutoGanController {
  /** The stage whose cell it decides. */
  readonly stage: number;
  /** LSTM hidden size. */
  readonly hiddenSize: number;
  /** Option counts of the stage's decisions. */
  readonly tokens: readonly number[];
  /** The space decisions (indices into the 14-vector) this controller decides. */
  readonly decisions: readonly number[];
  /** Allowed options per decision of this stage (from the region). */
  readonly allowed: readonly (readonly boolean[])[];
  readonly #store: ParameterStore;
  readonly #masks: readonly (Float32Array | undefined)[];

  /** @internal Use {@link createAutoGanController}. */
  constructor(options: { readonly stage: number; readonly hiddenSize: number; readonly allowed: readonly (readonly boolean[])[]; readonly rng: Rng }) {
    this.stage = options.stage;
    this.hiddenSize = options.hiddenSize;
    this.decisions = autoGanStageDecisions[options.stage] as readonly number[];
    this.tokens = this.decisions.map((decision) => (autoGanSpace.decisions[decision]?.options.length as number));
    this.allowed = this.decisions.map((decision) => options.allowed[decision] as readonly boolean[]);
    this.#masks = this.allowed.map((mask) => (mask.every(Boolean) ? undefined : Float32Array.from(mask, (ok) => (ok ? 0 : forbiddenLogit))));
    const h = options.hiddenSize;
    const specs: ParameterSpec[] = [
      { name: 'lstm.input-kernel', shape: [h, 4 * h], initializer: pytorchDefault(h), trainable: true },
      { name: 'lstm.recurrent-kernel', shape: [h, 4 * h], initializer: pytorchDefault(h), trainable: true },
      { name: 'lstm.input-bias', shape: [4 * h], initializer: pytorchDefault(h), trainable: true },
      { name: 'lstm.recurrent-bias', shape: [4 * h], initializer: pytorchDefault(h), trainable: true },
      { name: 'embedding', shape: [this.tokens.reduce((sum, count) => sum + count, 0), h], initializer: { kind: 'normal', mean: 0, standardDeviation: 1 }, trainable: true },
    ];
    this.tokens.forEach((count, index) => {
      specs.push({ name: `decoder${index}.kernel`, shape: [h, count], initializer: pytorchDefault(h), trainable: true });
      specs.push({ name: `decoder${index}.bias`, shape: [count], initializer: pytorchDefault(h), trainable: true });
    });
    this.#store = new ParameterStore({ kind: `controller-stage${options.stage}`, specs, rng: options.rng });
  }

  #checkState(functionName: string, argument: string, state: unknown): ControllerState | undefined {
    if (state === undefined) return undefined;
    const candidate = state as Partial<ControllerState> | null;
    const ok = (values: unknown): boolean => Array.isArray(values) && values.length === this.hiddenSize && values.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (typeof candidate !== 'object' || candidate === null || !ok(candidate.hidden) || !ok(candidate.cell)) {
      throw new InvalidArgumentError({ functionName, argument, message: `expected { hidden, cell } of ${this.hiddenSize} finite numbers each, got ${describeValue(state)}` });
    }
    return candidate as ControllerState;
  }

  /** One LSTMCell step and the decision's logits (masked). */
  #step(input: tf.Tensor2D, hidden: tf.Tensor2D, cell: tf.Tensor2D, index: number): { hidden: tf.Tensor2D; cell: tf.Tensor2D; logits: tf.Tensor2D } {
    const p = (name: string): tf.Variable => this.#store.get(name);
    const h = this.hiddenSize;
    const gates = tf.add(
      tf.add(tf.matMul(input, p('lstm.input-kernel')), p('lstm.input-bias')),
      tf.add(tf.matMul(hidden, p('lstm.recurrent-kernel')), p('lstm.recurrent-bias')),
    ) as tf.Tensor2D;
    const [inputGate, forgetGate, cellGate, outputGate] = tf.split(gates, [h, h, h, h], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const nextCell = tf.add(tf.mul(tf.sigmoid(forgetGate), cell), tf.mul(tf.sigmoid(inputGate), tf.tanh(cellGate))) as tf.Tensor2D;
    const nextHidden = tf.mul(tf.sigmoid(outputGate), tf.tanh(nextCell)) as tf.Tensor2D;
    let logits = tf.add(tf.matMul(nextHidden, p(`decoder${index}.kernel`)), p(`decoder${index}.bias`)) as tf.Tensor2D;
    const mask = this.#masks[index];
    if (mask !== undefined) logits = tf.add(logits, tf.tensor2d(mask, [1, mask.length]));
    return { hidden: nextHidden, cell: nextCell, logits };
  }

  #embeddingRow(index: number, action: number): tf.Tensor2D {
    const row = action + this.tokens.slice(0, index).reduce((sum, count) => sum + count, 0);
    return tf.gather(this.#store.get('embedding'), tf.tensor1d([row], 'int32')) as tf.Tensor2D;
  }

  #initial(state: ControllerState | undefined): { hidden: tf.Tensor2D; cell: tf.Tensor2D } {
    if (state === undefined) return { hidden: tf.zeros([1, this.hiddenSize]), cell: tf.zeros([1, this.hiddenSize]) };
    return { hidden: tf.tensor2d([...state.hidden], [1, this.hiddenSize]), cell: tf.tensor2d([...state.cell], [1, this.hiddenSize]) };
  }

  /**
   * Draws one architecture for the stage's cell: at each step an option is drawn from the
   * softmax with `rng.float()` (inverse CDF), never a forbidden one.
   *
   * @throws InvalidArgumentError for a bad rng or initial state; StateError after dispose.
   */
  sample(options: { readonly rng: Rng; readonly initialState?: ControllerState }): ControllerSample {
    const functionName = 'AutoGanController.sample';
    requireOptions(functionName, options, '{ rng, initialState? }');
    this.#store.assertAlive(functionName);
    const rng = requireRng(functionName, 'options.rng', options.rng);
    const initialState = this.#checkState(functionName, 'options.initialState', options.initialState);
    const actions: number[] = [];
    const logProbabilities: number[] = [];
    const entropies: number[] = [];
    let finalState: ControllerState | undefined;
    tf.tidy(() => {
      let { hidden, cell } = this.#initial(initialState);
      let input: tf.Tensor2D = tf.zeros([1, this.hiddenSize]);
      for (let index = 0; index < this.tokens.length; index += 1) {
        const step = this.#step(input, hidden, cell, index);
        hidden = step.hidden;
        cell = step.cell;
        const logProbability = tf.logSoftmax(step.logits).dataSync() as Float32Array;
        const probabilities = Array.from(logProbability, (value) => Math.exp(value));
        const draw = rng.float();
        let action = -1;
        let cumulative = 0;
        for (let option = 0; option < probabilities.length; option += 1) {
          if ((probabilities[option] as number) <= 0) continue;
          cumulative += probabilities[option] as number;
          action = option;
          if (draw < cumulative) break;
        }
        actions.push(action);
        logProbabilities.push(logProbability[action] as number);
        entropies.push(0 - probabilities.reduce((sum, probability, option) => (probability > 0 ? sum + probability * (logProbability[option] as number) : sum), 0));
        input = this.#embeddingRow(index, action);
      }
      finalState = { hidden: Array.from(hidden.dataSync()), cell: Array.from(cell.dataSync()) };
    });
    return {
      actions,
      logProbabilities,
      logProbability: logProbabilities.reduce((sum, value) => sum + value, 0),
      entropies,
      finalState: finalState as ControllerState,
    };
  }

  /**
   * Re-runs the controller on given actions: the log-probability and entropy of every
   * step, differentiable (for REINFORCE). Equal to what {@link AutoGanController.sample}
   * reported for the same actions and initial state.
   *
   * Ownership: the caller owns both tensors.
   *
   * @throws InvalidArgumentError for actions of the wrong length or outside the options.
   */
  score(options: { readonly actions: readonly number[]; readonly initialState?: ControllerState }): ControllerScores {
    const functionName = 'AutoGanController.score';
    requireOptions(functionName, options, '{ actions, initialState? }');
    this.#store.assertAlive(functionName);
    const { actions } = options;
    if (
      !Array.isArray(actions) ||
      actions.length !== this.tokens.length ||
      !actions.every((action, index) => Number.isInteger(action) && action >= 0 && action < (this.tokens[index] as number))
    ) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.actions',
        message: `expected ${this.tokens.length} option indices below [${this.tokens.join(', ')}], got ${describeValue(actions)}`,
      });
    }
    const initialState = this.#checkState(functionName, 'options.initialState', options.initialState);
    return tf.tidy(() => {
      let { hidden, cell } = this.#initial(initialState);
      let input: tf.Tensor2D = tf.zeros([1, this.hiddenSize]);
      const logProbabilities: tf.Tensor[] = [];
      const entropies: tf.Tensor[] = [];
      actions.forEach((action, index) => {
        const step = this.#step(input, hidden, cell, index);
        hidden = step.hidden;
        cell = step.cell;
        const logProbability = tf.logSoftmax(step.logits);
        const probability = tf.exp(logProbability);
        logProbabilities.push(tf.reshape(tf.slice(logProbability, [0, action], [1, 1]), [1]));
        entropies.push(tf.reshape(tf.sub(0, tf.sum(tf.mul(probability, logProbability))), [1]));
        input = this.#embeddingRow(index, action);
      });
      return { logProbabilities: tf.concat(logProbabilities) as tf.Tensor1D, entropies: tf.concat(entropies) as tf.Tensor1D };
    });
  }

  /** Every variable (all trainable). The controller owns them. */
  trainableVariables(): tf.Variable[] {
    this.#store.assertAlive('AutoGanController.trainableVariables');
    return this.#store.all();
  }

  /** The prefix of this instance's variable names. */
  get variablePrefix(): string {
    return this.#store.prefix;
  }

  /** The name of a variable without this instance's prefix. */
  localName(variable: tf.Variable): string {
    return this.#store.localName(variable);
  }

  /** Copies of the weights, keyed by local name. */
  getWeights(): Promise<NamedWeights> {
    this.#store.assertAlive('AutoGanController.getWeights');
    return this.#store.read();
  }

  /** Assigns the weights by local name (as {@link AutoGanController.getWeights} returns them). */
  setWeights(options: { readonly weights: NamedWeights }): void {
    requireOptions('AutoGanController.setWeights', options, '{ weights }');
    this.#store.write({ functionName: 'AutoGanController.setWeights', argument: 'options.weights', values: options.weights });
  }

  /** True after {@link AutoGanController.dispose}. */
  get isDisposed(): boolean {
    return this.#store.disposed;
  }

  /** Frees every variable; idempotent. */
  dispose(): void {
    this.#store.dispose();
  }

  /** Same as {@link AutoGanController.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates the controller of one search stage with fresh PyTorch-default weights.
 *
 * @throws InvalidArgumentError / OutOfRangeError for a bad stage, size, rng or mask
 *   (including a stage decision with no allowed option).
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createAutoGanController } from '@fewshot/autogan';
 * const controller = createAutoGanController({ stage: 2, rng: createRng({ seed: 1 }) });
 * controller.tokens; // [2, 3, 3, 2, 4]
 * controller.dispose();
 * ```
 */
export function createAutoGanController(options: AutoGanControllerOptions): AutoGanController {
  const functionName = 'createAutoGanController';
  requireOptions(functionName, options, '{ stage, rng, hiddenSize?, allowed? }');
  const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2 });
  const rng = requireRng(functionName, 'options.rng', options.rng);
  const hiddenSize = integerOption(functionName, 'options.hiddenSize', options.hiddenSize, { minimum: 1, fallback: 100 });
  const allowed = options.allowed ?? autoGanSpace.decisions.map((decision) => decision.options.map(() => true));
  const valid =
    Array.isArray(allowed) &&
    allowed.length === autoGanSpace.decisions.length &&
    allowed.every((mask, d) => Array.isArray(mask) && mask.length === autoGanSpace.decisions[d]?.options.length && mask.every((value) => typeof value === 'boolean'));
  if (!valid) {
    throw new InvalidArgumentError({ functionName, argument: 'options.allowed', message: `expected a region's mask (14 lists of booleans, one per option), got ${describeValue(allowed)}` });
  }
  for (const decision of autoGanStageDecisions[stage] as readonly number[]) {
    if (!(allowed[decision] as readonly boolean[]).some(Boolean)) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.allowed',
        message: `decision ${decision} (${autoGanSpace.decisions[decision]?.label}) has no allowed option`,
      });
    }
  }
  return new AutoGanController({ stage, hiddenSize, allowed, rng });
}
