import './disposable-symbol.js';
import { createRng, FileFormatError, InvalidArgumentError, StateError, type Architecture, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { formatNasBench201Architecture } from '@fewshot/search-space';
import { operationIndex, validateArchitecture } from './internal/nas-bench-201.js';
import { ParameterStore } from './internal/parameter-store.js';
import { buildParameterSpecs, fullBatchNormalization, operationKey, type ParameterSpec } from './internal/parameter-specs.js';
import { resolveNetworkOptions } from './internal/resolve-network-options.js';
import { applyCellOperation, runCell, runNetwork } from './internal/run-network.js';
import { validateInput } from './internal/validate-input.js';
import { checkValuesMatch, readWeightsFolder, writeWeightsFolder } from './internal/weights-folder.js';
import type { NetworkOptions, ResolvedNetworkOptions } from './network-options.js';
import type { ForwardBaseOptions, LoadOptions, NetworkOutputs, SaveOptions } from './supernet-options.js';

/**
 * Options of {@link createStandaloneNetwork}.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const options: StandaloneNetworkOptions = { architecture: [3, 3, 3, 1, 3, 2], rng: createRng({ seed: 7 }) };
 * ```
 */
export interface StandaloneNetworkOptions extends NetworkOptions {
  /** The architecture of all 3N cells: six op indices, edge order `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`. */
  readonly architecture: Architecture;
  /** Initialises the weights (PyTorch's default schemes). Default `createRng({ seed: 0 })`. */
  readonly rng?: Rng;
}

interface StandaloneState {
  readonly network: ResolvedNetworkOptions;
  readonly architecture: Architecture;
  readonly store: (specs: readonly ParameterSpec[]) => ParameterStore;
}

function standaloneSpecs(network: ResolvedNetworkOptions, architecture: Architecture): ParameterSpec[] {
  return buildParameterSpecs({
    network,
    operationsAt: (_cell, edge) => [architecture[edge] as number],
    cellBatchNormalization: fullBatchNormalization,
  });
}

/**
 * One NAS-Bench-201 architecture as an ordinary network (the benchmark's `TinyNetwork`), to train
 * from scratch: every BN is affine with running statistics (momentum 0.1, eps 1e-5, as PyTorch).
 * It holds only the weights its architecture uses, so
 * {@link StandaloneNetwork.parameterCount} equals the benchmark's parameter count. Create it with
 * {@link createStandaloneNetwork} or {@link loadStandaloneNetwork}; it owns its variables
 * (call {@link StandaloneNetwork.dispose}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const network = createStandaloneNetwork({ architecture: [3, 3, 3, 1, 3, 2] });
 * network.parameterCount(); // 1_073_466 (NAS-Bench-201 index 6111, CIFAR-10 size)
 * const input = tf.zeros<tf.Rank.R4>([2, 32, 32, 3]);
 * const logits = network.forward({ input, training: false }); // [2, 10]
 * tf.dispose([input, logits]);
 * network.dispose();
 * ```
 */
export class StandaloneNetwork {
  /** The network size, with defaults filled in. */
  readonly networkOptions: ResolvedNetworkOptions;
  /** The architecture of every cell. */
  readonly architecture: Architecture;
  readonly #store: ParameterStore;

  /** @internal Use {@link createStandaloneNetwork}, {@link loadStandaloneNetwork} or `clone`. */
  constructor(state: StandaloneState) {
    this.networkOptions = state.network;
    this.architecture = Object.freeze([...state.architecture]);
    this.#store = state.store(standaloneSpecs(state.network, state.architecture));
  }

  /** The per-instance prefix of the variable names, e.g. `fewshot-network-4`. */
  get id(): string {
    return this.#store.prefix;
  }

  /** True after {@link StandaloneNetwork.dispose}. */
  get disposed(): boolean {
    return this.#store.disposed;
  }

  /** The architecture's NAS-Bench-201 string, e.g. `|nor_conv_3x3~0|+|...|`. */
  get architectureString(): string {
    return formatNasBench201Architecture(this.architecture);
  }

  #assertLive(functionName: string): void {
    if (this.#store.disposed) {
      throw new StateError({ functionName, message: `the network ${this.#store.prefix} was disposed` });
    }
  }

  #check(options: ForwardBaseOptions, functionName: string): void {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${String(options)}` });
    }
    if (typeof options.training !== 'boolean') {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.training',
        message: `expected true (training step) or false (evaluation), got ${String(options.training)}`,
      });
    }
    validateInput(options.input, this.networkOptions, { functionName, argument: 'options.input' }, options.training);
  }

  #run(options: ForwardBaseOptions, collectLayers: boolean) {
    const store = this.#store;
    const { training } = options;
    const architecture = this.architecture;
    return runNetwork({
      input: options.input,
      network: this.networkOptions,
      store,
      training,
      collectLayers,
      cell: (x, cell) =>
        runCell(x, (edge, node) => {
          const operation = architecture[edge] as number;
          if (operation === operationIndex.none) return undefined;
          return applyCellOperation(node, operation, store, operationKey(cell, edge, operation), training);
        }),
    });
  }

  /**
   * Runs the network and returns the logits `[batch, classes]` (the caller owns them). With
   * `training: true` every BN uses batch statistics and updates its running statistics; with
   * `false` the running statistics are used.
   *
   * @example
   * ```ts
   * const optimizer = tf.train.momentum(0.1, 0.9, true);
   * optimizer.minimize(
   *   () => tf.losses.softmaxCrossEntropy(labels, network.forward({ input, training: true })) as tf.Scalar,
   *   false,
   *   network.trainableVariables(),
   * );
   * ```
   */
  forward(options: ForwardBaseOptions): tf.Tensor2D {
    const functionName = 'StandaloneNetwork.forward';
    this.#assertLive(functionName);
    this.#check(options, functionName);
    return tf.tidy(() => this.#run(options, false).logits);
  }

  /**
   * Like {@link StandaloneNetwork.forward} but also returns the pooled features and every
   * layer's output. The caller owns all returned tensors.
   *
   * @example
   * ```ts
   * const { logits, features, layerOutputs } = network.forwardDetailed({ input, training: false });
   * tf.dispose([logits, features, ...layerOutputs]);
   * ```
   */
  forwardDetailed(options: ForwardBaseOptions): NetworkOutputs {
    const functionName = 'StandaloneNetwork.forwardDetailed';
    this.#assertLive(functionName);
    this.#check(options, functionName);
    return tf.tidy(() => {
      const run = this.#run(options, true);
      return { logits: run.logits, features: run.features, layerOutputs: run.layerOutputs };
    });
  }

  /**
   * Every trainable variable (convolutions, BN scale and offset, linear), owned by the network.
   * The running statistics are not trainable and not included.
   *
   * @example
   * ```ts
   * const { grads } = tf.variableGrads(() => loss(network.forward({ input, training: true })), network.trainableVariables());
   * ```
   */
  trainableVariables(): tf.Variable[] {
    this.#assertLive('StandaloneNetwork.trainableVariables');
    return this.#store.specs.filter((spec) => spec.trainable).map((spec) => this.#store.get(spec.key));
  }

  /**
   * Every variable (trainable and running statistics) by its instance-independent key; the same
   * keys as the supernet's for the conv kernels (`cell{c}/edge{to}-{from}/{op}/conv/kernel`).
   *
   * @example
   * ```ts
   * network.namedVariables().get('head/linear/kernel')?.shape; // [64, 10]
   * ```
   */
  namedVariables(): ReadonlyMap<string, tf.Variable> {
    this.#assertLive('StandaloneNetwork.namedVariables');
    return new Map(this.#store.entries());
  }

  /**
   * The number of trainable parameters, counted from the actual variables (conv weights, BN
   * scale/offset, linear weights and bias); equals NAS-Bench-201's `params` (x 1e6) and
   * {@link countParameters}.
   *
   * @example
   * ```ts
   * createStandaloneNetwork({ architecture: [4, 2, 1, 2, 1, 1] }).parameterCount(); // 129_306
   * ```
   */
  parameterCount(): number {
    return this.trainableVariables().reduce((total, variable) => total + variable.size, 0);
  }

  /**
   * An independent copy with bit-identical weights and running statistics.
   *
   * @example
   * ```ts
   * const copy = network.clone();
   * copy.dispose();
   * ```
   */
  clone(): StandaloneNetwork {
    this.#assertLive('StandaloneNetwork.clone');
    const source = this.#store;
    return new StandaloneNetwork({
      network: this.networkOptions,
      architecture: this.architecture,
      store: (specs) => ParameterStore.copy({ kind: 'network', specs, source }),
    });
  }

  /**
   * Writes the weights (and running statistics) to a folder, in the same format as
   * {@link Supernet.save}, atomically (temporary folder, then rename).
   *
   * @example
   * ```ts
   * await network.save({ directory: 'checkpoints/network-6111' });
   * ```
   */
  async save(options: SaveOptions): Promise<void> {
    const functionName = 'StandaloneNetwork.save';
    this.#assertLive(functionName);
    await writeWeightsFolder({
      directory: options?.directory,
      functionName,
      header: { kind: 'standalone-network', network: this.networkOptions, architecture: [...this.architecture] },
      variables: [...this.#store.entries()],
    });
  }

  /**
   * Overwrites the weights with a saved folder's (same architecture and size, else a
   * `FileFormatError`).
   *
   * @example
   * ```ts
   * await network.load({ directory: 'checkpoints/network-6111' });
   * ```
   */
  async load(options: LoadOptions): Promise<void> {
    const functionName = 'StandaloneNetwork.load';
    this.#assertLive(functionName);
    const directory = options?.directory;
    const { manifest, values } = await readWeightsFolder({ directory, functionName });
    const same =
      manifest.kind === 'standalone-network' &&
      JSON.stringify(manifest.network) === JSON.stringify(this.networkOptions) &&
      JSON.stringify(manifest.architecture) === JSON.stringify(this.architecture);
    if (!same) {
      throw new FileFormatError({
        functionName,
        argument: 'options.directory',
        message: `${directory} holds a ${String(manifest.kind)} ${JSON.stringify(manifest.architecture ?? null)} of size ${JSON.stringify(manifest.network)}, not this network`,
      });
    }
    checkValuesMatch({ manifest, expected: this.#store.specs, functionName, directory });
    this.#assertLive(functionName);
    this.#store.assign(values);
  }

  /**
   * Frees every variable; further calls (except `dispose`) throw a `StateError`.
   *
   * @example
   * ```ts
   * network.dispose();
   * ```
   */
  dispose(): void {
    this.#store.dispose();
  }

  /**
   * Same as {@link StandaloneNetwork.dispose}, for `using`.
   *
   * @example
   * ```ts
   * {
   *   using network = createStandaloneNetwork({ architecture: [1, 1, 1, 1, 1, 1] });
   * }
   * ```
   */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Creates the NAS-Bench-201 network of one architecture with freshly initialised weights.
 * Defaults: C = 16, N = 5, 10 classes, 32x32x3 inputs (the benchmark's CIFAR-10 network).
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const network = createStandaloneNetwork({ architecture: [3, 3, 3, 1, 3, 2], classes: 100, rng: createRng({ seed: 1 }) });
 * network.dispose();
 * ```
 */
export function createStandaloneNetwork(options: StandaloneNetworkOptions): StandaloneNetwork {
  const functionName = 'createStandaloneNetwork';
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${String(options)}` });
  }
  validateArchitecture(options.architecture, { functionName, argument: 'options.architecture' });
  const network = resolveNetworkOptions(options, functionName);
  let rng: Rng;
  if (options.rng === undefined) rng = createRng({ seed: 0 });
  else if (typeof options.rng === 'object' && options.rng !== null && typeof options.rng.float === 'function') rng = options.rng;
  else throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'expected an Rng from createRng' });
  return new StandaloneNetwork({
    network,
    architecture: options.architecture,
    store: (specs) => ParameterStore.initialize({ kind: 'network', specs, rng }),
  });
}

/**
 * Loads a network saved with {@link StandaloneNetwork.save} into a new instance.
 *
 * @example
 * ```ts
 * const network = await loadStandaloneNetwork({ directory: 'checkpoints/network-6111' });
 * ```
 */
export async function loadStandaloneNetwork(options: LoadOptions): Promise<StandaloneNetwork> {
  const functionName = 'loadStandaloneNetwork';
  const directory = options?.directory;
  const { manifest, values } = await readWeightsFolder({ directory, functionName });
  if (manifest.kind !== 'standalone-network') {
    throw new FileFormatError({ functionName, argument: 'options.directory', message: `${directory} holds a ${String(manifest.kind)}, not a standalone network` });
  }
  let network: ResolvedNetworkOptions;
  const architecture = manifest.architecture;
  try {
    network = resolveNetworkOptions(manifest.network, functionName, 'manifest.network');
    validateArchitecture(architecture, { functionName, argument: 'manifest.architecture' });
  } catch (error) {
    throw new FileFormatError({ functionName, argument: 'options.directory', message: `${directory}: bad manifest (${(error as Error).message})`, cause: error });
  }
  checkValuesMatch({ manifest, expected: standaloneSpecs(network, architecture), functionName, directory });
  return new StandaloneNetwork({
    network,
    architecture,
    store: (specs) => ParameterStore.fromValues({ kind: 'network', specs, values }),
  });
}
