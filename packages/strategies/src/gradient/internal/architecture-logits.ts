/**
 * The architecture parameters of the DARTS family (alpha): one logit per edge and op, initialised
 * `initialScale * N(0, 1)`, with the ops outside the region masked to -Infinity before any softmax,
 * so that their weight is exactly zero, they get no gradient and the derived architecture stays
 * inside the region.
 */
import type { Architecture, Region, Rng } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';

export class ArchitectureLogits {
  readonly variable: tf.Variable<tf.Rank.R2>;
  readonly allowed: readonly (readonly boolean[])[];
  readonly #mask: tf.Tensor2D;
  readonly #negativeInfinity: tf.Tensor2D;

  constructor(options: { readonly name: string; readonly region: Region; readonly rng: Rng; readonly initialScale: number }) {
    const { region, rng, initialScale } = options;
    this.allowed = region.allowed.map((row) => [...row]);
    const edges = this.allowed.length;
    const operations = this.allowed[0]?.length ?? 0;
    const values = new Float32Array(edges * operations);
    for (let index = 0; index < values.length; index += 1) values[index] = initialScale * rng.normal();
    this.variable = tf.tidy(() => tf.variable(tf.tensor2d(values, [edges, operations]), true, options.name)) as tf.Variable<tf.Rank.R2>;
    this.#mask = tf.tensor2d(this.allowed.flat(), [edges, operations], 'bool');
    this.#negativeInfinity = tf.fill([edges, operations], Number.NEGATIVE_INFINITY) as tf.Tensor2D;
  }

  /** `where(allowed, alpha, -Infinity)`; differentiable in alpha. Call inside `tf.tidy`. */
  masked(): tf.Tensor2D {
    return tf.where(this.#mask, this.variable, this.#negativeInfinity) as tf.Tensor2D;
  }

  /** Softmax of the masked logits per edge (zero outside the region). Call inside `tf.tidy`. */
  softmax(): tf.Tensor2D {
    return tf.softmax(this.masked()) as tf.Tensor2D;
  }

  /** The masked logits as numbers, -Infinity outside the region. */
  values(): number[][] {
    const data = this.variable.dataSync();
    const operations = this.allowed[0]?.length ?? 0;
    return this.allowed.map((row, edge) =>
      row.map((allowed, operation) => (allowed ? (data[edge * operations + operation] as number) : Number.NEGATIVE_INFINITY)),
    );
  }

  /** Softmax per edge, computed in double precision from the float32 logits; exactly 0 outside the region. */
  probabilities(): number[][] {
    return this.values().map((row) => {
      const maximum = Math.max(...row);
      const exponentials = row.map((value) => (value === Number.NEGATIVE_INFINITY ? 0 : Math.exp(value - maximum)));
      const total = exponentials.reduce((sum, value) => sum + value, 0);
      return exponentials.map((value) => value / total);
    });
  }

  /** The argmax op of every edge among the allowed ones (the lowest index on a tie). */
  derive(): Architecture {
    return this.values().map((row) => {
      let best = -1;
      row.forEach((value, operation) => {
        if (value !== Number.NEGATIVE_INFINITY && (best < 0 || value > (row[best] as number))) best = operation;
      });
      return best;
    });
  }

  /** Log-probability of an architecture under the independent per-edge softmax. */
  logProbability(architecture: Architecture, logProbabilities: readonly (readonly number[])[]): number {
    let total = 0;
    architecture.forEach((operation, edge) => {
      total += logProbabilities[edge]?.[operation] as number;
    });
    return total;
  }

  /** log-softmax per edge in double precision (-Infinity outside the region). */
  logProbabilities(): number[][] {
    return this.values().map((row) => {
      const maximum = Math.max(...row);
      const logTotal = maximum + Math.log(row.reduce((sum, value) => sum + (value === Number.NEGATIVE_INFINITY ? 0 : Math.exp(value - maximum)), 0));
      return row.map((value) => (value === Number.NEGATIVE_INFINITY ? value : value - logTotal));
    });
  }

  dispose(): void {
    tf.dispose([this.variable, this.#mask, this.#negativeInfinity]);
  }
}
