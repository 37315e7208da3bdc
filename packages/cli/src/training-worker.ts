/**
 * Entry point of a training worker process: runs the jobs its parent sends, one at a time, and
 * reports events and results over the IPC channel.
 */
import { runTrainingJob } from './workers/training-jobs.js';
import type { FromWorkerMessage, ToWorkerMessage } from './workers/worker-messages.js';

function send(message: FromWorkerMessage): void {
  process.send?.(message);
}

process.on('message', (message: ToWorkerMessage) => {
  if (message.type === 'exit') {
    process.exit(0);
  }
  const { job } = message;
  runTrainingJob(job, (event) => {
    if (event.type !== 'step-end' || event.stepInEpoch % 10 === 0 || event.stepInEpoch === event.stepsPerEpoch - 1) {
      send({ type: 'event', id: job.id, event });
    }
  }).then(
    (result) => send({ type: 'result', result }),
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      send({
        type: 'error',
        id: job.id,
        error: {
          name: failure.name,
          message: failure.message,
          ...(typeof (failure as Error & { code?: unknown }).code === 'string' ? { code: String((failure as Error & { code?: unknown }).code) } : {}),
          ...(failure.stack === undefined ? {} : { stack: failure.stack }),
        },
      });
    },
  );
});

send({ type: 'ready' });
