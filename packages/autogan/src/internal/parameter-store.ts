/**
 * Named TensorFlow.js variables created from specs, with local names (without the
 * instance prefix) for saving, loading and copying between instances.
 */
import { InvalidArgumentError, StateError, type Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { initialValues, type Initializer } from './initializers.js';
import { uniqueVariablePrefix } from './variable-names.js';

/** One parameter (or buffer) of a network. */
export interface ParameterSpec {
  /** Local name, e.g. `cell1.pre.conv1.kernel`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly initializer: Initializer;
  /** False for buffers (running statistics, spectral-norm vectors). */
  readonly trainable: boolean;
}

import type { NamedWeights } from '../named-weights.js';

export type { NamedWeights };

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** Owns one variable per spec. */
export class ParameterStore {
  readonly prefix: string;
  readonly specs: readonly ParameterSpec[];
  readonly #variables = new Map<string, tf.Variable>();
  #disposed = false;

  constructor(options: { readonly kind: string; readonly specs: readonly ParameterSpec[]; readonly rng: Rng }) {
    this.prefix = uniqueVariablePrefix(options.kind);
    this.specs = options.specs;
    tf.tidy(() => {
      for (const spec of options.specs) {
        const values = initialValues(spec.initializer, sizeOf(spec.shape), options.rng);
        this.#variables.set(spec.name, tf.variable(tf.tensor(values, [...spec.shape], 'float32'), spec.trainable, `${this.prefix}/${spec.name}`));
      }
    });
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  assertAlive(functionName: string): void {
    if (this.#disposed) throw new StateError({ functionName, message: 'the object was disposed' });
  }

  has(name: string): boolean {
    return this.#variables.has(name);
  }

  get(name: string): tf.Variable {
    const variable = this.#variables.get(name);
    if (variable === undefined) throw new Error(`internal: no parameter ${name}`);
    return variable;
  }

  /** Every variable, in spec order. */
  all(): tf.Variable[] {
    return this.specs.map((spec) => this.get(spec.name));
  }

  localName(variable: tf.Variable): string {
    return variable.name.slice(this.prefix.length + 1);
  }

  /** Copies of every value, keyed by local name. */
  async read(): Promise<NamedWeights> {
    const result: NamedWeights = {};
    for (const spec of this.specs) {
      const data = await this.get(spec.name).data();
      result[spec.name] = new Float32Array(data as Float32Array);
    }
    return result;
  }

  /** Synchronous variant of {@link read} (for small networks and tests). */
  readSync(): NamedWeights {
    const result: NamedWeights = {};
    for (const spec of this.specs) result[spec.name] = new Float32Array(this.get(spec.name).dataSync() as Float32Array);
    return result;
  }

  /**
   * Assigns values by local name. With `partial`, names missing from `values` keep their
   * value; names in `values` that this store lacks are ignored when `ignoreExtra`.
   */
  write(options: {
    readonly functionName: string;
    readonly argument: string;
    readonly values: NamedWeights;
    readonly partial?: boolean;
    readonly ignoreExtra?: boolean;
  }): void {
    const { functionName, argument, values } = options;
    this.assertAlive(functionName);
    if (typeof values !== 'object' || values === null) {
      throw new InvalidArgumentError({ functionName, argument, message: 'expected an object of Float32Arrays keyed by parameter name' });
    }
    if (options.ignoreExtra !== true) {
      for (const name of Object.keys(values)) {
        if (!this.#variables.has(name)) {
          throw new InvalidArgumentError({ functionName, argument, message: `unknown parameter ${JSON.stringify(name)}` });
        }
      }
    }
    for (const spec of this.specs) {
      const value = values[spec.name];
      if (value === undefined) {
        if (options.partial === true) continue;
        throw new InvalidArgumentError({ functionName, argument, message: `missing parameter ${JSON.stringify(spec.name)}` });
      }
      if (!(value instanceof Float32Array) || value.length !== sizeOf(spec.shape)) {
        throw new InvalidArgumentError({
          functionName,
          argument,
          message: `parameter ${JSON.stringify(spec.name)} needs ${sizeOf(spec.shape)} float32 values (shape [${spec.shape.join(', ')}]), got ${
            value instanceof Float32Array ? value.length : typeof value
          }`,
        });
      }
    }
    tf.tidy(() => {
      for (const spec of this.specs) {
        const value = values[spec.name];
        if (value !== undefined) this.get(spec.name).assign(tf.tensor(value, [...spec.shape], 'float32'));
      }
    });
  }

  /** Draws fresh initial values for every parameter. */
  reinitialize(rng: Rng): void {
    tf.tidy(() => {
      for (const spec of this.specs) {
        this.get(spec.name).assign(tf.tensor(initialValues(spec.initializer, sizeOf(spec.shape), rng), [...spec.shape], 'float32'));
      }
    });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const variable of this.#variables.values()) variable.dispose();
    this.#variables.clear();
  }
}
