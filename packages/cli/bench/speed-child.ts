/**
 * One measurement of the speed bench (`bench/speed.ts`), in its own process: the wasm
 * backend's thread count is fixed when a process starts it, so every configuration runs
 * in a fresh process. Reads a {@link ChildTask} as JSON from argv[2] and prints one JSON
 * line with the result. The thread count comes from `FEWSHOT_WASM_THREADS`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, wasmKernelsEnvironmentVariable } from '@fewshot/backend';
import { createRng, type Architecture } from '@fewshot/core';
import { createSupernet, type Supernet } from '@fewshot/supernet';
import { createSgdOptimizer, trainSupernet } from '@fewshot/trainers';
import * as tf from '@tensorflow/tfjs-core';
import type { DataConfig, NetworkConfig, TrainingConfig } from '../src/config/experiment-config.js';
import { loadExperimentData } from '../src/data/load-experiment-data.js';
import { runTrainingJobs } from '../src/workers/run-training-jobs.js';
import type { SupernetJob, SupernetJobResult } from '../src/workers/training-jobs.js';

/** The network and batch of a step measurement. */
export interface StepShape {
  readonly batch: number;
  readonly size: number;
  readonly inputChannels: number;
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly classes: number;
}

/** What a child measures. */
export type ChildTask =
  | {
      /** Supernet training steps (forward, cross-entropy, backward, SGD) on one batch, one path per step. */
      readonly kind: 'train' | 'evaluate';
      readonly shape: StepShape;
      /** Per step: one architecture per cell (train) or one architecture (evaluate). */
      readonly paths: readonly (readonly Architecture[])[];
      readonly warmup: number;
      /** `stock`: tfjs-backend-wasm's own kernels; `fewshot`: with @fewshot/backend's kernels. */
      readonly kernels: 'stock' | 'fewshot';
      /** Also profile one more step per kernel (`tf.profile`). */
      readonly profile: boolean;
    }
  | {
      /** The real trainer (`trainSupernet`) on the main job's data, sampling memory as it goes. */
      readonly kind: 'memory';
      readonly data: DataConfig;
      readonly network: NetworkConfig;
      readonly training: TrainingConfig;
      readonly steps: number;
      readonly sampleAt: readonly number[];
    }
  | {
      /** Supernet jobs through the CLI's job runner, with `workers` processes. */
      readonly kind: 'jobs';
      readonly jobs: readonly SupernetJob[];
      readonly workers: number;
    };

interface KernelTime {
  readonly kernel: string;
  readonly milliseconds: number;
  readonly calls: number;
}

async function startBackend(kernels: 'stock' | 'fewshot'): Promise<{ backend: string; threads: number }> {
  // stock: tfjs-backend-wasm's own kernels and the op formulations (FEWSHOT_WASM_KERNELS=stock).
  process.env[wasmKernelsEnvironmentVariable] = kernels;
  const selection = await selectBackend();
  return { backend: selection.backend, threads: selection.wasm?.threads ?? 1 };
}

/** Deterministic inputs and labels (the values do not matter for speed; the same in every process). */
function batchOf(shape: StepShape): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const rng = createRng({ seed: 11 });
  const imageShape: [number, number, number, number] = [shape.batch, shape.size, shape.size, shape.inputChannels];
  const values = Float32Array.from({ length: imageShape.reduce((a, b) => a * b, 1) }, () => rng.normal());
  const images = tf.tensor4d(values, imageShape);
  const labelIndices = Int32Array.from({ length: shape.batch }, (_unused, index) => (index * 7) % shape.classes);
  const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labelIndices, 'int32'), shape.classes), 'float32') as tf.Tensor2D);
  return { images, labels };
}

function supernetOf(shape: StepShape): Supernet {
  return createSupernet({
    channels: shape.channels,
    cellsPerStage: shape.cellsPerStage,
    classes: shape.classes,
    inputShape: [shape.size, shape.size, shape.inputChannels],
    cellBatchNorm: 'batch-statistics',
    rng: createRng({ seed: 2021 }),
  });
}

function totalsOf(kernels: readonly { name: string; kernelTimeMs: unknown }[]): KernelTime[] {
  const totals = new Map<string, { milliseconds: number; calls: number }>();
  for (const kernel of kernels) {
    const entry = totals.get(kernel.name) ?? { milliseconds: 0, calls: 0 };
    entry.milliseconds += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    entry.calls += 1;
    totals.set(kernel.name, entry);
  }
  return [...totals.entries()].map(([kernel, entry]) => ({ kernel, ...entry })).sort((a, b) => b.milliseconds - a.milliseconds);
}

async function timeSteps(task: Extract<ChildTask, { kind: 'train' | 'evaluate' }>) {
  const started = await startBackend(task.kernels);
  const supernet = supernetOf(task.shape);
  const { images, labels } = batchOf(task.shape);
  const optimizer = createSgdOptimizer({ momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
  const cells = supernet.cellCount;
  const run = (path: readonly Architecture[]): number => {
    if (task.kind === 'evaluate') {
      return tf.tidy(() => {
        const logits = supernet.forward({ input: images, training: false, architecture: path[0] as Architecture });
        return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(labels, 1)), 'float32')).dataSync()[0] ?? 0;
      });
    }
    const architecturesPerCell = path.length === cells ? path : Array.from({ length: cells }, () => path[0] as Architecture);
    const variables = supernet.trainableVariables(architecturesPerCell);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input: images, training: true, architecturesPerCell })) as tf.Scalar,
      variables,
    );
    // As the trainer does: variables on a dead path get no gradient and are skipped.
    const moved = variables.filter((variable) => grads[variable.name] !== undefined);
    optimizer.step({ variables: moved, gradients: grads, learningRate: 0.01 });
    const loss = value.dataSync()[0] ?? Number.NaN;
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
  try {
    for (let index = 0; index < task.warmup; index += 1) run(task.paths[index % task.paths.length] as Architecture[]);
    const milliseconds: number[] = [];
    const cpuMilliseconds: number[] = [];
    const outputs: number[] = [];
    for (const path of task.paths) {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      outputs.push(run(path));
      const used = process.cpuUsage(cpu);
      milliseconds.push(performance.now() - wall);
      cpuMilliseconds.push((used.user + used.system) / 1000);
    }
    let kernels: KernelTime[] = [];
    if (task.profile) {
      const info = await tf.profile(() => {
        run(task.paths[0] as Architecture[]);
      });
      kernels = totalsOf(info.kernels);
    }
    return { ...started, milliseconds, cpuMilliseconds, outputs, kernels, liveTensors: tf.memory().numTensors };
  } finally {
    optimizer.dispose();
    tf.dispose([images, labels]);
    supernet.dispose();
  }
}

async function memoryOverSteps(task: Extract<ChildTask, { kind: 'memory' }>) {
  const started = await startBackend('fewshot');
  const data = await loadExperimentData({ data: task.data });
  const supernet = createSupernet({
    channels: task.network.channels,
    cellsPerStage: task.network.cellsPerStage,
    classes: data.train.classes,
    inputShape: [data.train.height, data.train.width, data.train.channels],
    cellBatchNorm: task.network.cellBatchNorm,
    rng: createRng({ seed: 1 }),
  });
  const stepsPerEpoch = Math.floor(data.train.count / task.training.batchSize);
  const epochs = Math.ceil(task.steps / stepsPerEpoch);
  const samples: { step: number; liveTensors: number; tensorMegabytes: number; residentMegabytes: number; heapMegabytes: number }[] = [];
  const wanted = new Set(task.sampleAt);
  const wall = performance.now();
  try {
    await trainSupernet({
      supernet,
      data: {
        dataset: data.train,
        batchSize: task.training.batchSize,
        normalization: data.normalization,
        augmentation: task.data.augmentation,
      },
      epochs,
      learningRate: task.training.learningRate,
      optimizer: { momentum: task.training.momentum, nesterov: task.training.nesterov, weightDecay: task.training.weightDecay },
      sampling: task.training.sampling,
      seed: 1,
      onEvent: (event) => {
        if (event.type !== 'step-end' || !wanted.has(event.step + 1)) return;
        const memory = process.memoryUsage();
        samples.push({
          step: event.step + 1,
          liveTensors: tf.memory().numTensors,
          tensorMegabytes: tf.memory().numBytes / 2 ** 20,
          residentMegabytes: memory.rss / 2 ** 20,
          heapMegabytes: memory.heapUsed / 2 ** 20,
        });
      },
    });
  } finally {
    supernet.dispose();
  }
  return { ...started, samples, epochs, stepsPerEpoch, seconds: (performance.now() - wall) / 1000 };
}

/** The SHA-256 of the saved weights, as the supernet's manifest records it: equal iff the weights are. */
function weightsDigest(directory: string): string {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as { weights: { sha256: string } };
  return manifest.weights.sha256;
}

async function runJobs(task: Extract<ChildTask, { kind: 'jobs' }>) {
  const wall = performance.now();
  const results = (await runTrainingJobs({ jobs: task.jobs, workers: task.workers })) as SupernetJobResult[];
  const seconds = (performance.now() - wall) / 1000;
  return {
    seconds,
    jobs: results.map((result, index) => ({
      id: result.id,
      steps: result.steps,
      seconds: result.seconds,
      backend: result.backend,
      losses: result.history.map((epoch) => epoch.loss),
      weights: weightsDigest((task.jobs[index] as SupernetJob).outputDirectory),
    })),
  };
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
const result =
  task.kind === 'memory' ? await memoryOverSteps(task) : task.kind === 'jobs' ? await runJobs(task) : await timeSteps(task);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
