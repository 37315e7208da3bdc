/**
 * Training-step benchmark of an NB201-like network: TensorFlow.js (wasm, cpu)
 * against PyTorch measured in the same run, plus live tensors over 100 steps.
 *
 *   npm run bench -w @fewshot/backend                       # everything (~10 minutes on 2 cores)
 *   npm run bench -w @fewshot/backend -- --quick            # fewer steps
 *   npm run bench -w @fewshot/backend -- --profile          # + per-kernel time of one wasm step
 *   npm run bench -w @fewshot/backend -- --json result.json # also write the numbers
 *
 * Wrap it in `flock /tmp/fewshot-heavy.lock` on shared machines.
 *
 * Configurations: "full" = batch 64, 32x32x3, C=16, 5 cells per stage (as in
 * docs/conventions.md); "reduced" = batch 8, 16x16x3, C=16, 1 cell per stage, for
 * the pure-JS cpu backend, which needs ~80 s per full step.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, selectBackend } from '../src/index.js';
import { type BatchNormalizationVariant, Nb201LikeNetwork } from '../src/testing/nb201-like-network.js';
import { normalValues } from '../src/testing/numeric-values.js';

interface StepConfig {
  readonly label: string;
  readonly batch: number;
  readonly size: number;
  readonly channels: number;
  readonly cells: number;
}

const full: StepConfig = { label: 'full', batch: 64, size: 32, channels: 16, cells: 5 };
const reduced: StepConfig = { label: 'reduced', batch: 8, size: 16, channels: 16, cells: 1 };
const classes = 10;

const argumentsList = process.argv.slice(2);
const quick = argumentsList.includes('--quick');
const profile = argumentsList.includes('--profile');
const jsonIndex = argumentsList.indexOf('--json');
const jsonPath = jsonIndex >= 0 ? argumentsList[jsonIndex + 1] : undefined;
const here = dirname(fileURLToPath(import.meta.url));

interface Timing {
  readonly name: string;
  readonly config: StepConfig;
  /** Wall-clock time per step. */
  readonly milliseconds: number[];
  /** Process CPU time per step (all threads). */
  readonly cpuMilliseconds: number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

function inputsFor(config: StepConfig): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const shape: [number, number, number, number] = [config.batch, config.size, config.size, 3];
  const images = tf.tensor4d(normalValues(shape, 11), shape);
  const labelValues = Int32Array.from({ length: config.batch }, (_unused, index) => (index * 7) % classes);
  const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labelValues, 'int32'), classes), 'float32') as tf.Tensor2D);
  return { images, labels };
}

let networkCounter = 0;

function createNetwork(config: StepConfig, variant: BatchNormalizationVariant): Nb201LikeNetwork {
  networkCounter += 1;
  return new Nb201LikeNetwork({
    channels: config.channels,
    cellsPerStage: config.cells,
    classes,
    inputChannels: 3,
    seed: 2021,
    name: `bench-${networkCounter}`,
    batchNormalization: variant,
  });
}

async function timeTensorflow(
  backend: BackendName,
  config: StepConfig,
  warmup: number,
  steps: number,
  variant: BatchNormalizationVariant = 'custom-gradient',
): Promise<Timing> {
  await selectBackend({ backend, environment: {} });
  const network = createNetwork(config, variant);
  const { images, labels } = inputsFor(config);
  const optimizer = tf.train.momentum(0.05, 0.9);
  try {
    for (let step = 0; step < warmup; step += 1) network.trainStep(optimizer, images, labels);
    const milliseconds: number[] = [];
    const cpuMilliseconds: number[] = [];
    for (let step = 0; step < steps; step += 1) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      network.trainStep(optimizer, images, labels);
      const cpu = process.cpuUsage(cpuStarted);
      milliseconds.push(performance.now() - started);
      cpuMilliseconds.push((cpu.user + cpu.system) / 1000);
    }
    const name = `TensorFlow.js ${tf.version_core} ${backend}${variant === 'custom-gradient' ? '' : ` (batch norm: ${variant})`}`;
    log(`${name} ${config.label}: median ${median(milliseconds).toFixed(0)} ms (CPU ${median(cpuMilliseconds).toFixed(0)} ms)`);
    return { name, config, milliseconds, cpuMilliseconds };
  } finally {
    optimizer.dispose();
    tf.dispose([images, labels]);
    network.dispose();
  }
}

function timePytorch(config: StepConfig, steps: number, threads = 2): Timing {
  const output = execFileSync(
    '/usr/bin/python3',
    [
      join(here, 'pytorch_step.py'),
      `--batch=${config.batch}`,
      `--size=${config.size}`,
      `--channels=${config.channels}`,
      `--cells=${config.cells}`,
      `--steps=${steps}`,
      `--threads=${threads}`,
    ],
    { encoding: 'utf8' },
  );
  const result = JSON.parse(output) as {
    framework: string;
    threads: number;
    milliseconds: number[];
    cpuMilliseconds: number[];
  };
  const name = `${result.framework.replace('pytorch', 'PyTorch')} (${result.threads} thread${result.threads === 1 ? '' : 's'}, channels-last)`;
  log(`${name} ${config.label}: median ${median(result.milliseconds).toFixed(0)} ms (CPU ${median(result.cpuMilliseconds).toFixed(0)} ms)`);
  return { name, config, milliseconds: result.milliseconds, cpuMilliseconds: result.cpuMilliseconds };
}

async function liveTensors(config: StepConfig, steps: number): Promise<{ afterFirst: number; afterLast: number; steps: number }> {
  await selectBackend({ backend: 'wasm', environment: {} });
  const network = createNetwork(config, 'custom-gradient');
  const { images, labels } = inputsFor(config);
  const optimizer = tf.train.momentum(0.05, 0.9);
  try {
    network.trainStep(optimizer, images, labels);
    const afterFirst = tf.memory().numTensors;
    for (let step = 1; step < steps; step += 1) network.trainStep(optimizer, images, labels);
    const afterLast = tf.memory().numTensors;
    log(`live tensors (wasm, ${config.label}): ${afterFirst} after step 1, ${afterLast} after step ${steps}`);
    return { afterFirst, afterLast, steps };
  } finally {
    optimizer.dispose();
    tf.dispose([images, labels]);
    network.dispose();
  }
}

async function kernelProfile(config: StepConfig): Promise<Array<{ kernel: string; milliseconds: number; calls: number }>> {
  await selectBackend({ backend: 'wasm', environment: {} });
  const network = createNetwork(config, 'custom-gradient');
  const { images, labels } = inputsFor(config);
  const optimizer = tf.train.momentum(0.05, 0.9);
  try {
    network.trainStep(optimizer, images, labels);
    const info = await tf.profile(() => {
      network.trainStep(optimizer, images, labels);
    });
    const totals = new Map<string, { milliseconds: number; calls: number }>();
    for (const kernel of info.kernels) {
      const entry = totals.get(kernel.name) ?? { milliseconds: 0, calls: 0 };
      entry.milliseconds += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      entry.calls += 1;
      totals.set(kernel.name, entry);
    }
    return [...totals.entries()]
      .map(([kernel, entry]) => ({ kernel, ...entry }))
      .sort((a, b) => b.milliseconds - a.milliseconds);
  } finally {
    optimizer.dispose();
    tf.dispose([images, labels]);
    network.dispose();
  }
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function row(timing: Timing, reference: Timing | undefined): string {
  const ratio = reference === undefined ? '1' : (median(timing.milliseconds) / median(reference.milliseconds)).toFixed(1);
  return `| ${timing.name} | ${timing.config.label} | ${median(timing.milliseconds).toFixed(0)} | ${mean(timing.milliseconds).toFixed(0)} | ${Math.min(...timing.milliseconds).toFixed(0)} | ${median(timing.cpuMilliseconds).toFixed(0)} | ${timing.milliseconds.length} | ${ratio} |`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  const timedSteps = quick ? 3 : 10;
  const pytorchSteps = quick ? 10 : 20;
  const results: Timing[] = [];

  const pytorchFull = timePytorch(full, pytorchSteps);
  const wasmFull = await timeTensorflow('wasm', full, 2, timedSteps);
  const pytorchFullAgain = timePytorch(full, pytorchSteps);
  const pytorchFullOneThread = timePytorch(full, pytorchSteps, 1);
  results.push(pytorchFull, wasmFull, pytorchFullAgain, pytorchFullOneThread);

  const variants: Timing[] = [];
  if (!quick) {
    variants.push(await timeTensorflow('wasm', full, 1, 3, 'autodiff'));
    variants.push(await timeTensorflow('wasm', full, 1, 3, 'fused-kernel'));
  }

  const pytorchReduced = timePytorch(reduced, pytorchSteps);
  const wasmReduced = await timeTensorflow('wasm', reduced, 2, timedSteps);
  const cpuReduced = await timeTensorflow('cpu', reduced, 1, quick ? 2 : 3);
  results.push(pytorchReduced, wasmReduced, cpuReduced);

  const memory = await liveTensors(reduced, 100);
  const kernels = profile ? await kernelProfile(full) : [];

  const pytorchFullMedian = median([...pytorchFull.milliseconds, ...pytorchFullAgain.milliseconds]);
  const pooledPytorchFull: Timing = {
    name: pytorchFull.name,
    config: full,
    milliseconds: [...pytorchFull.milliseconds, ...pytorchFullAgain.milliseconds],
    cpuMilliseconds: [...pytorchFull.cpuMilliseconds, ...pytorchFullAgain.cpuMilliseconds],
  };
  const loadAfter = loadavg()[0] ?? 0;
  const lines = [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ${new Date().toISOString()}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
    'Configurations: full = batch 64, 32x32x3, C=16, 5 cells per stage; reduced = batch 8, 16x16x3, C=16, 1 cell per stage.',
    '',
    '| framework | config | median ms/step (wall) | mean | min | median CPU ms/step (all threads) | steps | wall ratio to PyTorch (same config) |',
    '|---|---|---|---|---|---|---|---|',
    row(pooledPytorchFull, undefined),
    row(pytorchFullOneThread, pooledPytorchFull),
    row(wasmFull, pooledPytorchFull),
    ...variants.map((timing) => row(timing, pooledPytorchFull)),
    row(pytorchReduced, undefined),
    row(wasmReduced, pytorchReduced),
    row(cpuReduced, pytorchReduced),
    '',
    `wasm / PyTorch 2 threads (full): ${(median(wasmFull.milliseconds) / pytorchFullMedian).toFixed(2)}x; PyTorch 2 threads was timed before and after wasm (medians ${median(pytorchFull.milliseconds).toFixed(0)} and ${median(pytorchFullAgain.milliseconds).toFixed(0)} ms).`,
    `wasm / PyTorch 1 thread (full): ${(median(wasmFull.milliseconds) / median(pytorchFullOneThread.milliseconds)).toFixed(2)}x (same number of threads as wasm in Node).`,
    `Live tensors (wasm, reduced): ${memory.afterFirst} after step 1, ${memory.afterLast} after step ${memory.steps}.`,
  ];
  if (kernels.length > 0) {
    lines.push('', '| kernel (one wasm full step, forward + backward) | ms | calls |', '|---|---|---|');
    for (const entry of kernels.slice(0, 25)) {
      lines.push(`| ${entry.kernel} | ${entry.milliseconds.toFixed(1)} | ${entry.calls} |`);
    }
  }
  lines.push('', `Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (jsonPath !== undefined) {
    const temporary = `${jsonPath}.tmp`;
    writeFileSync(
      temporary,
      JSON.stringify(
        { results: [...results, ...variants], memory, kernels, machine: { cores: cpus().length, loadBefore, loadAfter } },
        null,
        2,
      ),
    );
    renameSync(temporary, jsonPath);
  }
}

await main();
