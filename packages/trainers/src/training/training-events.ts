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
      /** Sent once, before the first step (after a checkpoint, if any, was restored). */
      readonly type: 'training-start';
      /** Total epochs of the run, as in the options. */
      readonly epochs: number;
      /** Optimiser steps per epoch: `floor(examples / batchSize)`. */
      readonly stepsPerEpoch: number;
      /** Epochs already done by the checkpoint this run resumed from; 0 for a fresh run. */
      readonly resumedFromEpoch: number;
    }
  | {
      /** Sent before the first step of every epoch. */
      readonly type: 'epoch-start';
      /** The 0-based epoch that starts. */
      readonly epoch: number;
    }
  | {
      /** Sent after every optimiser step. */
      readonly type: 'step-end';
      /** The 0-based epoch of the step. */
      readonly epoch: number;
      /** The 0-based step over the whole run (it continues across epochs and resumes). */
      readonly step: number;
      /** The 0-based step within this epoch. */
      readonly stepInEpoch: number;
      /** Optimiser steps per epoch. */
      readonly stepsPerEpoch: number;
      /** Mean cross-entropy of the step's batch (before the update). */
      readonly loss: number;
      /** Top-1 accuracy on the step's batch, percent (before the update). */
      readonly accuracy: number;
      /** The learning rate this step used. */
      readonly learningRate: number;
    }
  | {
      /** Sent after the last step of every epoch; carries the same numbers as its {@link EpochRecord}. */
      readonly type: 'epoch-end';
      /** The 0-based epoch that ended. */
      readonly epoch: number;
      /** Mean training loss over the epoch's examples. */
      readonly loss: number;
      /** Training top-1 accuracy over the epoch, percent. */
      readonly accuracy: number;
      /** The learning rate of the epoch's last step. */
      readonly learningRate: number;
      /** Wall-clock seconds the epoch took. */
      readonly seconds: number;
    }
  | {
      /** Sent after a checkpoint was written (only with the `checkpoint` option). */
      readonly type: 'checkpoint-end';
      /** The 0-based epoch whose end the checkpoint holds. */
      readonly epoch: number;
    }
  | {
      /** Sent once, after the last epoch (and its checkpoint). */
      readonly type: 'training-end';
      /** Total epochs of the run. */
      readonly epochs: number;
      /** Total optimiser steps of the run, including those before a resume. */
      readonly steps: number;
      /** Wall-clock seconds of this call (not counting time before a resume). */
      readonly seconds: number;
    };

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
