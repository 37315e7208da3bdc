import './disposable-symbol.js';
import {
  createRng,
  FileFormatError,
  InvalidArgumentError,
  StateError,
  type Architecture,
  type Region,
  type RegionJson,
  type Rng,
} from '@fewshot/core';
import { createRegion, nasBench201, regionFromJson } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import {
  edgeCount,
  edgeLabel,
  operationCount,
  operationIndex,
  operationNames,
  validateArchitecture,
} from './internal/nas-bench-201.js';
import { firstOutside, maskFromRegion, masksEqual, type OperationMask } from './internal/operation-mask.js';
import { ParameterStore } from './internal/parameter-store.js';
import { buildParameterSpecs, cellCount, operationKey, type ParameterSpec } from './internal/parameter-specs.js';
import { resolveNetworkOptions } from './internal/resolve-network-options.js';
import { applyCellOperation, runCell, runNetwork, type NetworkRun } from './internal/run-network.js';
import { validateInput } from './internal/validate-input.js';
import { checkValuesMatch, readWeightsFolder, writeWeightsFolder } from './internal/weights-folder.js';
import type { ResolvedNetworkOptions } from './network-options.js';
import type {
  CellBatchNorm,
  LoadOptions,
  NetworkOutputs,
  SaveOptions,
  SupernetForwardOptions,
  SupernetOptions,
} from './supernet-options.js';

const cellBatchNormModes: readonly CellBatchNorm[] = ['batch-statistics', 'running-statistics'];

/** How a forward pass picks the op(s) on every edge of every cell. */
type PathPlan =
  | { readonly kind: 'single'; readonly architectures: readonly Architecture[] }
  | {
      readonly kind: 'mixed';
      readonly weights: readonly tf.Tensor2D[];
      readonly active: readonly Architecture[] | undefined;
    };

/** Everything a supernet is built from (internal). */
interface SupernetState {
  readonly network: ResolvedNetworkOptions;
  readonly cellBatchNorm: CellBatchNorm;
  readonly region: Region;
  readonly mask: OperationMask;
  readonly store: (specs: readonly ParameterSpec[]) => ParameterStore;
}

function supernetSpecs(network: ResolvedNetworkOptions, cellBatchNorm: CellBatchNorm, mask: OperationMask): ParameterSpec[] {
  return buildParameterSpecs({
    network,
    operationsAt: (_cell, edge) =>
      (mask[edge] as readonly boolean[]).flatMap((allowed, operation) => (allowed ? [operation] : [])),
    cellBatchNormalization: { affine: false, tracked: cellBatchNorm === 'running-statistics' },
  });
}

/**
 * The NAS-Bench-201 weight-sharing supernet: every op's weights on every edge of every cell
 * (or, after {@link Supernet.restrict}, of the ops a region can use), with single-path,
 * per-cell and mixed forward passes. Create it with {@link createSupernet} or
 * {@link loadSupernet}.
 *
 * It owns its TensorFlow.js variables: call {@link Supernet.dispose} (or `using`) when done.
 * Variable names carry a per-instance prefix ({@link Supernet.id}), so any number of supernets
 * coexist. The stem, reduction blocks and final BN are ordinary affine BN layers with running
 * statistics (as in the release); the cells' BN has no affine parameters (see
 * {@link CellBatchNorm}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createRng } from '@fewshot/core';
 * import { createSupernet } from '@fewshot/supernet';
 *
 * const supernet = createSupernet({ channels: 4, cellsPerStage: 1, inputShape: [8, 8, 3], rng: createRng({ seed: 1 }) });
 * const input = tf.randomNormal<tf.Rank.R4>([2, 8, 8, 3]);
 * const logits = supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3, 2] }); // [2, 10]
 * tf.dispose([input, logits]);
 * supernet.dispose();
 * ```
 */
export class Supernet {
  /** The network size, with defaults filled in. */
  readonly networkOptions: ResolvedNetworkOptions;
  /** How the cells' BN computes statistics. */
  readonly cellBatchNorm: CellBatchNorm;
  /** Number of cells (3N); the length of `architecturesPerCell`. */
  readonly cellCount: number;
  /**
   * The architectures this supernet holds weights for and accepts: the whole NAS-Bench-201 space,
   * or the region given to {@link Supernet.restrict}. `region.allowed[edge][op]` says whether op
   * `op` on edge `edge` is available.
   */
  readonly region: Region;
  readonly #mask: OperationMask;
  readonly #store: ParameterStore;

  /** @internal Use {@link createSupernet}, {@link loadSupernet}, `clone` or `restrict`. */
  constructor(state: SupernetState) {
    this.networkOptions = state.network;
    this.cellBatchNorm = state.cellBatchNorm;
    this.cellCount = cellCount(state.network);
    this.region = state.region;
    this.#mask = state.mask.map((row) => Object.freeze([...row]));
    this.#store = state.store(supernetSpecs(state.network, state.cellBatchNorm, state.mask));
  }

  /** The per-instance prefix of this supernet's variable names, e.g. `fewshot-supernet-3`. */
  get id(): string {
    return this.#store.prefix;
  }

  /** True after {@link Supernet.dispose}. */
  get disposed(): boolean {
    return this.#store.disposed;
  }

  #assertLive(functionName: string): void {
    if (this.#store.disposed) {
      throw new StateError({ functionName, message: `the supernet ${this.#store.prefix} was disposed` });
    }
  }

  /**
   * Runs the supernet on a batch and returns the logits `[batch, classes]` (the caller owns
   * them). Exactly one of `architecture`, `architecturesPerCell` and `mixingWeights` picks the
   * path; see {@link SupernetForwardOptions}. Synchronous; call it inside `tf.variableGrads` or
   * `optimizer.minimize` with {@link Supernet.trainableVariables} to train.
   *
   * @example
   * ```ts
   * const logits = supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3, 2] });
   * const perCell = supernet.forward({ input, training: true, architecturesPerCell: Array(supernet.cellCount).fill([2, 1, 4, 0, 3, 1]) });
   * const mixed = supernet.forward({ input, training: true, mixingWeights: tf.fill([6, 5], 0.2) });
   * ```
   */
  forward(options: SupernetForwardOptions): tf.Tensor2D {
    const functionName = 'Supernet.forward';
    this.#assertLive(functionName);
    const plan = this.#plan(options, functionName);
    return tf.tidy(() => this.#run(options.input, options.training, plan, false).logits);
  }

  /**
   * Like {@link Supernet.forward} but also returns the pooled features and every layer's output
   * (for inspection and tests). The caller owns all returned tensors.
   *
   * @example
   * ```ts
   * const { logits, features, layerOutputs } = supernet.forwardDetailed({ input, training: false, architecture: [1, 1, 1, 1, 1, 1] });
   * tf.dispose([logits, features, ...layerOutputs]);
   * ```
   */
  forwardDetailed(options: SupernetForwardOptions): NetworkOutputs {
    const functionName = 'Supernet.forwardDetailed';
    this.#assertLive(functionName);
    const plan = this.#plan(options, functionName);
    return tf.tidy(() => {
      const run = this.#run(options.input, options.training, plan, true);
      return { logits: run.logits, features: run.features, layerOutputs: run.layerOutputs };
    });
  }

  #plan(options: SupernetForwardOptions, functionName: string): PathPlan {
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
    const usesBatchStatistics = options.training || this.cellBatchNorm === 'batch-statistics';
    validateInput(options.input, this.networkOptions, { functionName, argument: 'options.input' }, usesBatchStatistics);
    const given = (['architecture', 'architecturesPerCell', 'mixingWeights'] as const).filter(
      (name) => options[name] !== undefined,
    );
    if (given.length !== 1) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options',
        message: `expected exactly one of architecture, architecturesPerCell, mixingWeights; got ${given.length === 0 ? 'none' : given.join(' and ')}`,
      });
    }
    if (options.activeOperations !== undefined && options.mixingWeights === undefined) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.activeOperations',
        message: 'activeOperations is only meaningful with mixingWeights',
      });
    }
    if (options.architecture !== undefined) {
      this.#checkArchitecture(options.architecture, functionName, 'options.architecture');
      return { kind: 'single', architectures: Array.from({ length: this.cellCount }, () => options.architecture as Architecture) };
    }
    if (options.architecturesPerCell !== undefined) {
      return { kind: 'single', architectures: this.#checkPerCell(options.architecturesPerCell, functionName, 'options.architecturesPerCell') };
    }
    const weights = this.#checkMixingWeights(options.mixingWeights, functionName);
    let active: readonly Architecture[] | undefined;
    if (options.activeOperations !== undefined) {
      const value: unknown = options.activeOperations;
      active =
        Array.isArray(value) && value.length > 0 && Array.isArray(value[0])
          ? this.#checkPerCell(value as Architecture[], functionName, 'options.activeOperations')
          : (() => {
              this.#checkArchitecture(value, functionName, 'options.activeOperations');
              return Array.from({ length: this.cellCount }, () => value as Architecture);
            })();
    }
    return { kind: 'mixed', weights, active };
  }

  #checkArchitecture(architecture: unknown, functionName: string, argument: string): asserts architecture is Architecture {
    validateArchitecture(architecture, { functionName, argument });
    const outside = firstOutside(this.#mask, architecture);
    if (outside !== undefined) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `edge ${edgeLabel(outside)} uses ${operationNames[architecture[outside] as number]}, which is outside this supernet's region (${this.region.label})`,
      });
    }
  }

  #checkPerCell(value: unknown, functionName: string, argument: string): Architecture[] {
    if (!Array.isArray(value) || value.length !== this.cellCount) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `expected one architecture per cell (${this.cellCount}), got ${Array.isArray(value) ? `${value.length}` : typeof value}`,
      });
    }
    value.forEach((architecture, cell) => this.#checkArchitecture(architecture, functionName, `${argument}[${cell}]`));
    return value as Architecture[];
  }

  #checkMixingWeights(value: unknown, functionName: string): tf.Tensor2D[] {
    const argument = 'options.mixingWeights';
    const check = (tensor: unknown, name: string): tf.Tensor2D => {
      const valid =
        tensor instanceof tf.Tensor &&
        !tensor.isDisposed &&
        tensor.rank === 2 &&
        tensor.shape[0] === edgeCount &&
        tensor.shape[1] === operationCount &&
        tensor.dtype === 'float32';
      if (!valid) {
        const shape = tensor instanceof tf.Tensor ? `${tensor.dtype} [${tensor.shape.join(', ')}]${tensor.isDisposed ? ' (disposed)' : ''}` : typeof tensor;
        throw new InvalidArgumentError({
          functionName,
          argument: name,
          message: `expected a float32 tensor of shape [${edgeCount}, ${operationCount}] (edge x op), got ${shape}`,
        });
      }
      return tensor as tf.Tensor2D;
    };
    if (Array.isArray(value)) {
      if (value.length !== this.cellCount) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `expected one [${edgeCount}, ${operationCount}] tensor shared by all cells or one per cell (${this.cellCount}), got an array of ${value.length}`,
        });
      }
      return value.map((tensor, cell) => check(tensor, `${argument}[${cell}]`));
    }
    const shared = check(value, argument);
    return Array.from({ length: this.cellCount }, () => shared);
  }

  #run(input: tf.Tensor4D, training: boolean, plan: PathPlan, collectLayers: boolean): NetworkRun {
    const store = this.#store;
    const operationOutput = (x: tf.Tensor4D, cell: number, edge: number, operation: number): tf.Tensor4D =>
      applyCellOperation(x, operation, store, operationKey(cell, edge, operation), training);
    let cellFunction: (x: tf.Tensor4D, cell: number) => tf.Tensor4D;
    if (plan.kind === 'single') {
      cellFunction = (x, cell) => {
        const architecture = plan.architectures[cell] as Architecture;
        return runCell(x, (edge, node) => {
          const operation = architecture[edge] as number;
          return operation === operationIndex.none ? undefined : operationOutput(node, cell, edge, operation);
        });
      };
    } else {
      // Split each distinct weight matrix into scalars once.
      const scalarsByTensor = new Map<tf.Tensor2D, tf.Scalar[][]>();
      const scalarsOf = (weights: tf.Tensor2D): tf.Scalar[][] => {
        let scalars = scalarsByTensor.get(weights);
        if (scalars === undefined) {
          scalars = tf.unstack(weights).map((row) => tf.unstack(row) as tf.Scalar[]);
          scalarsByTensor.set(weights, scalars);
        }
        return scalars;
      };
      cellFunction = (x, cell) => {
        const scalars = scalarsOf(plan.weights[cell] as tf.Tensor2D);
        const active = plan.active?.[cell];
        return runCell(x, (edge, node) => {
          const row = scalars[edge] as tf.Scalar[];
          const allowed = this.#mask[edge] as readonly boolean[];
          if (active === undefined) {
            const terms: tf.Tensor4D[] = [];
            for (let operation = 1; operation < operationCount; operation += 1) {
              if (!allowed[operation]) continue;
              terms.push(tf.mul(row[operation] as tf.Scalar, operationOutput(node, cell, edge, operation)));
            }
            if (terms.length === 0) return undefined;
            return terms.length === 1 ? (terms[0] as tf.Tensor4D) : (tf.addN(terms) as tf.Tensor4D);
          }
          const chosen = active[edge] as number;
          const path =
            chosen === operationIndex.none ? tf.fill(node.shape, 0) : tf.mul(row[chosen] as tf.Scalar, operationOutput(node, cell, edge, chosen));
          const others = row.filter((_, operation) => operation !== chosen && allowed[operation]);
          return others.length === 0 ? (path as tf.Tensor4D) : (tf.add(path, tf.addN(others)) as tf.Tensor4D);
        });
      };
    }
    return runNetwork({ input, network: this.networkOptions, store, training, cell: cellFunction, collectLayers });
  }

  /**
   * The trainable variables a forward pass uses (owned by the supernet; do not dispose): the
   * stem, reduction blocks and head, plus the conv weights of the ops on the path. `none`,
   * `skip_connect` and `avg_pool_3x3` have no weights; unused ops' weights are never included.
   * Pass the result as the variable list of `tf.variableGrads` / `optimizer.minimize`.
   *
   * - an architecture: the variables of that architecture in every cell;
   * - one architecture per cell: the union over the cells;
   * - nothing: every trainable variable (for mixed forward passes).
   *
   * @example
   * ```ts
   * const architecture = [3, 3, 3, 1, 3, 2];
   * const { value, grads } = tf.variableGrads(
   *   () => tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input, training: true, architecture })) as tf.Scalar,
   *   supernet.trainableVariables(architecture),
   * );
   * ```
   */
  trainableVariables(architecture?: Architecture | readonly Architecture[]): tf.Variable[] {
    const functionName = 'Supernet.trainableVariables';
    this.#assertLive(functionName);
    let uses: ((cell: number, edge: number, operation: number) => boolean) | undefined;
    if (architecture !== undefined) {
      const value: unknown = architecture;
      if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
        const perCell = this.#checkPerCell(value, functionName, 'architecture');
        uses = (cell, edge, operation) => perCell[cell]?.[edge] === operation;
      } else {
        this.#checkArchitecture(value, functionName, 'architecture');
        uses = (_cell, edge, operation) => value[edge] === operation;
      }
    }
    const result: tf.Variable[] = [];
    for (const spec of this.#store.specs) {
      if (!spec.trainable) continue;
      const location = spec.location;
      if (uses !== undefined && location !== undefined && !uses(location.cell, location.edge, location.operation)) continue;
      result.push(this.#store.get(spec.key));
    }
    return result;
  }

  /**
   * Every variable (trainable and running statistics) by its instance-independent key, in a
   * fixed order. Keys: `stem/conv/kernel`, `stem/bn/scale`, `cell{c}/edge{to}-{from}/{op}/conv/kernel`,
   * `reduction{r}/conv-a/kernel`, `head/linear/bias`, ... (see the supernet guide). The variables
   * stay owned by the supernet.
   *
   * @example
   * ```ts
   * const kernel = supernet.namedVariables().get('cell0/edge1-0/nor_conv_3x3/conv/kernel'); // [3, 3, C, C]
   * ```
   */
  namedVariables(): ReadonlyMap<string, tf.Variable> {
    this.#assertLive('Supernet.namedVariables');
    return new Map(this.#store.entries());
  }

  /**
   * A new supernet for a region (a sub-space, e.g. one child of a split): it holds exactly the
   * weights the region's architectures can use, as bit-identical copies of this supernet's
   * values, and drops the rest. This supernet is unchanged. The region must lie inside this
   * supernet's own region.
   *
   * @example
   * ```ts
   * import { createRegion, nasBench201 } from '@fewshot/search-space';
   * const children = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
   * const subSupernets = children.map((region) => supernet.restrict(region));
   * ```
   */
  restrict(region: Region): Supernet {
    const functionName = 'Supernet.restrict';
    this.#assertLive(functionName);
    const spaceId = (region as { space?: { id?: unknown } } | null)?.space?.id;
    if (spaceId !== nasBench201.id) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'region',
        message: `expected a region of the ${nasBench201.id} space (createRegion from @fewshot/search-space), got space ${JSON.stringify(spaceId) ?? 'none'}`,
      });
    }
    const mask = maskFromRegion(region, { functionName, argument: 'region' });
    mask.forEach((row, edge) =>
      row.forEach((allowed, operation) => {
        if (allowed && !this.#mask[edge]?.[operation]) {
          throw new InvalidArgumentError({
            functionName,
            argument: 'region',
            message: `the region allows ${operationNames[operation]} on edge ${edgeLabel(edge)}, which this supernet does not hold (its region: ${this.region.label})`,
          });
        }
      }),
    );
    const source = this.#store;
    return new Supernet({
      network: this.networkOptions,
      cellBatchNorm: this.cellBatchNorm,
      region,
      mask,
      store: (specs) => ParameterStore.copy({ kind: 'supernet', specs, source }),
    });
  }

  /**
   * An independent copy with the same region and bit-identical weights (new variables).
   *
   * @example
   * ```ts
   * const copy = supernet.clone();
   * copy.dispose(); // the original is untouched
   * ```
   */
  clone(): Supernet {
    this.#assertLive('Supernet.clone');
    const source = this.#store;
    return new Supernet({
      network: this.networkOptions,
      cellBatchNorm: this.cellBatchNorm,
      region: this.region,
      mask: this.#mask,
      store: (specs) => ParameterStore.copy({ kind: 'supernet', specs, source }),
    });
  }

  /**
   * Writes the weights to a folder: `manifest.json` (options, region, variable keys, shapes and
   * offsets, SHA-256 of the data) and `weights.bin` (little-endian float32). The folder is
   * written under a temporary name and renamed into place; an existing weights folder there is
   * replaced, any other non-empty folder is refused.
   *
   * @example
   * ```ts
   * await supernet.save({ directory: 'checkpoints/one-shot' });
   * const restored = await loadSupernet({ directory: 'checkpoints/one-shot' });
   * ```
   */
  async save(options: SaveOptions): Promise<void> {
    const functionName = 'Supernet.save';
    this.#assertLive(functionName);
    await writeWeightsFolder({
      directory: options?.directory,
      functionName,
      header: {
        kind: 'supernet',
        network: this.networkOptions,
        cellBatchNorm: this.cellBatchNorm,
        region: this.region.toJSON(),
      },
      variables: [...this.#store.entries()],
    });
  }

  /**
   * Overwrites this supernet's weights with a saved folder's. The folder must hold a supernet
   * of the same size, cell BN mode and region; otherwise a `FileFormatError`.
   *
   * @example
   * ```ts
   * await supernet.load({ directory: 'checkpoints/one-shot' });
   * ```
   */
  async load(options: LoadOptions): Promise<void> {
    const functionName = 'Supernet.load';
    this.#assertLive(functionName);
    const directory = options?.directory;
    const { manifest, values } = await readWeightsFolder({ directory, functionName });
    const differences: string[] = [];
    if (manifest.kind !== 'supernet') differences.push(`it holds a ${String(manifest.kind)}`);
    if (JSON.stringify(manifest.network) !== JSON.stringify(this.networkOptions)) {
      differences.push(`network ${JSON.stringify(manifest.network)} != ${JSON.stringify(this.networkOptions)}`);
    }
    if (manifest.cellBatchNorm !== this.cellBatchNorm) differences.push(`cellBatchNorm ${String(manifest.cellBatchNorm)} != ${this.cellBatchNorm}`);
    const savedMask = manifestMask(manifest.region);
    if (!masksEqual(savedMask, this.#mask)) {
      differences.push(`region ${JSON.stringify(manifest.region)} != ${JSON.stringify(this.region.toJSON())}`);
    }
    if (differences.length > 0) {
      throw new FileFormatError({ functionName, argument: 'options.directory', message: `${directory} does not match this supernet: ${differences.join('; ')}` });
    }
    checkValuesMatch({ manifest, expected: this.#store.specs, functionName, directory });
    this.#assertLive(functionName);
    this.#store.assign(values);
  }

  /**
   * Frees every variable. Further calls (except `dispose`) throw a `StateError`.
   *
   * @example
   * ```ts
   * supernet.dispose();
   * supernet.disposed; // true
   * ```
   */
  dispose(): void {
    this.#store.dispose();
  }

  /**
   * Same as {@link Supernet.dispose}, for `using supernet = createSupernet(...)`.
   *
   * @example
   * ```ts
   * {
   *   using supernet = createSupernet({ channels: 4, cellsPerStage: 1, inputShape: [8, 8, 3] });
   * } // disposed here
   * ```
   */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

function manifestMask(json: RegionJson | null | undefined): boolean[][] {
  const allowed = Array.isArray(json?.allowed) ? json.allowed : [];
  return allowed.map((options) =>
    Array.from({ length: operationCount }, (_, operation) => Array.isArray(options) && options.includes(operation)),
  );
}

function validateRng(rng: unknown, functionName: string): Rng {
  if (rng === undefined) return createRng({ seed: 0 });
  if (typeof rng !== 'object' || rng === null || typeof (rng as Rng).float !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.rng', message: 'expected an Rng from createRng' });
  }
  return rng as Rng;
}

function validateCellBatchNorm(value: unknown, functionName: string): CellBatchNorm {
  if (value === undefined) return 'batch-statistics';
  if (!cellBatchNormModes.includes(value as CellBatchNorm)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.cellBatchNorm',
      message: `expected one of ${cellBatchNormModes.map((mode) => `'${mode}'`).join(', ')}, got ${JSON.stringify(value) ?? String(value)}`,
    });
  }
  return value as CellBatchNorm;
}

/**
 * Creates a NAS-Bench-201 supernet with freshly initialised weights (all ops on all edges).
 * Defaults: C = 16, N = 5, 10 classes, 32x32x3 inputs, cell BN with batch statistics.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * const supernet = createSupernet({ rng: createRng({ seed: 2021 }) }); // the paper's CIFAR-10 supernet
 * supernet.trainableVariables().length;
 * supernet.dispose();
 * ```
 */
export function createSupernet(options: SupernetOptions = {}): Supernet {
  const functionName = 'createSupernet';
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${String(options)}` });
  }
  const network = resolveNetworkOptions(options, functionName);
  const cellBatchNorm = validateCellBatchNorm(options.cellBatchNorm, functionName);
  const rng = validateRng(options.rng, functionName);
  const region = createRegion({ space: nasBench201 });
  return new Supernet({
    network,
    cellBatchNorm,
    region,
    mask: maskFromRegion(region, { functionName, argument: 'options' }),
    store: (specs) => ParameterStore.initialize({ kind: 'supernet', specs, rng }),
  });
}

/**
 * Loads a supernet saved with {@link Supernet.save} into a new instance (same size, cell BN
 * mode and region; bit-identical weights).
 *
 * @example
 * ```ts
 * const supernet = await loadSupernet({ directory: 'checkpoints/one-shot' });
 * ```
 */
export async function loadSupernet(options: LoadOptions): Promise<Supernet> {
  const functionName = 'loadSupernet';
  const directory = options?.directory;
  const { manifest, values } = await readWeightsFolder({ directory, functionName });
  if (manifest.kind !== 'supernet') {
    throw new FileFormatError({ functionName, argument: 'options.directory', message: `${directory} holds a ${String(manifest.kind)}, not a supernet` });
  }
  let network: ResolvedNetworkOptions;
  let cellBatchNorm: CellBatchNorm;
  let region: Region;
  let mask: boolean[][];
  try {
    network = resolveNetworkOptions(manifest.network, functionName, 'manifest.network');
    cellBatchNorm = validateCellBatchNorm(manifest.cellBatchNorm, functionName);
    region = regionFromJson({ space: nasBench201, json: manifest.region as RegionJson });
    mask = maskFromRegion(region, { functionName, argument: 'manifest.region' });
  } catch (error) {
    throw new FileFormatError({ functionName, argument: 'options.directory', message: `${directory}: bad manifest (${(error as Error).message})`, cause: error });
  }
  checkValuesMatch({ manifest, expected: supernetSpecs(network, cellBatchNorm, mask), functionName, directory });
  return new Supernet({
    network,
    cellBatchNorm,
    region,
    mask,
    store: (specs) => ParameterStore.fromValues({ kind: 'supernet', specs, values }),
  });
}
