/**
 * What a trainer reports while it runs (numbers only). Pass a listener as `onEvent`.
 *
 * - `training-start`: once, with the schedule and the epoch it resumes from (0 for a fresh run).
 * - `epoch-start` / `epoch-end`: around every epoch; `epoch-end` carries the epoch's mean
 *   training loss and accuracy (percent) and its duration.
 * - `step-end`: after every optimiser step, with the step's loss and accuracy.
 * - `checkpoint-end`: after a checkpoint was written.
 * - `training-end`: once, after the last epoch.
 *
 * @example
 * ```ts
 * const onEvent = (event: TrainingEvent) => {
 *   if (event.type === 'epoch-end') console.log(`epoch ${event.epoch}: loss ${event.loss.toFixed(3)}`);
 * };
 * ```
 */
export type TrainingEvent =
  | {
      readonly type: 'training-start';
      readonly epochs: number;
      readonly stepsPerEpoch: number;
      readonly resumedFromEpoch: number;
    }
  | { readonly type: 'epoch-start'; readonly epoch: number }
  | {
      readonly type: 'step-end';
      readonly epoch: number;
      readonly step: number;
      readonly stepInEpoch: number;
      readonly stepsPerEpoch: number;
      readonly loss: number;
      readonly accuracy: number;
      readonly learningRate: number;
    }
  | {
      readonly type: 'epoch-end';
      readonly epoch: number;
      readonly loss: number;
      readonly accuracy: number;
      readonly learningRate: number;
      readonly seconds: number;
    }
  | { readonly type: 'checkpoint-end'; readonly epoch: number }
  | { readonly type: 'training-end'; readonly epochs: number; readonly steps: number; readonly seconds: number };

/**
 * One finished epoch, as recorded in a {@link TrainingSummary} and in checkpoints.
 *
 * @example
 * ```ts
 * const record: EpochRecord = { epoch: 0, loss: 2.1, accuracy: 24.5, learningRate: 0.02, seconds: 12.3 };
 * ```
 */
export interface EpochRecord {
  /** 0-based epoch number. */
  readonly epoch: number;
  /** Mean training loss over the epoch's steps. */
  readonly loss: number;
  /** Training top-1 accuracy over the epoch, percent. */
  readonly accuracy: number;
  /** Learning rate of the epoch's last step. */
  readonly learningRate: number;
  /** Wall-clock seconds the epoch took. */
  readonly seconds: number;
}

/**
 * What a trainer returns.
 *
 * @example
 * ```ts
 * const summary: TrainingSummary = await trainSupernet(options);
 * console.log(summary.steps, summary.history.at(-1)?.accuracy);
 * ```
 */
export interface TrainingSummary {
  /** Epochs trained in total (including those before a resume). */
  readonly epochs: number;
  /** Optimiser steps taken in total (including those before a resume). */
  readonly steps: number;
  /** The epoch this call resumed from (0 for a fresh run). */
  readonly resumedFromEpoch: number;
  /** One record per epoch. */
  readonly history: readonly EpochRecord[];
  /** Wall-clock seconds of this call. */
  readonly seconds: number;
}
