/** Owns the variables of one network instance, keyed by logical parameter key. */
import type { Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ParameterSpec } from './parameter-specs.js';

let instanceCounter = 0;

function uniquePrefix(kind: string, probeKey: string): string {
  const registered = tf.engine().registeredVariables;
  for (;;) {
    instanceCounter += 1;
    const prefix = `fewshot-${kind}-${instanceCounter}`;
    if (registered[`${prefix}/${probeKey}`] === undefined) return prefix;
  }
}

function initialValues(spec: ParameterSpec, rng: Rng): Float32Array {
  const size = spec.shape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  const initializer = spec.initializer;
  if (initializer.kind === 'ones') values.fill(1);
  else if (initializer.kind === 'uniform') {
    const { bound } = initializer;
    for (let index = 0; index < size; index += 1) values[index] = (2 * rng.float() - 1) * bound;
  }
  return values;
}

export class ParameterStore {
  /** Per-instance prefix of the variable names, e.g. `fewshot-supernet-3`. */
  readonly prefix: string;
  readonly specs: readonly ParameterSpec[];
  private readonly variables = new Map<string, tf.Variable>();
  private isDisposed = false;

  private constructor(kind: string, specs: readonly ParameterSpec[], values: (spec: ParameterSpec) => tf.Tensor) {
    this.specs = specs;
    this.prefix = uniquePrefix(kind, specs[0]?.key ?? 'none');
    try {
      for (const spec of specs) {
        const variable = tf.tidy(() =>
          tf.variable(values(spec), spec.trainable, `${this.prefix}/${spec.key}`, 'float32'),
        );
        this.variables.set(spec.key, variable);
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** Fresh variables initialised from `rng`, in spec order. */
  static initialize(options: { readonly kind: string; readonly specs: readonly ParameterSpec[]; readonly rng: Rng }) {
    return new ParameterStore(options.kind, options.specs, (spec) =>
      tf.tensor(initialValues(spec, options.rng), [...spec.shape], 'float32'),
    );
  }

  /** Copies of `source`'s variables for every spec (each spec key must exist in the source). */
  static copy(options: { readonly kind: string; readonly specs: readonly ParameterSpec[]; readonly source: ParameterStore }) {
    return new ParameterStore(options.kind, options.specs, (spec) => tf.clone(options.source.get(spec.key)));
  }

  /** Variables from explicit values (loading), checked against the specs by the caller. */
  static fromValues(options: {
    readonly kind: string;
    readonly specs: readonly ParameterSpec[];
    readonly values: ReadonlyMap<string, Float32Array>;
  }) {
    return new ParameterStore(options.kind, options.specs, (spec) =>
      tf.tensor(options.values.get(spec.key) as Float32Array, [...spec.shape], 'float32'),
    );
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  has(key: string): boolean {
    return this.variables.has(key);
  }

  get(key: string): tf.Variable {
    const variable = this.variables.get(key);
    if (variable === undefined) throw new Error(`internal: no parameter ${key} in ${this.prefix}`);
    return variable;
  }

  find(key: string): tf.Variable | undefined {
    return this.variables.get(key);
  }

  entries(): IterableIterator<[string, tf.Variable]> {
    return this.variables.entries();
  }

  /** Overwrites values in place (loading into an existing instance). */
  assign(values: ReadonlyMap<string, Float32Array>): void {
    for (const spec of this.specs) {
      const variable = this.get(spec.key);
      tf.tidy(() => variable.assign(tf.tensor(values.get(spec.key) as Float32Array, [...spec.shape], 'float32')));
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
  }
}
