/**
 * `selectBackend({ wasmThreads })` when the threaded build cannot start: its own test file, so
 * that its process has not started the wasm backend before.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

it('falls back to the single-threaded build, says why, and still computes', async () => {
  // A tfjs-backend-wasm without setThreadsCount (as an older or newer release might be).
  const importModule = async (packageName: string): Promise<unknown> => {
    const module = (await import(/* @vite-ignore */ packageName)) as Record<string, unknown>;
    return packageName === '@tensorflow/tfjs-backend-wasm' ? { ...module, setThreadsCount: undefined } : module;
  };
  const selection = await selectBackend({ backend: 'wasm', wasmThreads: 2, environment: {}, importModule });
  expect(selection.backend).toBe('wasm');
  expect(selection.wasm).toEqual({ simd: true, threads: 1, threadsProblem: 'this tfjs-backend-wasm has no setThreadsCount' });
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
  expect(Array.from(await product.data())).toEqual([19, 22, 43, 50]);
  tf.dispose(product);
});
