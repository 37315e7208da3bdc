/**
 * Vitest setup shared by the compute packages: a test fails when it leaves
 * TensorFlow.js tensors alive that were not alive before it started.
 *
 * The cpu backend is registered so that `tf.memory()` always has an engine;
 * tests that want another backend select it themselves (for example with
 * `selectBackend` from `@fewshot/backend`).
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, expect } from 'vitest';

let tensorsBefore = 0;

beforeEach(async () => {
  await tf.ready();
  tensorsBefore = tf.memory().numTensors;
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') return;
  const leaked = tf.memory().numTensors - tensorsBefore;
  expect(leaked, `test "${context.task.name}" leaked ${leaked} tensor(s)`).toBe(0);
});
