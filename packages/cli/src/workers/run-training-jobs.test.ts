import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, StateError } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyData, tinyNetwork, tinyTraining } from '../testing/tiny-configs.js';
import { runTrainingJobs } from './run-training-jobs.js';
import type { SupernetJob } from './training-jobs.js';

describe('runTrainingJobs', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'fewshot-jobs-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const jobs = (folder: string): SupernetJob[] =>
    createRegion({ space: nasBench201 })
      .split({ decision: 0, groups: [[0, 1], [2, 3, 4]] })
      .map((region, index) => ({
        kind: 'supernet',
        id: `child-${index}`,
        data: tinyData,
        network: tinyNetwork,
        // The second job is the longer one, so workers take it first (longest first).
        training: { ...tinyTraining, epochs: index + 1 },
        seed: 7,
        region: region.toJSON(),
        initialization: 'copy',
        checkpointDirectory: join(directory, folder, 'checkpoints', String(index)),
        outputDirectory: join(directory, folder, 'supernets', String(index)),
      }));

  it('gives bit-identical supernets in parallel worker processes (longest job first), with this process as a worker, and one after the other in this process', async () => {
    const sequential = await runTrainingJobs({ jobs: jobs('sequential'), workers: 1 });
    const events: string[] = [];
    const parallel = await runTrainingJobs({
      jobs: jobs('parallel'),
      workers: 2,
      runInThisProcess: false,
      onEvent: (id, event) => events.push(`${id}:${event.type}`),
    });
    const mixed = await runTrainingJobs({ jobs: jobs('mixed'), workers: 2 });
    for (const results of [parallel, mixed]) {
      expect(results.map((result) => result.id)).toEqual(['child-0', 'child-1']);
      expect(results.map((result) => (result.kind === 'supernet' ? result.steps : -1))).toEqual(
        sequential.map((result) => (result.kind === 'supernet' ? result.steps : -1)),
      );
    }
    expect(events).toContain('child-1:epoch-end');
    for (const index of [0, 1]) {
      const a = await readFile(join(directory, 'sequential', 'supernets', String(index), 'weights.bin'));
      for (const folder of ['parallel', 'mixed']) {
        const b = await readFile(join(directory, folder, 'supernets', String(index), 'weights.bin'));
        expect(b.equals(a), `${folder} ${index}`).toBe(true);
      }
    }
  });

  it('stops a job running in this process at its next step when the signal is aborted from an event-loop callback', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const [job] = jobs('aborted-here');
    await expect(
      runTrainingJobs({
        jobs: [{ ...job!, training: { ...tinyTraining, epochs: 3 } }],
        workers: 1,
        signal: controller.signal,
        onEvent: (_id, event) => {
          if (event.type !== 'step-end') return;
          steps.push(event.step);
          // Aborted from an event-loop callback, as Ctrl-C's handler is: seen before step 1 only
          // if the training loop gives the event loop a turn between steps (without one, not
          // before the checkpoint at the end of the epoch).
          if (event.step === 0) setImmediate(() => controller.abort());
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toEqual([0]);
  });

  it('starts no worker when the signal was aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    const results: string[] = [];
    await expect(
      runTrainingJobs({ jobs: jobs('aborted-before'), workers: 2, signal: controller.signal, onResult: (result) => results.push(result.id) }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(results).toEqual([]);
  });

  it('reports a job failing in a worker with its id', async () => {
    const [broken, good] = jobs('broken');
    await expect(
      runTrainingJobs({ jobs: [{ ...broken!, parentDirectory: join(directory, 'no-such-supernet') }, good!], workers: 2, runInThisProcess: false }),
    ).rejects.toThrowError(/job child-0 failed in a worker: NotFoundError/);
  });

  it('stops the job running in this process at its next step when a worker fails', async () => {
    const [broken, good] = jobs('broken2');
    const steps: number[] = [];
    // child-1 would train for 400 steps here (longest first); child-0 fails in the worker once it has started.
    await expect(
      runTrainingJobs({
        jobs: [{ ...broken!, parentDirectory: join(directory, 'no-such-supernet') }, { ...good!, training: { ...tinyTraining, epochs: 200 } }],
        workers: 2,
        onEvent: (id, event) => {
          if (id === 'child-1' && event.type === 'step-end') steps.push(event.step);
        },
      }),
    ).rejects.toThrowError(/job child-0 failed in a worker: NotFoundError/);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThan(400);
  });

  it('reports a job failing in this process with its id, as a typed error', async () => {
    const [first, second] = jobs('broken3');
    const failure = await runTrainingJobs({
      jobs: [first!, { ...second!, parentDirectory: join(directory, 'no-such-supernet') }],
      workers: 2,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StateError);
    expect((failure as Error).message).toMatch(/job child-1 failed in this process: NotFoundError/);
  });
});
