import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { selectBackend } from '@fewshot/backend';
import { createRng, deriveSeed, type RegionJson } from '@fewshot/core';
import { nasBench201, parseNasBench201Architecture, regionFromJson } from '@fewshot/search-space';
import { createFewShotEnsemble } from '@fewshot/splitter';
import { createStandaloneNetwork, createSupernet, loadSupernet } from '@fewshot/supernet';
import {
  evaluateNetwork,
  trainStandaloneNetwork,
  trainSupernet,
  type EpochRecord,
  type TrainingEvent,
} from '@fewshot/trainers';
import type { DataConfig, NetworkConfig, TrainingConfig } from '../config/experiment-config.js';
import { loadExperimentData, type ExperimentData } from '../data/load-experiment-data.js';
import { loadFullFashionMnistTest } from '../data/load-full-fashion-mnist-test.js';

/** Trains one architecture from scratch and scores it (a ground-truth entry). */
export interface StandaloneJob {
  readonly kind: 'standalone';
  readonly id: string;
  readonly data: DataConfig;
  readonly network: NetworkConfig;
  readonly training: TrainingConfig;
  readonly architecture: string;
  readonly seed: number;
  /** Also score on Debian's full Fashion-MNIST test set (10,000 images), resized like `data`. */
  readonly fullFashionMnistTest: boolean;
}

/** Trains a supernet over a region, from a saved parent or from scratch, and saves it. */
export interface SupernetJob {
  readonly kind: 'supernet';
  readonly id: string;
  readonly data: DataConfig;
  readonly network: NetworkConfig;
  readonly training: TrainingConfig;
  readonly seed: number;
  /** Folder of the saved parent supernet; absent: a fresh supernet initialised from `seed`. */
  readonly parentDirectory?: string;
  /** The region to train (the parent is restricted to it). */
  readonly region: RegionJson;
  /** Start from the parent's weights, or re-initialise them (seeded). */
  readonly initialization: 'copy' | 'reinitialize';
  readonly checkpointDirectory: string;
  /** Where the trained supernet is saved (atomically). */
  readonly outputDirectory: string;
}

/** Estimates the accuracy of architectures with one supernet or an ensemble of sub-supernets. */
export interface EvaluateJob {
  readonly kind: 'evaluate';
  readonly id: string;
  readonly data: DataConfig;
  /** Saved supernets and the regions they own (one member: a one-shot supernet). */
  readonly members: readonly { readonly directory: string; readonly region: RegionJson }[];
  /** NAS-Bench-201 strings. */
  readonly architectures: readonly string[];
  readonly batchSize: number;
}

/** A unit of work that a worker process (or the main process) runs. */
export type TrainingJob = StandaloneJob | SupernetJob | EvaluateJob;

/**
 * What one standalone training run (one architecture, one seed) returns: what
 * {@link runGroundTruth} passes to `onResult` as each run finishes, and what it keeps in
 * `<output>.runs/<id>.json` to resume.
 *
 * @example
 * ```ts
 * const result: StandaloneJobResult = {
 *   kind: 'standalone', id: 'architecture-007-seed-1', testAccuracy: 84.6, finalTrainLoss: 0.41,
 *   steps: 1560, seconds: 212.5, backend: 'wasm',
 * };
 * ```
 */
export interface StandaloneJobResult {
  /** Always `standalone`: tells the job results apart. */
  readonly kind: 'standalone';
  /** The run's id, `architecture-<index, 3 digits>-seed-<seed>`. */
  readonly id: string;
  /** Accuracy on the experiment's test set (percent). */
  readonly testAccuracy: number;
  /** Accuracy on Debian's full test set, when asked for and present. */
  readonly fullTestAccuracy?: number;
  /** Mean training loss of the last epoch. */
  readonly finalTrainLoss: number;
  /** Optimiser steps of the training. */
  readonly steps: number;
  /** Wall-clock seconds of the job: data loading, training and scoring. */
  readonly seconds: number;
  /** The TensorFlow.js backend the job ran on (`cpu`, `wasm`, ...). */
  readonly backend: string;
}

/** What a supernet job returns. */
export interface SupernetJobResult {
  readonly kind: 'supernet';
  readonly id: string;
  readonly steps: number;
  readonly seconds: number;
  readonly history: readonly EpochRecord[];
  readonly backend: string;
}

/** What an evaluate job returns. */
export interface EvaluateJobResult {
  readonly kind: 'evaluate';
  readonly id: string;
  /** Estimated accuracy (percent) per architecture, in order. */
  readonly estimates: readonly number[];
  readonly seconds: number;
  readonly backend: string;
}

export type TrainingJobResult = StandaloneJobResult | SupernetJobResult | EvaluateJobResult;

const dataCache = new Map<string, Promise<ExperimentData>>();

function cachedData(data: DataConfig): Promise<ExperimentData> {
  const key = JSON.stringify(data);
  let loaded = dataCache.get(key);
  if (loaded === undefined) {
    loaded = loadExperimentData({ data });
    dataCache.set(key, loaded);
  }
  return loaded;
}

let fullFashionMnistTest: Promise<ExperimentData['test']> | undefined;
let fullFashionMnistTestKey: string | undefined;

function cachedFullTest(data: DataConfig): Promise<ExperimentData['test']> {
  const key = JSON.stringify(data.resize ?? null);
  if (fullFashionMnistTest === undefined || fullFashionMnistTestKey !== key) {
    fullFashionMnistTest = loadFullFashionMnistTest({ data });
    fullFashionMnistTestKey = key;
  }
  return fullFashionMnistTest;
}

let backendName: Promise<string> | undefined;

function ensureBackend(): Promise<string> {
  backendName ??= selectBackend().then((selection) => selection.backend);
  return backendName;
}

function trainingOptions(training: TrainingConfig, data: DataConfig, experimentData: ExperimentData) {
  return {
    data: {
      dataset: experimentData.train,
      batchSize: training.batchSize,
      normalization: experimentData.normalization,
      augmentation: data.augmentation,
    },
    epochs: training.epochs,
    learningRate: training.learningRate,
    optimizer: {
      momentum: training.momentum,
      nesterov: training.nesterov,
      weightDecay: training.weightDecay,
      ...(training.gradientClipNorm === undefined ? {} : { gradientClipNorm: training.gradientClipNorm }),
    },
  };
}

function inputShapeOf(dataset: ExperimentData['train']): [number, number, number] {
  return [dataset.height, dataset.width, dataset.channels];
}

/**
 * Runs one job in this process. `onEvent` receives the trainer's events (for progress bars);
 * `signal` stops the job at the next training step or evaluated architecture with a
 * `CancelledError` (a supernet job keeps its last epoch checkpoint, so it resumes from there).
 * Jobs are pure functions of their description: the same job gives the same result, whichever
 * process runs it and in whichever order.
 */
export async function runTrainingJob(job: TrainingJob, onEvent?: (event: TrainingEvent) => void, signal?: AbortSignal): Promise<TrainingJobResult> {
  const backend = await ensureBackend();
  const experimentData = await cachedData(job.data);
  const started = performance.now();
  if (job.kind === 'standalone') {
    const network = createStandaloneNetwork({
      architecture: parseNasBench201Architecture(job.architecture),
      channels: job.network.channels,
      cellsPerStage: job.network.cellsPerStage,
      classes: experimentData.train.classes,
      inputShape: inputShapeOf(experimentData.train),
      rng: createRng({ seed: deriveSeed({ seed: job.seed, label: `standalone/${job.architecture}/weights` }) }),
    });
    try {
      const summary = await trainStandaloneNetwork({
        network,
        ...trainingOptions(job.training, job.data, experimentData),
        seed: deriveSeed({ seed: job.seed, label: `standalone/${job.architecture}/training` }),
        ...(onEvent === undefined ? {} : { onEvent }),
        ...(signal === undefined ? {} : { signal }),
      });
      const evaluationData = { normalization: experimentData.normalization, batchSize: 500 };
      const test = await evaluateNetwork({ network, data: { ...evaluationData, dataset: experimentData.test } });
      let fullTestAccuracy: number | undefined;
      if (job.fullFashionMnistTest) {
        const fullTest = await cachedFullTest(job.data);
        const full = await evaluateNetwork({ network, data: { ...evaluationData, dataset: fullTest } });
        fullTestAccuracy = full.accuracy;
      }
      return {
        kind: 'standalone',
        id: job.id,
        testAccuracy: test.accuracy,
        ...(fullTestAccuracy === undefined ? {} : { fullTestAccuracy }),
        finalTrainLoss: summary.history.at(-1)?.loss ?? Number.NaN,
        steps: summary.steps,
        seconds: (performance.now() - started) / 1000,
        backend,
      };
    } finally {
      network.dispose();
    }
  }

  if (job.kind === 'evaluate') {
    const supernets = await Promise.all(job.members.map((member) => loadSupernet({ directory: member.directory })));
    try {
      const ensemble = createFewShotEnsemble({
        members: supernets.map((supernet, index) => ({
          supernet,
          region: regionFromJson({ space: nasBench201, json: (job.members[index] as EvaluateJob['members'][number]).region }),
        })),
        data: { dataset: experimentData.test, batchSize: job.batchSize, normalization: experimentData.normalization },
        name: job.id,
      });
      const evaluations = await ensemble.evaluate({
        architectures: job.architectures.map((text) => parseNasBench201Architecture(text)),
        ...(signal === undefined ? {} : { signal }),
      });
      return {
        kind: 'evaluate',
        id: job.id,
        estimates: evaluations.map((evaluation) => evaluation.accuracy),
        seconds: (performance.now() - started) / 1000,
        backend,
      };
    } finally {
      for (const supernet of supernets) supernet.dispose();
    }
  }

  const region = regionFromJson({ space: nasBench201, json: job.region });
  const weightsSeed = deriveSeed({ seed: job.seed, label: `supernet/${job.id}/weights` });
  const fresh = () =>
    createSupernet({
      channels: job.network.channels,
      cellsPerStage: job.network.cellsPerStage,
      classes: experimentData.train.classes,
      inputShape: inputShapeOf(experimentData.train),
      cellBatchNorm: job.network.cellBatchNorm,
      rng: createRng({ seed: weightsSeed }),
    });
  const parent = job.parentDirectory === undefined || job.initialization === 'reinitialize' ? fresh() : await loadSupernet({ directory: job.parentDirectory });
  const supernet = parent.restrict(region);
  parent.dispose();
  try {
    const summary = await trainSupernet({
      supernet,
      ...trainingOptions(job.training, job.data, experimentData),
      sampling: job.training.sampling,
      seed: deriveSeed({ seed: job.seed, label: `supernet/${job.id}/training` }),
      checkpoint: { directory: job.checkpointDirectory },
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(signal === undefined ? {} : { signal }),
    });
    const temporary = `${job.outputDirectory}.tmp-${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await mkdir(dirname(job.outputDirectory), { recursive: true });
    await supernet.save({ directory: temporary });
    await rm(job.outputDirectory, { recursive: true, force: true });
    await rename(temporary, job.outputDirectory);
    return {
      kind: 'supernet',
      id: job.id,
      steps: summary.steps,
      seconds: (performance.now() - started) / 1000,
      history: summary.history,
      backend,
    };
  } finally {
    supernet.dispose();
  }
}

/** The folder a job's trained supernet is saved in, inside an experiment's output folder. */
export function supernetDirectory(output: string, id: string): string {
  return join(output, 'supernets', id);
}
