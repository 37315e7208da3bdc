import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, createRng, FewshotError } from '@fewshot/core';
import type { ImageDataset } from '@fewshot/datasets';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyFashionMnist, tinyNetwork } from '../testing/tiny-data.js';
import type { TrainingEvent } from './training-events.js';
import { trainSupernet, type TrainSupernetOptions } from './train-supernet.js';

function weightsOf(supernet: Supernet): Map<string, Float32Array> {
  return new Map([...supernet.namedVariables()].map(([key, variable]) => [key, variable.dataSync() as Float32Array]));
}

function newSupernet(): Supernet {
  return createSupernet({ ...tinyNetwork, rng: createRng({ seed: 11 }) });
}

describe('trainSupernet (cpu backend, tiny supernet, real Fashion-MNIST at 8x8)', () => {
  let train: ImageDataset;
  let directory: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ train } = await tinyFashionMnist({ trainPerClass: 6, testPerClass: 2 }));
    directory = await mkdtemp(join(tmpdir(), 'fewshot-trainers-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const baseOptions = (supernet: Supernet): TrainSupernetOptions => ({
    supernet,
    data: { dataset: train, batchSize: 12, augmentation: { padding: 1, horizontalFlip: true } },
    epochs: 3,
    seed: 5,
    learningRate: { initial: 0.05, final: 0.001 },
  });

  it('is repeatable: the same seed gives bit-identical weights, another seed does not', async () => {
    const a = newSupernet();
    const b = newSupernet();
    const c = newSupernet();
    await trainSupernet(baseOptions(a));
    await trainSupernet(baseOptions(b));
    await trainSupernet({ ...baseOptions(c), seed: 6 });
    const [wa, wb, wc] = [weightsOf(a), weightsOf(b), weightsOf(c)];
    for (const [key, values] of wa) expect(wb.get(key), key).toEqual(values);
    const stem = 'stem/conv/kernel';
    expect(wc.get(stem)).not.toEqual(wa.get(stem));
    const untrained = newSupernet();
    expect(weightsOf(untrained).get(stem)).not.toEqual(wa.get(stem));
    untrained.dispose();
    for (const supernet of [a, b, c]) supernet.dispose();
  });

  it('emits events in order, with one step per batch and the cosine learning rate', async () => {
    const supernet = newSupernet();
    const events: TrainingEvent[] = [];
    const summary = await trainSupernet({ ...baseOptions(supernet), sampling: 'per-step', onEvent: (event) => events.push(event) });
    expect(summary.steps).toBe(3 * 5);
    expect(summary.history).toHaveLength(3);
    expect(events[0]).toEqual({ type: 'training-start', epochs: 3, stepsPerEpoch: 5, resumedFromEpoch: 0 });
    expect(events.filter((event) => event.type === 'step-end')).toHaveLength(15);
    const steps = events.flatMap((event) => (event.type === 'step-end' ? [event] : []));
    expect(steps[0]?.learningRate).toBeCloseTo(0.05, 10);
    expect(steps.at(-1)?.learningRate).toBeCloseTo(0.001 + 0.049 * (1 + Math.cos((Math.PI * 14) / 15)) / 2, 10);
    for (const step of steps) {
      expect(Number.isFinite(step.loss)).toBe(true);
      expect(step.accuracy).toBeGreaterThanOrEqual(0);
      expect(step.accuracy).toBeLessThanOrEqual(100);
    }
    expect(events.at(-1)?.type).toBe('training-end');
    supernet.dispose();
  });

  it('sees an abort from an event-loop callback (as from a Ctrl-C handler) at the next step, not at the end of the run', async () => {
    const supernet = newSupernet();
    const controller = new AbortController();
    const steps: number[] = [];
    const failure = await trainSupernet({
      ...baseOptions(supernet),
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== 'step-end') return;
        steps.push(event.step);
        // A callback from the event loop, as a Ctrl-C handler is.
        if (event.step === 0) setImmediate(() => controller.abort());
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CancelledError);
    expect((failure as Error).message).toContain('cancelled at epoch 0, step 1;');
    expect(steps).toEqual([0]);
    supernet.dispose();
  });

  it('resumes a killed run from its checkpoint and ends with the same weights as an uninterrupted run', async () => {
    const uninterrupted = newSupernet();
    await trainSupernet({ ...baseOptions(uninterrupted), checkpoint: { directory: join(directory, 'uninterrupted') } });

    const killedDirectory = join(directory, 'killed');
    const first = newSupernet();
    const controller = new AbortController();
    await expect(
      trainSupernet({
        ...baseOptions(first),
        checkpoint: { directory: killedDirectory },
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'step-end' && event.epoch === 1 && event.stepInEpoch === 2) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    first.dispose();

    const resumed = newSupernet();
    const events: TrainingEvent[] = [];
    const summary = await trainSupernet({
      ...baseOptions(resumed),
      checkpoint: { directory: killedDirectory },
      onEvent: (event) => events.push(event),
    });
    expect(summary.resumedFromEpoch).toBe(1);
    expect(summary.steps).toBe(15);
    expect(events.filter((event) => event.type === 'epoch-start').map((event) => (event as { epoch: number }).epoch)).toEqual([1, 2]);
    const expected = weightsOf(uninterrupted);
    const actual = weightsOf(resumed);
    for (const [key, values] of expected) expect(actual.get(key), key).toEqual(values);
    uninterrupted.dispose();
    resumed.dispose();
  });

  it('refuses to resume from a checkpoint of another configuration', async () => {
    const checkpointDirectory = join(directory, 'other-config');
    const supernet = newSupernet();
    await trainSupernet({ ...baseOptions(supernet), epochs: 1, checkpoint: { directory: checkpointDirectory } });
    await expect(
      trainSupernet({ ...baseOptions(supernet), epochs: 2, checkpoint: { directory: checkpointDirectory } }),
    ).rejects.toThrowError(/trainSupernet: .*another configuration/);
    supernet.dispose();
  });

  it('trains a sub-supernet only inside its region', async () => {
    const parent = newSupernet();
    const region = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] })[3]!;
    const child = parent.restrict(region);
    const before = weightsOf(child);
    await trainSupernet({ ...baseOptions(child), epochs: 1 });
    const after = weightsOf(child);
    expect(after.get('cell0/edge1-0/nor_conv_3x3/conv/kernel')).not.toEqual(before.get('cell0/edge1-0/nor_conv_3x3/conv/kernel'));
    expect([...after.keys()].some((key) => key.includes('edge1-0/nor_conv_1x1'))).toBe(false);
    await expect(trainSupernet({ ...baseOptions(child), region: createRegion({ space: nasBench201 }) })).rejects.toThrowError(
      /trainSupernet: the region .* does not hold/,
    );
    parent.dispose();
    child.dispose();
  });

  it('says what to change for a data set of the wrong shape and for a diverging loss', async () => {
    const rgb = createSupernet({ ...tinyNetwork, inputShape: [8, 8, 3] });
    const error = await trainSupernet(baseOptions(rgb)).catch((caught: unknown) => caught);
    expect(FewshotError.isInstance(error)).toBe(true);
    expect((error as FewshotError).argument).toBe('options.data.dataset');
    expect((error as Error).message).toMatch(/8x8x1.*3 channel/);
    rgb.dispose();

    const supernet = newSupernet();
    await expect(
      trainSupernet({ ...baseOptions(supernet), learningRate: { initial: 1e30, final: 1e30 }, epochs: 1 }),
    ).rejects.toThrowError(/trainSupernet: the training loss became (NaN|Infinity).*lower options.learningRate.initial/);
    supernet.dispose();
    const another = newSupernet();
    await expect(trainSupernet({ ...baseOptions(another), epochs: 0 })).rejects.toThrowError(/options.epochs/);
    another.dispose();
  });
});
