import type { Architecture } from '@fewshot/core';
import type { GradientSearchEpochRecord } from './gradient-search-result.js';

/**
 * What {@link runGradientSearch} reports while it runs. Pass a listener as `onEvent`.
 *
 * - `search-start`: once, with the schedule.
 * - `step-end`: after every training batch.
 * - `epoch-end`: after every epoch, with its record.
 * - `search-end`: once, with the derived architecture and its validation accuracy.
 *
 * @example
 * ```ts
 * const onEvent = (event: GradientSearchEvent) => {
 *   if (event.type === 'epoch-end') console.log(event.record.epoch, event.record.architecture);
 * };
 * ```
 */
export type GradientSearchEvent =
  | {
      /** Sent once, after the method's session was created and before the first step. */
      readonly type: 'search-start';
      /** The method's name (`darts`, `gdas`, ...). */
      readonly method: string;
      /** Total search epochs. */
      readonly epochs: number;
      /** Training batches (steps) per epoch. */
      readonly stepsPerEpoch: number;
    }
  | {
      /** Sent after every training batch; carries the session's {@link GradientSearchStepRecord}. */
      readonly type: 'step-end';
      /** The 0-based epoch of the step. */
      readonly epoch: number;
      /** The 0-based step over the whole search. */
      readonly step: number;
      /** The 0-based step within this epoch. */
      readonly stepInEpoch: number;
      /** Training batches (steps) per epoch. */
      readonly stepsPerEpoch: number;
      /** Training loss (cross-entropy) of the step's weight update. */
      readonly loss: number;
      /** Training top-1 accuracy of the step's weight update, percent. */
      readonly accuracy: number;
      /** The weights' learning rate of this step. */
      readonly learningRate: number;
      /** Validation loss of the step's architecture update; absent when the step made none. */
      readonly architectureLoss?: number;
      /** Validation top-1 accuracy of the architecture update, percent; absent when none. */
      readonly architectureAccuracy?: number;
    }
  | {
      /** Sent after every epoch. */
      readonly type: 'epoch-end';
      /** The epoch's means, learning rate, current architecture and duration. */
      readonly record: GradientSearchEpochRecord;
    }
  | {
      /** Sent once, after the final architecture was derived and scored. */
      readonly type: 'search-end';
      /** The derived architecture (inside the searched region). */
      readonly architecture: Architecture;
      /** Top-1 accuracy of `architecture` on the whole validation set, percent. */
      readonly validationAccuracy: number;
      /** Wall-clock seconds of the whole search. */
      readonly seconds: number;
    };
