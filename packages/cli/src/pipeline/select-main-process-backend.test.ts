import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, it } from 'vitest';
import { selectMainProcessBackend } from './select-main-process-backend.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

it('gives the main process one wasm thread per core when FEWSHOT_WASM_THREADS is not set', async () => {
  const saved = process.env['FEWSHOT_WASM_THREADS'];
  const savedBackend = process.env['FEWSHOT_BACKEND'];
  delete process.env['FEWSHOT_WASM_THREADS'];
  process.env['FEWSHOT_BACKEND'] = 'wasm';
  try {
    const selection = await selectMainProcessBackend();
    expect(selection.backend).toBe('wasm');
    expect(selection.wasm?.threadsProblem).toBeUndefined();
    expect(selection.wasm?.threads).toBe(Math.min(availableParallelism(), 64));
    // Later selections in the process (the job runner's) keep it.
    const again = await selectMainProcessBackend();
    expect(again.wasm?.threads).toBe(selection.wasm?.threads);
  } finally {
    if (saved === undefined) delete process.env['FEWSHOT_WASM_THREADS'];
    else process.env['FEWSHOT_WASM_THREADS'] = saved;
    if (savedBackend === undefined) delete process.env['FEWSHOT_BACKEND'];
    else process.env['FEWSHOT_BACKEND'] = savedBackend;
  }
});
