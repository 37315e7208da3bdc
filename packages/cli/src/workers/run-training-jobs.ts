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
  /**
   * With `workers > 1`: whether this process is one of them (default `true`: it starts training
   * at once, while the worker processes start). `false` runs every job in `workers` worker
   * processes and leaves this process free, e.g. for a user interface.
   */
  readonly runInThisProcess?: boolean;
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
 * Runs independent training jobs, in parallel processes when `workers > 1`: this process and
 * `workers - 1` worker processes (or `workers` worker processes with `runInThisProcess: false`),
 * each running one job at a time on its own single-threaded backend. This process starts
 * training at once, with its libraries, backend and data already loaded, while the workers
 * start; it handles the workers' messages between its own training steps.
 * Jobs go out longest first ({@link longestJobsFirst}), so that no process idles at the end while
 * another finishes a long job it started last. Every job is a pure function of its description,
 * so the results are identical whether the jobs run in parallel or one after the other, in any
 * order and in any process. Results come back in the order of `jobs`.
 *
 * @example
 * ```ts
 * const results = await runTrainingJobs({ jobs, workers: 2, onResult: (result) => console.log(result.id, result.seconds) });
 * ```
 */
export async function runTrainingJobs(options: RunTrainingJobsOptions): Promise<TrainingJobResult[]> {
  const { jobs } = options;
  const results = new Map<string, TrainingJobResult>();
  const record = (result: TrainingJobResult): void => {
    results.set(result.id, result);
    options.onResult?.(result);
  };
  const runHere = async (job: TrainingJob, signal: AbortSignal | undefined): Promise<void> => {
    record(await runTrainingJob(job, (event) => options.onEvent?.(job.id, event), signal));
  };
  if (options.workers <= 1 || jobs.length <= 1) {
    for (const job of jobs) {
      if (options.signal?.aborted) throw cancelled(results.size, jobs.length);
      await runHere(job, options.signal);
    }
    return jobs.map((job) => results.get(job.id) as TrainingJobResult);
  }

  // An abort before the start never fires an 'abort' event: look at the signal itself.
  if (options.signal?.aborted) throw cancelled(0, jobs.length);
  const queue = longestJobsFirst(jobs);
  // Stops the job in this process (at its next step) when the caller aborts or a worker fails.
  const stop = new AbortController();
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    stop.abort();
  };
  const onAbort = (): void => fail(cancelled(results.size, jobs.length));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const inThisProcess = options.runInThisProcess ?? true;
  const processes = Math.min(options.workers, jobs.length);
  const workers = startWorkers({ count: inThisProcess ? processes - 1 : processes, queue, record, fail, stop: stop.signal, onEvent: options.onEvent });
  try {
    const here = (async () => {
      if (!inThisProcess) return;
      for (let job = queue.shift(); job !== undefined && !stop.signal.aborted; job = queue.shift()) {
        try {
          await runHere(job, stop.signal);
        } catch (error) {
          // After a stop, the job's own cancellation is expected: the stop's reason is already kept.
          if (!stop.signal.aborted) fail(failedJob(job.id, 'in this process', toError(error)));
        }
      }
    })();
    await Promise.allSettled([here, workers.done]);
    if (failure !== undefined) throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    workers.kill();
  }
  return jobs.map((job) => results.get(job.id) as TrainingJobResult);
}

/**
 * Starts `count` worker processes that take jobs from `queue` until it is empty. `done` settles
 * when every worker has been sent away with nothing left to do, or when `stop` aborts.
 */
function startWorkers(options: {
  readonly count: number;
  readonly queue: TrainingJob[];
  readonly record: (result: TrainingJobResult) => void;
  readonly fail: (error: Error) => void;
  readonly stop: AbortSignal;
  readonly onEvent: ((id: string, event: TrainingEvent) => void) | undefined;
}): { readonly done: Promise<void>; readonly kill: () => void } {
  const { queue, record, fail, stop } = options;
  const entry = trainingWorkerEntry();
  const children: ChildProcess[] = [];
  let closing = false;
  const done = new Promise<void>((resolve) => {
    let idle = 0;
    if (options.count === 0) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
    const next = (child: ChildProcess): void => {
      const job = stop.aborted ? undefined : queue.shift();
      if (job === undefined) {
        child.send({ type: 'exit' } satisfies ToWorkerMessage);
        idle += 1;
        if (idle === children.length) resolve();
        return;
      }
      child.send({ type: 'job', job } satisfies ToWorkerMessage);
    };
    for (let index = 0; index < options.count; index += 1) {
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
            record(message.result);
            next(child);
            break;
          case 'error': {
            const remote: Error & { code?: string } = new Error(message.error.message);
            remote.name = message.error.name;
            if (message.error.stack !== undefined) remote.stack = message.error.stack;
            if (message.error.code !== undefined) remote.code = message.error.code;
            fail(failedJob(message.id, 'in a worker', remote));
            break;
          }
        }
      });
      child.on('exit', (code, signal) => {
        if (code !== 0 && !stop.aborted && !closing) {
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
  const kill = (): void => {
    closing = true;
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  };
  return { done, kill };
}

/** The error of a failed job: a typed `StateError` naming the job when the failure has a code. */
function failedJob(id: string, where: string, error: Error & { code?: unknown }): Error {
  if (typeof error.code === 'string') {
    return new StateError({
      functionName: 'runTrainingJobs',
      argument: 'jobs',
      message: `job ${id} failed ${where}: ${error.name} (${error.code}): ${error.message}`,
      cause: error,
    });
  }
  return new Error(`runTrainingJobs: job ${id} failed ${where}: ${error.stack ?? error.message}`, { cause: error });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function cancelled(done: number, total: number): FewshotError {
  return new CancelledError({
    functionName: 'runTrainingJobs',
    argument: 'options.signal',
    message: `cancelled after ${done} of ${total} jobs; finished jobs and checkpoints are kept`,
  });
}
