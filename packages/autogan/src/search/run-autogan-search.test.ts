import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegion } from '@fewshot/search-space';
import { afterAll, describe, expect, it } from 'vitest';
import '@fewshot/backend';
import { autoGanSpace } from '../space/autogan-space.js';
import { rejected } from '../testing/tensors.js';
import { tinyExtractor, tinyImages, tinySearch } from '../testing/tiny-search.js';
import { runAutoGanSearch } from './run-autogan-search.js';
import type { AutoGanSearchEvent, AutoGanSearchResult } from './search-types.js';

const folders: string[] = [];
async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'autogan-search-'));
  folders.push(path);
  return path;
}
afterAll(async () => {
  await Promise.all(folders.map((path) => rm(path, { recursive: true, force: true })));
});

/** The result without wall-clock times (equal runs differ only in those). */
function withoutTimes(result: AutoGanSearchResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value) => (key === 'seconds' ? undefined : value)));
}

const data = tinyImages();

describe('runAutoGanSearch', () => {
  it('runs the multi-level search: stages, beams, controller steps, final top-k re-scored', { timeout: 120_000 }, async () => {
    const events: AutoGanSearchEvent[] = [];
    const result = await runAutoGanSearch({ data, reward: tinyExtractor, seed: 1, search: tinySearch, onEvent: (event) => events.push(event) });
    expect(result.iterations.map((summary) => summary.stage)).toEqual([0, 1, 2, 2]);
    expect(result.iterations.every((summary) => summary.discriminatorSteps === 3 && summary.generatorSteps === 2 && summary.controllerSteps === 2)).toBe(true);
    expect(result.totals).toMatchObject({ discriminatorSteps: 12, generatorSteps: 8, controllerSteps: 8, rewardEvaluations: 8 + 3 * 3 + 2, rewardImages: 8 * 8 + 9 * 8 + 2 * 12 });
    expect(result.beams.map((beam) => [beam.iteration, beam.stage, beam.candidates.length])).toEqual([
      [1, 0, 3],
      [2, 1, 3],
      [4, 2, 3],
    ]);
    // The stage-1 beam extends the stage-0 beam's cell 1.
    const cell1s = result.beams[0]!.candidates.slice(0, 2).map((candidate) => candidate.architecture.slice(0, 4).join(','));
    for (const candidate of result.beams[1]!.candidates) expect(cell1s).toContain(candidate.architecture.slice(0, 4).join(','));
    expect(result.finalCandidates).toHaveLength(3);
    expect(result.top).toHaveLength(2);
    expect(result.top[0]!.rescoredReward).toBeGreaterThanOrEqual(result.top[1]!.rescoredReward as number);
    for (const candidate of result.finalCandidates) {
      expect(autoGanSpace.contains(candidate.architecture)).toBe(true);
      expect(candidate.reward).toBeGreaterThanOrEqual(1);
      expect(candidate.reward).toBeLessThanOrEqual(4);
    }
    expect(events.filter((event) => event.type === 'stage-start').map((event) => (event.type === 'stage-start' ? event.stage : -1))).toEqual([1, 2]);
    expect(events.at(-1)?.type).toBe('search-end');
  });

  it('resumes an interrupted search exactly where it stopped', { timeout: 180_000 }, async () => {
    const reference = await runAutoGanSearch({ data, reward: tinyExtractor, seed: 2, search: tinySearch, checkpointDirectory: await folder() });
    const directory = await folder();
    const controller = new AbortController();
    const error = await rejected(() =>
      runAutoGanSearch({
        data,
        reward: tinyExtractor,
        seed: 2,
        search: tinySearch,
        checkpointDirectory: directory,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'checkpoint-saved' && event.iteration === 2) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    const events: AutoGanSearchEvent[] = [];
    const resumed = await runAutoGanSearch({ data, reward: tinyExtractor, seed: 2, search: tinySearch, checkpointDirectory: directory, onEvent: (event) => events.push(event) });
    expect(events[0]).toEqual({ type: 'search-start', startIteration: 2, maxIterations: 4, resumed: true, forked: false });
    expect(withoutTimes(resumed)).toEqual(withoutTimes(reference));
    // A finished search returns its stored result.
    const again = await runAutoGanSearch({ data, reward: tinyExtractor, seed: 2, search: tinySearch, checkpointDirectory: directory });
    expect(withoutTimes(again)).toEqual(withoutTimes(reference));
    const other = await rejected(() => runAutoGanSearch({ data, reward: tinyExtractor, seed: 3, search: tinySearch, checkpointDirectory: directory }));
    expect(other.code).toBe('invalid-state');
  });

  it('re-initialises the shared GAN when the loss variance collapses (dynamic reset)', async () => {
    const events: AutoGanSearchEvent[] = [];
    const result = await runAutoGanSearch({
      data,
      reward: tinyExtractor,
      seed: 3,
      search: { ...tinySearch, dynamicReset: { window: 3, threshold: 1e6 } },
      onEvent: (event) => events.push(event),
    });
    // G steps run at D steps 0 and 2 of every iteration (the step counter restarts), so the G
    // window (3 losses) is first full after D step 0 of iteration 1: the reset fires there.
    expect(result.resets.length).toBeGreaterThan(0);
    expect(result.resets[0]).toBe(1);
    const summary = result.iterations[1]!;
    expect(summary.reset).toBe(true);
    expect(summary.discriminatorSteps).toBe(1);
    expect(summary.controllerSteps).toBe(2); // the controller still trains on the collapsed GAN
    expect(events.some((event) => event.type === 'dynamic-reset')).toBe(true);
  });

  it('forks sub-supernets from a warm-up snapshot and keeps the split decision fixed', { timeout: 240_000 }, async () => {
    const snapshotDirectory = await folder();
    const search = { ...tinySearch, maxIterations: 5, growSteps: [2, 3] as [number, number] };
    await runAutoGanSearch({ data, reward: tinyExtractor, seed: 4, search, snapshot: { iteration: 1, directory: snapshotDirectory } });
    const [, , deconvolution] = createRegion({ space: autoGanSpace }).split({ decision: 2, groups: [[0], [1], [2]] });
    const events: AutoGanSearchEvent[] = [];
    const forked = await runAutoGanSearch({
      data,
      reward: tinyExtractor,
      seed: 4,
      search: { ...search, sharedSteps: 2 },
      region: deconvolution!,
      fork: { directory: snapshotDirectory, label: 'cell1.upsampling=2' },
      onEvent: (event) => events.push(event),
    });
    expect(forked.startIteration).toBe(1);
    expect(forked.forkedFrom).toBe('cell1.upsampling=2');
    expect(forked.iterations.map((summary) => summary.iteration)).toEqual([1, 2, 3, 4]);
    expect(forked.region.allowed[2]).toEqual([2]);
    for (const beam of forked.beams) for (const candidate of beam.candidates) expect(candidate.architecture[2]).toBe(2);
    for (const event of events) if (event.type === 'controller-step') expect(event.architecture[2]).toBe(2);

    // Too late: at iteration 3 the stage-0 beam already fixed cell 1 (with any upsampling).
    const lateDirectory = await folder();
    await runAutoGanSearch({ data, reward: tinyExtractor, seed: 5, search, snapshot: { iteration: 3, directory: lateDirectory } });
    const sub = createRegion({ space: autoGanSpace }).split({ decision: 0, groups: [[0], [1]] });
    const late = await Promise.allSettled(sub.map((region) => runAutoGanSearch({ data, reward: tinyExtractor, seed: 5, search, region, fork: { directory: lateDirectory, label: 'x' } })));
    // At least one of the two conv-type halves conflicts with the beam unless the beam agrees on cell 1's conv type.
    expect(late.some((outcome) => outcome.status === 'rejected' && String(outcome.reason.message).includes('fork before that cell'))).toBe(true);
  });

  it('rejects bad options naming the field', async () => {
    const error = await rejected(() => runAutoGanSearch({ data, reward: tinyExtractor, seed: 1, search: { ...tinySearch, growSteps: [3, 2] } }));
    expect(error.argument).toBe('options.search.growSteps');
    const unknown = await rejected(() => runAutoGanSearch({ data, reward: tinyExtractor, seed: 1, search: { ...tinySearch, controller: { steps: 2, stepz: 3 } as never } }));
    expect(unknown.argument).toBe('options.search.controller.stepz');
    const size = await rejected(() => runAutoGanSearch({ data, reward: tinyExtractor, seed: 1, search: { ...tinySearch, generator: { channels: 2, bottomWidth: 3, outputChannels: 1 } } }));
    expect(size.message).toContain('expected an ImageDataset of 24x24x1 images');
  });
});
