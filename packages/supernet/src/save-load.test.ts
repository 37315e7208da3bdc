import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChecksumError, createRng, FileFormatError, InvalidArgumentError, NotFoundError, type Architecture } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStandaloneNetwork, loadStandaloneNetwork } from './standalone-network.js';
import { createSupernet, loadSupernet } from './supernet.js';
import { bitIdentical, deterministicBatch } from './testing/tensors.js';

const tiny = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 3] } as const;
const best: Architecture = [3, 3, 3, 1, 3, 2];

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('save / load', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'fewshot-supernet-test-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('round-trips a supernet with bit-identical outputs (loadSupernet and load)', async () => {
    const supernet = createSupernet({ ...tiny, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 31 }) });
    const input = deterministicBatch([2, 8, 8, 3], 32);
    tf.dispose(supernet.forward({ input, training: true, architecture: best }));
    const directory = join(folder, 'one-shot');
    await supernet.save({ directory });
    expect((await readdir(directory)).sort()).toEqual(['manifest.json', 'weights.bin']);
    const manifest = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8'));
    expect(manifest.kind).toBe('supernet');
    expect(manifest.cellBatchNorm).toBe('running-statistics');
    expect(manifest.network).toEqual({ channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 3] });
    expect(manifest.variables).toHaveLength(supernet.namedVariables().size);
    expect(manifest.weights.byteLength).toBe([...supernet.namedVariables().values()].reduce((sum, v) => sum + v.size * 4, 0));

    const restored = await loadSupernet({ directory });
    expect(restored.id).not.toBe(supernet.id);
    expect(restored.cellBatchNorm).toBe('running-statistics');
    for (const [training, architecture] of [[false, best], [false, [4, 2, 1, 2, 1, 1]]] as const) {
      const a = supernet.forward({ input, training, architecture });
      const b = restored.forward({ input, training, architecture });
      expect(await bitIdentical(a, b)).toBe(true);
      tf.dispose([a, b]);
    }
    // Loading into an existing instance of the same shape overwrites its values.
    const other = createSupernet({ ...tiny, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 99 }) });
    await other.load({ directory });
    const a = supernet.forward({ input, training: false, architecture: best });
    const b = other.forward({ input, training: false, architecture: best });
    expect(await bitIdentical(a, b)).toBe(true);
    for (const [key, variable] of supernet.namedVariables()) {
      expect(await bitIdentical(variable, other.namedVariables().get(key)!), key).toBe(true);
    }
    tf.dispose([a, b, input]);
    [supernet, restored, other].forEach((network) => network.dispose());
  });

  it('round-trips a restricted supernet with its region', async () => {
    const parent = createSupernet({ ...tiny, rng: createRng({ seed: 33 }) });
    const region = createRegion({ space: nasBench201, allowed: [[2], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [4]] });
    const child = parent.restrict(region);
    const directory = join(folder, 'child');
    await child.save({ directory });
    const restored = await loadSupernet({ directory });
    expect(restored.region.toJSON()).toEqual(region.toJSON());
    expect(restored.region.label).toBe(region.label);
    const input = deterministicBatch([2, 8, 8, 3], 34);
    const architecture: Architecture = [2, 3, 0, 1, 2, 4];
    const a = child.forward({ input, training: false, architecture });
    const b = restored.forward({ input, training: false, architecture });
    expect(await bitIdentical(a, b)).toBe(true);
    // The whole supernet's folder does not fit the child.
    await parent.save({ directory: join(folder, 'parent') });
    const mismatch = (await rejection(child.load({ directory: join(folder, 'parent') }))) as FileFormatError;
    expect(mismatch).toBeInstanceOf(FileFormatError);
    expect(mismatch.message).toMatch(/^Supernet\.load: .* does not match this supernet: region/);
    tf.dispose([a, b, input]);
    [parent, child, restored].forEach((network) => network.dispose());
  });

  it('round-trips a standalone network, running statistics included', async () => {
    const network = createStandaloneNetwork({ ...tiny, architecture: best, rng: createRng({ seed: 35 }) });
    const input = deterministicBatch([3, 8, 8, 3], 36);
    tf.dispose(network.forward({ input, training: true }));
    const directory = join(folder, 'standalone');
    await network.save({ directory });
    const restored = await loadStandaloneNetwork({ directory });
    expect(restored.architecture).toEqual(best);
    const a = network.forward({ input, training: false });
    const b = restored.forward({ input, training: false });
    expect(await bitIdentical(a, b)).toBe(true);
    const wrongKind = (await rejection(loadSupernet({ directory }))) as FileFormatError;
    expect(wrongKind).toBeInstanceOf(FileFormatError);
    expect(wrongKind.message).toMatch(/not a supernet/);
    const otherArchitecture = createStandaloneNetwork({ ...tiny, architecture: [1, 1, 1, 1, 1, 1] });
    await expect(otherArchitecture.load({ directory })).rejects.toThrow(FileFormatError);
    tf.dispose([a, b, input]);
    [network, restored, otherArchitecture].forEach((item) => item.dispose());
  });

  it('replaces an existing weights folder atomically and refuses other folders', async () => {
    const first = createSupernet({ ...tiny, rng: createRng({ seed: 37 }) });
    const second = createSupernet({ ...tiny, rng: createRng({ seed: 38 }) });
    const directory = join(folder, 'checkpoint');
    await first.save({ directory });
    await second.save({ directory });
    // No temporary or previous folders are left behind.
    expect((await readdir(folder)).filter((name) => name.includes('checkpoint'))).toEqual(['checkpoint']);
    const restored = await loadSupernet({ directory });
    const input = deterministicBatch([2, 8, 8, 3], 39);
    const a = second.forward({ input, training: false, architecture: best });
    const b = restored.forward({ input, training: false, architecture: best });
    expect(await bitIdentical(a, b)).toBe(true);
    const userFolder = join(folder, 'user-data');
    await mkdir(userFolder);
    await writeFile(join(userFolder, 'notes.txt'), 'keep me');
    const refused = (await rejection(first.save({ directory: userFolder }))) as InvalidArgumentError;
    expect(refused).toBeInstanceOf(InvalidArgumentError);
    expect(refused.message).toMatch(/^Supernet\.save: .*refusing to replace it/);
    expect(await readFile(join(userFolder, 'notes.txt'), 'utf8')).toBe('keep me');
    tf.dispose([a, b, input]);
    [first, second, restored].forEach((network) => network.dispose());
  });

  it('detects missing, corrupt and truncated folders with typed errors', async () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 40 }) });
    const missing = (await rejection(loadSupernet({ directory: join(folder, 'does-not-exist') }))) as NotFoundError;
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(/^loadSupernet: no manifest\.json in /);

    const directory = join(folder, 'corrupt');
    await supernet.save({ directory });
    const weights = await readFile(join(directory, 'weights.bin'));
    weights[100] = (weights[100] as number) ^ 0xff;
    await writeFile(join(directory, 'weights.bin'), weights);
    const corrupt = (await rejection(loadSupernet({ directory }))) as ChecksumError;
    expect(corrupt).toBeInstanceOf(ChecksumError);
    expect(corrupt.message).toMatch(/SHA-256 .* does not match/);

    await writeFile(join(directory, 'weights.bin'), weights.subarray(0, 1000));
    await expect(loadSupernet({ directory })).rejects.toThrow(/has 1000 bytes, the manifest says/);

    await writeFile(join(directory, 'manifest.json'), '{ not json');
    await expect(loadSupernet({ directory })).rejects.toThrow(FileFormatError);
    await expect(loadSupernet({ directory: '' })).rejects.toThrow(InvalidArgumentError);
    supernet.dispose();
    await expect(supernet.save({ directory: join(folder, 'late') })).rejects.toThrow(/was disposed/);
  });
});
