import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CancelledError, FewshotError, StateError } from '@fewshot/core';
import type { TrainingEvent } from '@fewshot/trainers';
import { trainingWorkerEntry } from '../training-worker-url.js';
import { longestJobsFirst } from './estimated-job-cost.js';
import { runTrainingJob, type TrainingJob, type TrainingJobResult } from './training-jobs.js';
import type { FromWorkerMessage, ToWorkerMessage } from './worker-messages.js';

/**
 * Options of {@link runTrainingJobs}.
 *
 * @example
 * ```ts
 * const options: RunTrainingJobsOptions = { jobs, workers: 2, onEvent: (id, event) => bars.update(id, event) };
 * ```
 */
export interface RunTrainingJobsOptions {
  readonly jobs: readonly TrainingJob[];
  /** Processes to run at once; 1 runs every job in this process, one after the other. */
  readonly workers: number;
  /** Progress of each job (step events are thinned out when they cross processes). */
  readonly onEvent?: (id: string, event: TrainingEvent) => void;
  /** Called as soon as a job finishes. */
  readonly onResult?: (result: TrainingJobResult) => void;
  /**
   * Stops the jobs with a `CancelledError`: a job running in this process stops at its next
   * training step, worker processes are stopped at once. Finished jobs' results are kept by
   * `onResult`; a supernet job that was stopped resumes from its last epoch checkpoint.
   */
  readonly signal?: AbortSignal;
}

/**
 * Runs independent training jobs, in parallel worker processes when `workers > 1` (each worker
 * runs one job at a time, on its own single-threaded backend). Workers take the jobs longest
 * first ({@link longestJobsFirst}), so that no worker idles at the end while another finishes a
 * long job it started last. Every job is a pure function of its description, so the results are
 * identical whether the jobs run in parallel or one after the other, in any order. Results come
 * back in the order of `jobs`.
 */
export async function runTrainingJobs(options: RunTrainingJobsOptions): Promise<TrainingJobResult[]> {
  const { jobs } = options;
  const results = new Map<string, TrainingJobResult>();
  if (options.workers <= 1 || jobs.length <= 1) {
    for (const job of jobs) {
      if (options.signal?.aborted) throw cancelled(results.size, jobs.length);
      const result = await runTrainingJob(job, (event) => options.onEvent?.(job.id, event), options.signal);
      results.set(job.id, result);
      options.onResult?.(result);
    }
    return jobs.map((job) => results.get(job.id) as TrainingJobResult);
  }

  // An abort before the start never fires an 'abort' event: look at the signal itself.
  if (options.signal?.aborted) throw cancelled(0, jobs.length);
  const entry = trainingWorkerEntry();
  const queue = longestJobsFirst(jobs);
  const children: ChildProcess[] = [];
  const processes = Math.min(options.workers, jobs.length);
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const fail = (error: Error): void => {
        if (finished) return;
        finished = true;
        reject(error);
      };
      const onAbort = (): void => fail(cancelled(results.size, jobs.length));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      let running = 0;
      const next = (child: ChildProcess): void => {
        const job = queue.shift();
        if (job === undefined) {
          child.send({ type: 'exit' } satisfies ToWorkerMessage);
          if (running === 0 && results.size === jobs.length && !finished) {
            finished = true;
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
          return;
        }
        running += 1;
        child.send({ type: 'job', job } satisfies ToWorkerMessage);
      };
      for (let index = 0; index < processes; index += 1) {
        const child = fork(fileURLToPath(entry.path), [], {
          execArgv: [...entry.execArgv],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'advanced',
        });
        children.push(child);
        child.on('message', (message: FromWorkerMessage) => {
          switch (message.type) {
            case 'ready':
              next(child);
              break;
            case 'event':
              options.onEvent?.(message.id, message.event);
              break;
            case 'result':
              running -= 1;
              results.set(message.result.id, message.result);
              options.onResult?.(message.result);
              next(child);
              break;
            case 'error': {
              const error =
                message.error.code !== undefined
                  ? new StateError({
                      functionName: 'runTrainingJobs',
                      argument: 'jobs',
                      message: `job ${message.id} failed in a worker: ${message.error.name} (${message.error.code}): ${message.error.message}`,
                    })
                  : new Error(`runTrainingJobs: job ${message.id} failed in a worker: ${message.error.stack ?? message.error.message}`);
              fail(error);
              break;
            }
          }
        });
        child.on('exit', (code, signal) => {
          if (code !== 0 && !finished) {
            fail(
              new StateError({
                functionName: 'runTrainingJobs',
                argument: 'workers',
                message: `a worker process exited with ${signal ?? `code ${String(code)}`} before its jobs were done`,
              }),
            );
          }
        });
      }
    });
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
  return jobs.map((job) => results.get(job.id) as TrainingJobResult);
}

function cancelled(done: number, total: number): FewshotError {
  return new CancelledError({
    functionName: 'runTrainingJobs',
    argument: 'options.signal',
    message: `cancelled after ${done} of ${total} jobs; finished jobs and checkpoints are kept`,
  });
}
