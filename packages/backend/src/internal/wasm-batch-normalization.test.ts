import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { batchNormalization } from '../batch-normalization.js';
import { registerGradients } from '../gradients/register-gradients.js';
import { expectClose } from '../testing/array-comparison.js';
import { type BatchNormalizationCase, batchNormalizationArrays } from '../testing/batch-normalization-results.js';
import { normalValues } from '../testing/numeric-values.js';
import { batchNormalizationByKernels } from './batch-normalization-by-kernels.js';
import { batchNormalizationByOps } from './batch-normalization-by-ops.js';
import { batchNormalizationKernelName, fusedBatchNormalizationApplies } from './wasm-batch-normalization.js';

// The fused kernels sum in blocks with float64 totals, the op formulation sums by average
// pooling in float32: the two agree to a few float32 roundings of the largest magnitude.
const tolerance = 2e-5;

registerGradients();

afterAll(async () => {
  await tf.setBackend('cpu');
});

const cases: readonly BatchNormalizationCase[] = [
  // 5,184 rows: 20 full blocks of 256 rows and a partial one.
  { shape: [64, 9, 9, 16], withScale: true, withOffset: true, seed: 1 },
  { shape: [8, 16, 16, 32], withScale: false, withOffset: false, seed: 5 },
  { shape: [2, 3, 3, 4], withScale: true, withOffset: false, seed: 9 },
  { shape: [300, 12], withScale: false, withOffset: true, seed: 13 },
  { shape: [4, 8, 8, 64], withScale: true, withOffset: true, shift: 3, seed: 17 },
];

describe('fused wasm batch normalisation kernels', () => {
  for (const testCase of cases) {
    const label = `[${testCase.shape.join(', ')}]${testCase.withScale ? ', scale' : ''}${testCase.withOffset ? ', offset' : ''}${testCase.shift === undefined ? '' : `, shifted by ${testCase.shift}`}`;
    it(`match the op formulation in output, statistics and every gradient: ${label}`, async () => {
      await tf.setBackend('wasm');
      const fused = batchNormalizationArrays(batchNormalizationByKernels, testCase);
      const reference = batchNormalizationArrays(batchNormalizationByOps, testCase);
      expectClose(fused.output, reference.output, tolerance, 'output');
      expectClose(fused.mean, reference.mean, tolerance, 'mean');
      expectClose(fused.variance, reference.variance, tolerance, 'variance');
      expectClose(fused.dx, reference.dx, tolerance, 'dx');
      expectClose(fused.dscale, reference.dscale, tolerance, 'dscale');
      expectClose(fused.doffset, reference.doffset, tolerance, 'doffset');
      expect(fused.dscale.length).toBe(testCase.withScale ? testCase.shape[testCase.shape.length - 1] : 0);
    });
  }

  it('compute statistics and parameter gradients of shifted data to float32 precision (float64 totals)', async () => {
    await tf.setBackend('wasm');
    const shape = [64, 32, 32, 4];
    const testCase: BatchNormalizationCase = { shape, withScale: true, withOffset: true, shift: 1000, seed: 21 };
    const fused = batchNormalizationArrays(batchNormalizationByKernels, testCase);
    // The exact values, in float64, for the same float32 inputs (the gradient of
    // sum(output * weights) w.r.t. the output is the weights).
    const values = normalValues(shape, 21).map((value) => value + 1000);
    const weights = normalValues(shape, 24);
    const rows = values.length / 4;
    for (let channel = 0; channel < 4; channel += 1) {
      let sum = 0;
      for (let row = 0; row < rows; row += 1) sum += values[row * 4 + channel] as number;
      const mean = sum / rows;
      let squares = 0;
      for (let row = 0; row < rows; row += 1) squares += ((values[row * 4 + channel] as number) - mean) ** 2;
      const inverseDeviation = 1 / Math.sqrt(squares / rows + 1e-5);
      let dscale = 0;
      let doffset = 0;
      for (let row = 0; row < rows; row += 1) {
        const weight = weights[row * 4 + channel] as number;
        dscale += weight * ((values[row * 4 + channel] as number) - mean) * inverseDeviation;
        doffset += weight;
      }
      expect(Math.abs((fused.mean[channel] as number) - mean) / mean).toBeLessThan(1e-7);
      // The deviations themselves are float32 differences of values near 1000 (rounding 3e-5).
      expect(Math.abs((fused.variance[channel] as number) - squares / rows)).toBeLessThan(1e-4);
      expect(Math.abs((fused.doffset[channel] as number) - doffset)).toBeLessThan(1e-5 * Math.sqrt(rows));
      expect(Math.abs((fused.dscale[channel] as number) - dscale)).toBeLessThan(1e-4 * Math.sqrt(rows));
    }
  });

  it('apply on wasm to float32 inputs whose channels are a multiple of 4, and nowhere else', async () => {
    await tf.setBackend('wasm');
    const cases: Array<[number[], 'float32' | 'int32', boolean]> = [
      [[2, 8], 'float32', true],
      [[2, 2, 2, 12], 'float32', true],
      [[2, 3], 'float32', false],
      [[2, 8], 'int32', false],
    ];
    for (const [shape, dtype, expected] of cases) {
      const x = tf.zeros(shape, dtype);
      expect(fusedBatchNormalizationApplies(x), `[${shape.join(', ')}] ${dtype}`).toBe(expected);
      x.dispose();
    }
    await tf.setBackend('cpu');
    const x = tf.zeros([2, 8]);
    expect(fusedBatchNormalizationApplies(x)).toBe(false);
    x.dispose();
  });

  it('are what batchNormalization runs on wasm (one kernel forward instead of the op chain)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(normalValues([2, 4, 4, 8], 3), [2, 4, 4, 8]);
    const profile = await tf.profile(() => {
      const { output, mean, variance } = batchNormalization({ x });
      tf.dispose([output, mean, variance]);
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toContain(batchNormalizationKernelName);
    expect(names).not.toContain('AvgPool');
    x.dispose();
  });

  it('are assembled from the committed wasm/*.wat sources (no module is stale)', () => {
    const script = fileURLToPath(new URL('../../scripts/assemble-wasm.mjs', import.meta.url));
    const child = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('modules up to date');
  });
});
