/** A resumable stream of real-image minibatches in [-1, 1] over epochs of a data set. */
import { createRng, type Rng, type RngState } from '@fewshot/core';
import { iterateBatches, type ImageBatch, type ImageDataset } from '@fewshot/datasets';

/** Where the stream is: the data rng's state when the current epoch began and how many batches it has given. */
export interface RealBatchStreamState {
  readonly epochStart: RngState | null;
  readonly consumed: number;
  /** The data rng's current state (after the current epoch's fork). */
  readonly rng: RngState;
}

export class RealBatchStream {
  readonly #dataset: ImageDataset;
  readonly #batchSize: number;
  #rng: Rng;
  #iterator: IterableIterator<ImageBatch> | undefined;
  #epochStart: RngState | null = null;
  #consumed = 0;

  constructor(options: { readonly dataset: ImageDataset; readonly batchSize: number; readonly rng: Rng }) {
    this.#dataset = options.dataset;
    this.#batchSize = options.batchSize;
    this.#rng = options.rng;
  }

  /** Batches per epoch (the last may be smaller, as PyTorch's loader with drop_last=False). */
  get batchesPerEpoch(): number {
    return Math.ceil(this.#dataset.count / this.#batchSize);
  }

  /** Starts a new epoch (a fresh shuffle), abandoning the current one. */
  beginEpoch(): void {
    this.#epochStart = this.#rng.getState();
    this.#iterator = iterateBatches({
      dataset: this.#dataset,
      batchSize: this.#batchSize,
      shuffle: true,
      rng: this.#rng,
      normalization: { mean: [0.5], standardDeviation: [0.5] },
    });
    this.#consumed = 0;
  }

  /** The next batch of the current epoch, or undefined at its end. */
  nextInEpoch(): ImageBatch | undefined {
    if (this.#iterator === undefined) return undefined;
    const step = this.#iterator.next();
    if (step.done === true) {
      this.#iterator = undefined;
      return undefined;
    }
    this.#consumed += 1;
    return step.value;
  }

  /** The next batch, starting a new epoch when the current one is over. */
  next(): ImageBatch {
    let batch = this.nextInEpoch();
    if (batch === undefined) {
      this.beginEpoch();
      batch = this.nextInEpoch() as ImageBatch;
    }
    return batch;
  }

  getState(): RealBatchStreamState {
    return { epochStart: this.#iterator === undefined ? null : this.#epochStart, consumed: this.#iterator === undefined ? 0 : this.#consumed, rng: this.#rng.getState() };
  }

  /** Continues exactly where a stream with this state was. */
  setState(state: RealBatchStreamState): void {
    if (state.epochStart === null) {
      this.#rng = createRng({ state: state.rng });
      this.#iterator = undefined;
      this.#consumed = 0;
      return;
    }
    this.#rng = createRng({ state: state.epochStart });
    this.beginEpoch();
    for (let index = 0; index < state.consumed; index += 1) this.nextInEpoch();
  }
}
