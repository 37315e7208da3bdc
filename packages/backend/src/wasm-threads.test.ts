/**
 * The threaded wasm backend (`selectBackend({ wasmThreads })`). Its own test file, so that
 * its Vitest process starts the wasm backend exactly once, with two threads: a process
 * cannot restart tfjs-backend-wasm with another thread count.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { type LossAndGradients, lossAndGradientsOfNewNetwork } from './testing/loss-and-gradients.js';
import { expectClose } from './testing/array-comparison.js';
import { normalValues } from './testing/numeric-values.js';
import { type BatchNormalizationCase, batchNormalizationArrays } from './testing/batch-normalization-results.js';
import { batchNormalizationByKernels } from './internal/batch-normalization-by-kernels.js';
import { batchNormalizationByOps } from './internal/batch-normalization-by-ops.js';
import { fusedBatchNormalizationApplies } from './internal/wasm-batch-normalization.js';
import { filterGradientByKernel, fusedFilterGradientApplies } from './internal/wasm-convolution-filter-gradient.js';

// Same tolerance and reasoning as training-step.test.ts: whole-network gradients, wasm vs cpu,
// relative to each gradient's largest magnitude.
const networkTolerance = 5e-4;

async function lossAndGradients(seed: number): Promise<LossAndGradients> {
  return lossAndGradientsOfNewNetwork(
    { channels: 8, cellsPerStage: 1, classes: 3, inputChannels: 3, seed: 2021, name: `wasm-threads-test-${tf.getBackend()}-${seed}` },
    { imageShape: [4, 16, 16, 3], imageSeed: seed, labels: [0, 2, 1, 1] },
  );
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** A file URL of a module of this package, for a script in another folder. */
function moduleUrl(path: string): string {
  return pathToFileURL(fileURLToPath(new URL(path, import.meta.url))).href;
}

/**
 * The values of `result` computed by `body` on the single-threaded build, in a process of its
 * own (`tf`, `normalValues` and the backend are ready; `imports` adds more).
 */
function valuesOnOneThread(imports: readonly string[], body: readonly string[]): number[] {
  const script = [
    `import * as tf from '@tensorflow/tfjs-core';`,
    `import { selectBackend } from ${JSON.stringify(moduleUrl('./select-backend.ts'))};`,
    `import { normalValues } from ${JSON.stringify(moduleUrl('./testing/numeric-values.ts'))};`,
    ...imports,
    `const selection = await selectBackend({ backend: 'wasm', wasmThreads: 1, environment: {} });`,
    ...body,
    `console.log(JSON.stringify({ threads: selection.wasm.threads, values: Array.from(await result.data()) }));`,
  ].join('\n');
  const child = runScript(script);
  expect(child.status, child.stderr).toBe(0);
  const single = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { threads: number; values: number[] };
  expect(single.threads).toBe(1);
  return single.values;
}

/** Runs a TypeScript module `script` in a Node.js process of its own (tsx, source conditions). */
function runScript(script: string): SpawnSyncReturns<string> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  // A file, not --eval: the pthread workers inherit the process's flags. Inside the package,
  // so that the script resolves the same @tensorflow/tfjs-core.
  const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
  const cache = join(packageDirectory, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const directory = mkdtempSync(join(cache, 'wasm-threads-script-'));
  const file = join(directory, 'script.mts');
  writeFileSync(file, script);
  try {
    return spawnSync(process.execPath, ['--import', tsx, '--conditions=@fewshot/source', file], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: packageDirectory,
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('selectBackend({ wasmThreads })', () => {
  it('rejects a thread count that is not an integer from 1 to 64, naming the argument', async () => {
    await expect(selectBackend({ backend: 'wasm', wasmThreads: 0, environment: {} })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(selectBackend({ backend: 'wasm', wasmThreads: 1.5, environment: {} })).rejects.toThrow(
      /selectBackend.*options\.wasmThreads.*1\.5/s,
    );
    await expect(selectBackend({ backend: 'wasm', environment: { FEWSHOT_WASM_THREADS: 'two' } })).rejects.toThrow(
      /FEWSHOT_WASM_THREADS.*"two"/s,
    );
  });

  it('starts the threaded SIMD build with two threads, and its gradients match the cpu backend', async () => {
    const selection = await selectBackend({ backend: 'wasm', environment: { FEWSHOT_WASM_THREADS: '2' } });
    expect(selection.wasm).toEqual({ simd: true, threads: 2 });
    const threaded = await lossAndGradients(7);
    // Deterministic: XNNPACK splits the output among the threads, not the sums.
    const again = await lossAndGradients(7);
    expect(again.loss).toBe(threaded.loss);
    again.gradients.forEach((gradient, index) => expect(gradient).toEqual(threaded.gradients[index]));

    await selectBackend({ backend: 'cpu', environment: {} });
    const reference = await lossAndGradients(7);
    expect(threaded.loss).toBeCloseTo(reference.loss, 4);
    reference.gradients.forEach((gradient, index) =>
      expectClose(threaded.gradients[index] as Float32Array, gradient, networkTolerance, `variable ${index}`),
    );
  });

  it('runs the fused batch-normalisation kernels on the threaded build\'s shared memory, as the op formulation', async () => {
    await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {} });
    const testCase: BatchNormalizationCase = { shape: [16, 12, 12, 32], withScale: true, withOffset: true, seed: 4 };
    const probe = tf.zeros(testCase.shape as number[]);
    expect(fusedBatchNormalizationApplies(probe)).toBe(true);
    probe.dispose();
    const fused = batchNormalizationArrays(batchNormalizationByKernels, testCase);
    const reference = batchNormalizationArrays(batchNormalizationByOps, testCase);
    for (const key of ['output', 'mean', 'variance', 'dx', 'dscale', 'doffset'] as const) {
      expectClose(fused[key], reference[key], 2e-5, key);
    }
  });

  it('splits the fused filter gradient (Winograd\'s for this 3x3 filter) with a helper thread and gives the same bits as one thread', async () => {
    await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {} });
    const x = tf.tensor4d(normalValues([6, 8, 8, 8], 41), [6, 8, 8, 8]);
    const dy = tf.tensor4d(normalValues([6, 8, 8, 16], 43), [6, 8, 8, 16]);
    expect(fusedFilterGradientApplies(x, dy)).toBe(true);
    const threaded = filterGradientByKernel(x, dy, [3, 3, 8, 16], 1, 1);
    const threadedValues = Array.from(await threaded.data());
    tf.dispose([x, dy, threaded]);
    const single = valuesOnOneThread(
      [`import { filterGradientByKernel } from ${JSON.stringify(moduleUrl('./internal/wasm-convolution-filter-gradient.ts'))};`],
      [
        `const x = tf.tensor4d(normalValues([6, 8, 8, 8], 41), [6, 8, 8, 8]);`,
        `const dy = tf.tensor4d(normalValues([6, 8, 8, 16], 43), [6, 8, 8, 16]);`,
        `const result = filterGradientByKernel(x, dy, [3, 3, 8, 16], 1, 1);`,
      ],
    );
    expect(threadedValues).toEqual(single);
  });

  it('splits the Winograd convolution\'s tiles with a helper thread and gives the same bits as one thread', async () => {
    await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {} });
    const x = tf.tensor4d(normalValues([6, 12, 12, 8], 47), [6, 12, 12, 8]);
    const filter = tf.tensor4d(normalValues([3, 3, 8, 16], 53), [3, 3, 8, 16]);
    const profile = await tf.profile(() => tf.conv2d(x, filter, 1, 'same').dispose());
    expect(profile.kernels.map((kernel) => kernel.name)).toEqual([tf.Conv2D]);
    const threaded = tf.conv2d(x, filter, 1, 'same');
    const threadedValues = Array.from(await threaded.data());
    tf.dispose([x, filter, threaded]);
    const single = valuesOnOneThread(
      [],
      [
        `const x = tf.tensor4d(normalValues([6, 12, 12, 8], 47), [6, 12, 12, 8]);`,
        `const filter = tf.tensor4d(normalValues([3, 3, 8, 16], 53), [3, 3, 8, 16]);`,
        `const result = tf.conv2d(x, filter, 1, 'same');`,
      ],
    );
    expect(threadedValues).toEqual(single);
  });

  it('keeps the running backend when another thread count is requested later, and says why', async () => {
    const other = await selectBackend({ backend: 'wasm', wasmThreads: 3, environment: {} });
    expect(other.wasm?.threads).toBe(2);
    expect(other.wasm?.threadsProblem).toMatch(/already runs with 2 thread\(s\)/);
    const same = await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {} });
    expect(same.wasm).toEqual({ simd: true, threads: 2 });
  });

  it('lets a script that used the threads exit by itself (the thread workers and the helper hold no reference)', () => {
    const selectBackendFile = pathToFileURL(fileURLToPath(new URL('./select-backend.ts', import.meta.url))).href;
    const kernelFile = pathToFileURL(fileURLToPath(new URL('./internal/wasm-convolution-filter-gradient.ts', import.meta.url))).href;
    const script = [
      `import * as tf from '@tensorflow/tfjs-core';`,
      `import { selectBackend } from ${JSON.stringify(selectBackendFile)};`,
      `import { filterGradientByKernel } from ${JSON.stringify(kernelFile)};`,
      `const selection = await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {} });`,
      `const y = tf.conv2d(tf.ones([8, 16, 16, 4]), tf.ones([3, 3, 4, 4]), 1, 'same');`,
      // Starts the fused kernels' helper thread too: it must not keep the process alive either.
      `const dw = filterGradientByKernel(tf.ones([2, 4, 4, 4]), tf.ones([2, 4, 4, 8]), [1, 1, 4, 8], 0, 0);`,
      `console.log(JSON.stringify({ threads: selection.wasm.threads, centre: (await y.data())[100], dw: (await dw.data())[0] }));`,
    ].join('\n');
    const child = runScript(script);
    expect(child.signal, `killed after 60 s: the process did not exit (${child.stderr})`).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    // Every output of a 3x3 'same' convolution of ones away from the border sums 9 x 4 ones.
    // ... and every 1x1 filter-gradient entry of ones sums 2 x 4 x 4 ones.
    expect(JSON.parse(child.stdout.trim().split('\n').pop() as string)).toEqual({ threads: 2, centre: 36, dw: 32 });
  });
});
