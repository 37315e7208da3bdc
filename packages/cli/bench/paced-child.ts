/**
 * One process of the speed bench's interleaved throughput measurement
 * (`interleaved-throughput.ts`): it repeats one unit of work without end (a training step of a
 * real sub-supernet job, or a chunk of the reference loop) and notes the time each unit ends.
 * Started with `fork` and a {@link PacedTask} as JSON in argv[2]; it sends `{ type: 'warm' }`
 * once its first `warmUnits` units are done, and answers `{ type: 'report' }` with the end
 * times of every unit since (milliseconds since the epoch, the clock every process shares),
 * then exits. The parent pauses and resumes it with SIGSTOP and SIGCONT in between.
 */
import { yieldToEventLoop } from '@fewshot/core';
import { runTrainingJob, type SupernetJob } from '../src/workers/training-jobs.js';
import { referencePasses, referenceValues } from './reference-loop.js';

/** What a paced process repeats. */
export type PacedTask =
  | {
      /** Training steps of a real supernet job, through the CLI's `runTrainingJob` (as in a worker). */
      readonly kind: 'training';
      /** A job long enough never to finish while it is measured. */
      readonly job: SupernetJob;
      readonly warmUnits: number;
    }
  | {
      /** Chunks of `passes` passes of the reference loop. */
      readonly kind: 'reference-loop';
      readonly passes: number;
      readonly warmUnits: number;
    };

/** What a paced process sends its parent. */
export type PacedMessage = { readonly type: 'warm' } | { readonly type: 'times'; readonly times: readonly number[] };

const task = JSON.parse(process.argv[2] ?? '') as PacedTask;
const now = (): number => performance.timeOrigin + performance.now();
const times: number[] = [];
let units = 0;
const send = (message: PacedMessage): void => {
  process.send?.(message);
};
const unitDone = (): void => {
  units += 1;
  if (units > task.warmUnits) times.push(now());
  else if (units === task.warmUnits) send({ type: 'warm' });
};

process.on('message', (message: { type: string }) => {
  if (message.type !== 'report') return;
  process.send?.({ type: 'times', times } satisfies PacedMessage, () => process.exit(0));
});

async function repeatUnits(): Promise<void> {
  if (task.kind === 'training') {
    await runTrainingJob(task.job, (event) => {
      if (event.type === 'step-end') unitDone();
    });
    throw new Error(`job ${task.job.id} finished before it was stopped; give it more epochs`);
  }
  const values = referenceValues();
  for (;;) {
    referencePasses(values, task.passes);
    unitDone();
    await yieldToEventLoop();
  }
}

try {
  await repeatUnits();
} catch (error) {
  process.stderr.write(`paced-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
