#!/usr/bin/env node
/**
 * Investigation, not library code: starts tfjs-backend-wasm 4.22's threaded SIMD
 * build in Node.js and times a 3x3 convolution.
 *
 *   node bench/wasm-threads.mjs --threads 2     # run with plain node (tsx/Vitest loaders break the workers)
 *   node bench/wasm-threads.mjs --threads 0     # the default single-threaded SIMD build, for comparison
 *
 * What it works around (see docs/guides/backends.md):
 * 1. the flag WASM_HAS_MULTITHREAD_SUPPORT is false in Node: set it to true;
 * 2. the pthread worker script is handed to worker_threads as a blob: URL, which Node
 *    rejects, and the worker loads the main script from a Blob, which it cannot read:
 *    write the worker script to a temporary .cjs file (with its main-script loading
 *    pointed at the package's own threaded-simd .js file) and return that path from
 *    URL.createObjectURL while the backend starts;
 * 3. the C++ side caps threads at (logical cores / 2): report more cores from
 *    os.cpus() while the backend starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const threadsIndex = process.argv.indexOf('--threads');
const threads = threadsIndex >= 0 ? Number(process.argv[threadsIndex + 1]) : 2;

const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const { wasmWorkerContents } = require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'));
const blobLoading =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';
if (!wasmWorkerContents.includes(blobLoading)) throw new Error('unexpected worker script: not tfjs-backend-wasm 4.22?');
// The package escapes newlines the same way before making its Blob.
const workerScript = wasmWorkerContents
  .replace(/\n/g, '\\n')
  .replace(blobLoading, `importScripts(${JSON.stringify(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'))});`);
const directory = mkdtempSync(join(tmpdir(), 'fewshot-wasm-threads-'));
const workerPath = join(directory, 'tfjs-backend-wasm-threaded-simd.worker.cjs');
writeFileSync(workerPath, workerScript);

const os = require('node:os');
const realCpus = os.cpus;
const realCreateObjectURL = URL.createObjectURL;
if (threads > 0) {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  URL.createObjectURL = () => workerPath;
  os.cpus = () => Array.from({ length: 2 * threads }, () => realCpus()[0]);
}
try {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
} finally {
  URL.createObjectURL = realCreateObjectURL;
  os.cpus = realCpus;
}

const results = {};
for (const [height, channels] of [
  [32, 16],
  [8, 64],
]) {
  const x = tf.randomNormal([64, height, height, channels]);
  const filter = tf.randomNormal([3, 3, channels, channels]);
  let best = Number.POSITIVE_INFINITY;
  for (let repetition = 0; repetition < 25; repetition += 1) {
    const started = performance.now();
    const y = tf.conv2d(x, filter, 1, 'same');
    y.dataSync();
    best = Math.min(best, performance.now() - started);
    y.dispose();
  }
  results[`conv3x3 [64,${height},${height},${channels}] min ms`] = Number(best.toFixed(2));
  tf.dispose([x, filter]);
}
console.log(JSON.stringify({ requestedThreads: threads, threads: wasm.getThreadsCount(), ...results }));
rmSync(directory, { recursive: true, force: true });
process.exit(0);
