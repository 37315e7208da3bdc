import { InvalidArgumentError, StateError, type Architecture, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { uniqueVariablePrefix } from '../internal/variable-names.js';
import { describe, optionalInteger, optionalNumber, requireOptions } from '../internal/validate.js';

/**
 * Options of {@link createLstmController}. Defaults are ENAS's controller as the NAS-Bench-201
 * release configures it (hidden size 32, 2 layers, logits `2.5 * tanh(l / 5)`).
 *
 * @example
 * ```ts
 * const options: LstmControllerOptions = { allowed: region.allowed, rng: createRng({ seed: 1 }) };
 * ```
 */
export interface LstmControllerOptions {
  /**
   * `allowed[decision][option]`: the options each decision may take (a region's `allowed`); the
   * controller never samples a disallowed option. Its shape sets the number of decisions and options.
   */
  readonly allowed: readonly (readonly boolean[])[];
  /** Initialises the weights. */
  readonly rng: Rng;
  /** LSTM hidden size. Default 32. */
  readonly hiddenSize?: number;
  /** Stacked LSTM layers. Default 2. */
  readonly layers?: number;
  /** Logits are `tanhConstant * tanh(raw / temperature)`. Default 2.5. */
  readonly tanhConstant?: number;
  /** See `tanhConstant`. Default 5. */
  readonly temperature?: number;
}

/**
 * Options of {@link LstmController.sample}.
 *
 * @example
 * ```ts
 * const architectures = controller.sample({ rng, count: 20 });
 * ```
 */
export interface LstmControllerSampleOptions {
  /** Draws the options. */
  readonly rng: Rng;
  /** How many architectures to draw (in one batched pass). Default 1. */
  readonly count?: number;
}

/**
 * What {@link LstmController.logProbabilities} returns; the caller owns both tensors.
 *
 * @example
 * ```ts
 * const { logProbability, entropy } = controller.logProbabilities({ architectures });
 * tf.dispose([logProbability, entropy]);
 * ```
 */
export interface LstmControllerScores {
  /** `[count]`: log-probability of each architecture (sum over decisions). Differentiable. */
  readonly logProbability: tf.Tensor1D;
  /** `[count]`: sum over decisions of the entropy of each step's distribution. Differentiable. */
  readonly entropy: tf.Tensor1D;
}

/** One LSTM layer, gate-major: `[4, hidden, hidden]` kernels and `[4, hidden]` biases, gates in PyTorch's order i, f, g, o. */
interface LayerWeights {
  readonly input: tf.Variable<tf.Rank.R3>;
  readonly recurrent: tf.Variable<tf.Rank.R3>;
  readonly bias: tf.Variable<tf.Rank.R2>;
}

/**
 * ENAS's autoregressive LSTM controller (Pham et al. 2018) for spaces of categorical decisions:
 * a learnt start input goes through a stacked LSTM; at decision `d` a linear layer turns the top
 * hidden state into logits `tanhConstant * tanh(l / temperature)` over the options (disallowed
 * options get -Infinity), an option is drawn, and its embedding is the next input. Gates follow
 * PyTorch's `nn.LSTM` (input, forget, cell, output). Initialisation as the NAS-Bench-201 release:
 * start input, embeddings, first-layer weights and the output layer's weights uniform in
 * +-0.1; other weights and biases uniform in +-1/sqrt(hidden) (PyTorch's default).
 * Owns its variables: call {@link LstmController.dispose}.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * import { createLstmController } from '@fewshot/strategies/gradient';
 * const controller = createLstmController({ allowed: createRegion({ space: nasBench201 }).allowed, rng: createRng({ seed: 1 }) });
 * const [architecture] = controller.sample({ rng: createRng({ seed: 2 }) });
 * const { logProbability, entropy } = controller.logProbabilities({ architectures: [architecture] });
 * tf.dispose([logProbability, entropy]);
 * controller.dispose();
 * ```
 */
export class LstmController {
  /** Number of decisions (edges). */
  readonly decisions: number;
  /** Number of options per decision. */
  readonly options: number;
  /** LSTM hidden size. */
  readonly hiddenSize: number;
  /** Stacked layers. */
  readonly layers: number;
  /** Logit squashing constant. */
  readonly tanhConstant: number;
  /** Logit temperature. */
  readonly temperature: number;
  /** The allowed options per decision. */
  readonly allowed: readonly (readonly boolean[])[];
  readonly #start: tf.Variable<tf.Rank.R2>;
  readonly #embedding: tf.Variable<tf.Rank.R2>;
  readonly #layers: LayerWeights[];
  readonly #outputKernel: tf.Variable<tf.Rank.R2>;
  readonly #outputBias: tf.Variable<tf.Rank.R1>;
  readonly #masks: tf.Tensor1D[];
  readonly #negativeInfinity: tf.Tensor1D;
  #disposed = false;

  /** @internal Use {@link createLstmController}. */
  constructor(settings: {
    readonly allowed: readonly (readonly boolean[])[];
    readonly rng: Rng;
    readonly hiddenSize: number;
    readonly layers: number;
    readonly tanhConstant: number;
    readonly temperature: number;
  }) {
    const { rng, hiddenSize } = settings;
    this.allowed = settings.allowed.map((row) => [...row]);
    this.decisions = this.allowed.length;
    this.options = this.allowed[0]?.length ?? 0;
    this.hiddenSize = hiddenSize;
    this.layers = settings.layers;
    this.tanhConstant = settings.tanhConstant;
    this.temperature = settings.temperature;
    const prefix = uniqueVariablePrefix('lstm-controller');
    const uniform = (shape: number[], bound: number, name: string): tf.Variable => {
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const values = new Float32Array(size);
      for (let index = 0; index < size; index += 1) values[index] = (2 * rng.float() - 1) * bound;
      return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, `${prefix}/${name}`));
    };
    const defaultBound = 1 / Math.sqrt(hiddenSize);
    this.#start = uniform([1, hiddenSize], 0.1, 'start') as tf.Variable<tf.Rank.R2>;
    this.#embedding = uniform([this.options, hiddenSize], 0.1, 'embedding') as tf.Variable<tf.Rank.R2>;
    this.#layers = Array.from({ length: settings.layers }, (_, layer) => ({
      input: uniform([4, hiddenSize, hiddenSize], layer === 0 ? 0.1 : defaultBound, `layer${layer}/input-kernel`) as tf.Variable<tf.Rank.R3>,
      recurrent: uniform([4, hiddenSize, hiddenSize], layer === 0 ? 0.1 : defaultBound, `layer${layer}/recurrent-kernel`) as tf.Variable<tf.Rank.R3>,
      bias: uniform([4, hiddenSize], defaultBound, `layer${layer}/bias`) as tf.Variable<tf.Rank.R2>,
    }));
    this.#outputKernel = uniform([hiddenSize, this.options], 0.1, 'output/kernel') as tf.Variable<tf.Rank.R2>;
    this.#outputBias = uniform([this.options], defaultBound, 'output/bias') as tf.Variable<tf.Rank.R1>;
    this.#masks = this.allowed.map((row) => tf.tensor1d([...row], 'bool'));
    this.#negativeInfinity = tf.fill([this.options], Number.NEGATIVE_INFINITY) as tf.Tensor1D;
  }

  #assertLive(functionName: string): void {
    if (this.#disposed) throw new StateError({ functionName, message: 'the controller was disposed' });
  }

  /** Runs the recurrence; `choose(decision, logits)` returns the option indices of this step. */
  #run(count: number, choose: (decision: number, logits: tf.Tensor2D) => number[], collect?: (decision: number, logits: tf.Tensor2D, chosen: number[]) => void): void {
    const hidden = this.hiddenSize;
    let states = this.#layers.map(() => ({ h: tf.zeros([count, hidden]) as tf.Tensor2D, c: tf.zeros([count, hidden]) as tf.Tensor2D }));
    let input: tf.Tensor2D = tf.tile(this.#start, [count, 1]) as tf.Tensor2D;
    // Per-gate matrices (a split of a [batch, 4 hidden] product is slow on the cpu backend).
    const layers = this.#layers.map((layer) => ({
      input: tf.unstack(layer.input) as tf.Tensor2D[],
      recurrent: tf.unstack(layer.recurrent) as tf.Tensor2D[],
      bias: tf.unstack(layer.bias) as tf.Tensor1D[],
    }));
    for (let decision = 0; decision < this.decisions; decision += 1) {
      const next: { h: tf.Tensor2D; c: tf.Tensor2D }[] = [];
      let x = input;
      layers.forEach((layer, index) => {
        const state = states[index] as { h: tf.Tensor2D; c: tf.Tensor2D };
        const gate = (g: number): tf.Tensor2D =>
          tf.add(tf.add(tf.matMul(x, layer.input[g] as tf.Tensor2D), tf.matMul(state.h, layer.recurrent[g] as tf.Tensor2D)), layer.bias[g] as tf.Tensor1D);
        const [inputGate, forgetGate, cellGate, outputGate] = [gate(0), gate(1), gate(2), gate(3)];
        const c = tf.add(tf.mul(tf.sigmoid(forgetGate), state.c), tf.mul(tf.sigmoid(inputGate), tf.tanh(cellGate))) as tf.Tensor2D;
        const h = tf.mul(tf.sigmoid(outputGate), tf.tanh(c)) as tf.Tensor2D;
        next.push({ h, c });
        x = h;
      });
      states = next;
      const raw = tf.add(tf.matMul(x, this.#outputKernel), this.#outputBias);
      const squashed = tf.mul(tf.tanh(tf.div(raw, this.temperature)), this.tanhConstant);
      const mask = tf.tile(tf.expandDims(this.#masks[decision] as tf.Tensor1D, 0), [count, 1]);
      const logits = tf.where(mask, squashed, tf.tile(tf.expandDims(this.#negativeInfinity, 0), [count, 1])) as tf.Tensor2D;
      const chosen = choose(decision, logits);
      collect?.(decision, logits, chosen);
      input = tf.gather(this.#embedding, tf.tensor1d(chosen, 'int32')) as tf.Tensor2D;
    }
  }

  /**
   * Draws `count` architectures (one option per decision, autoregressively). Synchronous; reads
   * the probabilities back once per decision. The same generator state gives the same draws.
   *
   * @example
   * ```ts
   * const architectures = controller.sample({ rng: createRng({ seed: 3 }), count: 100 });
   * ```
   */
  sample(options: LstmControllerSampleOptions): Architecture[] {
    const functionName = 'LstmController.sample';
    this.#assertLive(functionName);
    requireOptions(functionName, 'options', options);
    const rng = options.rng;
    if (typeof rng !== 'object' || rng === null || typeof rng.float !== 'function') {
      throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'expected an Rng from createRng' });
    }
    const count = optionalInteger(functionName, 'options.count', options.count, 1, 1);
    const architectures: number[][] = Array.from({ length: count }, () => []);
    tf.tidy(() =>
      this.#run(count, (decision, logits) => {
        const probabilities = tf.softmax(logits).dataSync();
        return architectures.map((architecture, row) => {
          const u = rng.float();
          let cumulative = 0;
          let chosen = -1;
          for (let option = 0; option < this.options; option += 1) {
            const p = probabilities[row * this.options + option] as number;
            if (p <= 0 || this.allowed[decision]?.[option] !== true) continue;
            chosen = option;
            cumulative += p;
            if (u < cumulative) break;
          }
          architecture.push(chosen);
          return chosen;
        });
      }),
    );
    return architectures;
  }

  /**
   * The differentiable log-probability and entropy of given architectures (teacher forcing), for
   * the REINFORCE update. The caller owns the returned tensors; call it inside `tf.variableGrads`
   * with {@link LstmController.trainableVariables} to train.
   *
   * @example
   * ```ts
   * const { value, grads } = tf.variableGrads(() => {
   *   const { logProbability } = controller.logProbabilities({ architectures });
   *   return tf.neg(tf.sum(tf.mul(logProbability, advantages))) as tf.Scalar;
   * }, controller.trainableVariables());
   * ```
   */
  logProbabilities(options: {
    /** The architectures to score (at least one), e.g. the ones `sample` returned. */
    readonly architectures: readonly Architecture[];
  }): LstmControllerScores {
    const functionName = 'LstmController.logProbabilities';
    this.#assertLive(functionName);
    requireOptions(functionName, 'options', options);
    const { architectures } = options;
    if (!Array.isArray(architectures) || architectures.length === 0) {
      throw new InvalidArgumentError({ functionName, argument: 'options.architectures', message: `expected a non-empty array, got ${describe(architectures)}` });
    }
    architectures.forEach((architecture, index) => {
      const valid =
        Array.isArray(architecture) &&
        architecture.length === this.decisions &&
        architecture.every((option, decision) => Number.isInteger(option) && this.allowed[decision]?.[option] === true);
      if (!valid) {
        throw new InvalidArgumentError({
          functionName,
          argument: `options.architectures[${index}]`,
          message: `expected ${this.decisions} allowed option indices, got ${describe(architecture)}`,
        });
      }
    });
    return tf.tidy(() => {
      const logTerms: tf.Tensor1D[] = [];
      const entropyTerms: tf.Tensor1D[] = [];
      this.#run(
        architectures.length,
        (decision) => architectures.map((architecture) => architecture[decision] as number),
        (decision, logits, chosen) => {
          const logProbabilities = tf.logSoftmax(logits);
          const mask = tf.tile(tf.expandDims(this.#masks[decision] as tf.Tensor1D, 0), [architectures.length, 1]);
          const safe = tf.where(mask, logProbabilities, tf.zerosLike(logProbabilities));
          const oneHot = tf.oneHot(tf.tensor1d(chosen, 'int32'), this.options);
          logTerms.push(tf.sum(tf.mul(oneHot, safe), 1) as tf.Tensor1D);
          entropyTerms.push(tf.neg(tf.sum(tf.mul(tf.exp(logProbabilities), safe), 1)) as tf.Tensor1D);
        },
      );
      return { logProbability: tf.addN(logTerms) as tf.Tensor1D, entropy: tf.addN(entropyTerms) as tf.Tensor1D };
    });
  }

  /**
   * The trainable variables (owned by the controller; do not dispose).
   *
   * @example
   * ```ts
   * adam.step({ variables: controller.trainableVariables(), gradients: grads });
   * ```
   */
  trainableVariables(): tf.Variable[] {
    this.#assertLive('LstmController.trainableVariables');
    return [this.#start, this.#embedding, ...this.#layers.flatMap((layer) => [layer.input, layer.recurrent, layer.bias]), this.#outputKernel, this.#outputBias];
  }

  /**
   * The variables by a short, instance-independent name (`start`, `embedding`, `layer0/input-kernel`, ...).
   *
   * @example
   * ```ts
   * controller.namedVariables().get('output/kernel')?.shape; // [32, 5]
   * ```
   */
  namedVariables(): ReadonlyMap<string, tf.Variable> {
    this.#assertLive('LstmController.namedVariables');
    return new Map(this.trainableVariables().map((variable) => [variable.name.slice(variable.name.indexOf('/') + 1), variable]));
  }

  /**
   * Frees every variable. Further calls (except `dispose`) throw a `StateError`.
   *
   * @example
   * ```ts
   * controller.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    tf.dispose([...this.trainableVariables(), ...this.#masks, this.#negativeInfinity]);
    this.#disposed = true;
  }

  /** Same as {@link LstmController.dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates an {@link LstmController} for a space of categorical decisions.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const controller = createLstmController({ allowed: createRegion({ space: nasBench201 }).allowed, rng: createRng({ seed: 1 }) });
 * ```
 */
export function createLstmController(options: LstmControllerOptions): LstmController {
  const functionName = 'createLstmController';
  requireOptions(functionName, 'options', options);
  const allowed = options.allowed;
  const valid =
    Array.isArray(allowed) &&
    allowed.length > 0 &&
    allowed.every((row) => Array.isArray(row) && row.length === (allowed[0] as boolean[]).length && row.length > 0 && row.every((value) => typeof value === 'boolean') && row.some(Boolean));
  if (!valid) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.allowed',
      message: `expected one row of booleans per decision, equal lengths, each allowing at least one option; got ${describe(allowed)}`,
    });
  }
  if (typeof options.rng !== 'object' || options.rng === null || typeof options.rng.float !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'expected an Rng from createRng' });
  }
  return new LstmController({
    allowed,
    rng: options.rng,
    hiddenSize: optionalInteger(functionName, 'options.hiddenSize', options.hiddenSize, 32, 1),
    layers: optionalInteger(functionName, 'options.layers', options.layers, 2, 1),
    tanhConstant: optionalNumber(functionName, 'options.tanhConstant', options.tanhConstant, 2.5, { exclusiveMinimum: 0 }),
    temperature: optionalNumber(functionName, 'options.temperature', options.temperature, 5, { exclusiveMinimum: 0 }),
  });
}
