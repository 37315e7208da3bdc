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
  | { readonly type: 'search-start'; readonly method: string; readonly epochs: number; readonly stepsPerEpoch: number }
  | {
      readonly type: 'step-end';
      readonly epoch: number;
      readonly step: number;
      readonly stepInEpoch: number;
      readonly stepsPerEpoch: number;
      readonly loss: number;
      readonly accuracy: number;
      readonly learningRate: number;
      readonly architectureLoss?: number;
      readonly architectureAccuracy?: number;
    }
  | { readonly type: 'epoch-end'; readonly record: GradientSearchEpochRecord }
  | {
      readonly type: 'search-end';
      readonly architecture: Architecture;
      readonly validationAccuracy: number;
      readonly seconds: number;
    };
