import type { TrainingEvent } from '@fewshot/trainers';
import type { TrainingJob, TrainingJobResult } from './training-jobs.js';

/** Parent -> worker. */
export type ToWorkerMessage = { readonly type: 'job'; readonly job: TrainingJob } | { readonly type: 'exit' };

/** Worker -> parent. */
export type FromWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly id: string; readonly event: TrainingEvent }
  | { readonly type: 'result'; readonly result: TrainingJobResult }
  | {
      readonly type: 'error';
      readonly id: string;
      readonly error: { readonly name: string; readonly message: string; readonly code?: string; readonly stack?: string };
    };
