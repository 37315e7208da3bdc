import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRng, deriveSeed, InvalidArgumentError } from '@fewshot/core';
import {
  createRegion,
  formatNasBench201Architecture,
  nasBench201,
  nasBench201EquivalenceKey,
  parseNasBench201Architecture,
} from '@fewshot/search-space';
import type { TrainingEvent } from '@fewshot/trainers';
import type { DataConfig, NetworkConfig, TrainingConfig } from '../config/experiment-config.js';
import { parseDataConfig, parseNetworkConfig, parseTrainingConfig } from '../config/parse-experiment-config.js';
import { ConfigReader } from '../internal/config-reader.js';
import { writeFileAtomically } from '../internal/write-file-atomically.js';
import type { StandaloneJob, StandaloneJobResult } from '../workers/training-jobs.js';
import { runTrainingJobs } from '../workers/run-training-jobs.js';
import type { GroundTruthEntry, GroundTruthTable } from './ground-truth-table.js';

/**
 * A `fewshot ground-truth` configuration, resolved.
 *
 * @example
 * ```ts
 * const config = parseGroundTruthConfig({ json: { name: 'tiny', architectures: { perRegion: 2 } }, directory: process.cwd() });
 * ```
 */
export interface GroundTruthConfig {
  /** A name for the table; default `ground-truth`. */
  readonly name: string;
  /** The images (as in an experiment config); default the embedded Fashion-MNIST subset at 16x16. */
  readonly data: DataConfig;
  /** The size of each standalone network; default C = 8, N = 1. */
  readonly network: NetworkConfig;
  /** The schedule of every run; default 10 epochs, batches of 64, learning rate 0.05 -> 0.001. */
  readonly training: TrainingConfig;
  /**
   * `perRegion` architectures from each region of the split of `edge`, drawn with `seed`;
   * or, when `list` is given, exactly those architectures (to score architectures that a
   * search derived, with the same protocol as a sampled table).
   */
  readonly architectures: {
    /** Distinct, non-equivalent architectures per region (>= 1). Default 20. */
    readonly perRegion: number;
    /** Label of the edge whose split defines the regions (one per operation). Default `1<-0`. */
    readonly edge: string;
    /** Seed of the draw (independent of the training seeds). Default 2021. */
    readonly seed: number;
    /** Explicit architectures (NAS-Bench-201 strings, no two equal), instead of the draw. */
    readonly list?: readonly string[];
  };
  /** Each architecture is trained once per seed; the truth is the mean. */
  readonly seeds: readonly number[];
  /** Score on Debian's full Fashion-MNIST test set (less noisy) instead of the data's test set. */
  readonly fullFashionMnistTest: boolean;
  /** Training processes to run at once (1-64); default `min(2, available CPUs)`. */
  readonly workers: number;
  /** The JSON table to write. */
  readonly output: string;
}

/**
 * Validates a ground-truth configuration (every error names its field) and fills in defaults.
 *
 * @example
 * ```ts
 * const config = parseGroundTruthConfig({ json: JSON.parse(text), directory: 'configs' });
 * ```
 */
export function parseGroundTruthConfig(options: {
  /** The parsed JSON of the config file. */
  readonly json: unknown;
  /** Folder of the config file: relative paths inside it (data, output) are resolved against it. */
  readonly directory: string;
}): GroundTruthConfig {
  const root = new ConfigReader('parseGroundTruthConfig', 'config', options.json);
  root.rejectUnknown(['$schema', 'name', 'data', 'network', 'training', 'architectures', 'seeds', 'fullFashionMnistTest', 'workers', 'output']);
  const resolvePath = (path: string): string => (path.startsWith('/') ? path : join(options.directory, path));
  const name = root.string('name', 'ground-truth');
  const architecturesReader = root.has('architectures') ? root.object('architectures') : undefined;
  architecturesReader?.rejectUnknown(['perRegion', 'edge', 'seed', 'list']);
  const edge = architecturesReader?.string('edge', '1<-0') ?? '1<-0';
  if (!nasBench201.decisions.some((decision) => decision.label === edge)) {
    architecturesReader?.fail('edge', `unknown edge "${edge}"`);
  }
  const list = architecturesReader?.has('list') === true ? parseArchitectureList(architecturesReader) : undefined;
  return {
    name,
    data: parseDataConfig(root.has('data') ? root.object('data') : undefined, resolvePath),
    network: parseNetworkConfig(root.has('network') ? root.object('network') : undefined),
    training: parseTrainingConfig(root.has('training') ? root.object('training') : undefined, { epochs: 10 }),
    architectures: {
      perRegion: architecturesReader?.integer('perRegion', { minimum: 1, default: 20 }) ?? 20,
      edge,
      seed: architecturesReader?.integer('seed', { minimum: 0, default: 2021 }) ?? 2021,
      ...(list === undefined ? {} : { list }),
    },
    seeds: root.integerList('seeds', { default: [1, 2], nonEmpty: true, minimum: 0 }),
    fullFashionMnistTest: root.boolean('fullFashionMnistTest', false),
    workers: root.integer('workers', { minimum: 1, maximum: 64, default: Math.min(2, availableParallelism()) }),
    output: resolvePath(root.string('output', `${name}.json`)),
  };
}

/** Reads `architectures.list`: a non-empty array of distinct NAS-Bench-201 strings. */
function parseArchitectureList(reader: ConfigReader): string[] {
  const value = reader.raw('list');
  if (!Array.isArray(value) || value.length === 0) reader.fail('list', 'expected a non-empty array of NAS-Bench-201 architecture strings');
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string') reader.fail(`list[${index}]`, `expected a NAS-Bench-201 architecture string, got ${JSON.stringify(item)}`);
    let text: string;
    try {
      text = formatNasBench201Architecture(parseNasBench201Architecture(item));
    } catch (error) {
      reader.fail(`list[${index}]`, error instanceof Error ? error.message : String(error));
    }
    if (seen.has(text)) reader.fail(`list[${index}]`, `${text} appears twice`);
    seen.add(text);
    return text;
  });
}

/**
 * The architectures of a ground-truth table: `perRegion` distinct, non-equivalent architectures
 * drawn uniformly from each region of the paper's split of `edge` (one region per operation),
 * or the given `list` in its order (each labelled with its region of that split).
 *
 * @example
 * ```ts
 * const chosen = sampleGroundTruthArchitectures({ perRegion: 20, edge: '1<-0', seed: 2021 }); // 100 entries
 * ```
 */
export function sampleGroundTruthArchitectures(options: GroundTruthConfig['architectures']): {
  /** The architecture in NAS-Bench-201 string form. */
  architecture: string;
  /** The label of the region it was drawn from, e.g. `1<-0 in {nor_conv_3x3}`. */
  region: string;
}[] {
  const decision = nasBench201.decisions.findIndex((candidate) => candidate.label === options.edge);
  if (decision < 0) {
    throw new InvalidArgumentError({ functionName: 'sampleGroundTruthArchitectures', argument: 'options.edge', message: `unknown edge "${options.edge}"` });
  }
  const operations = nasBench201.decisions[decision]?.options ?? [];
  const regions = createRegion({ space: nasBench201 }).split({ decision, groups: operations.map((_, option) => [option]) });
  if (options.list !== undefined) {
    return options.list.map((text) => {
      const architecture = parseNasBench201Architecture(text);
      const region = regions.find((candidate) => candidate.contains(architecture));
      return { architecture: formatNasBench201Architecture(architecture), region: region?.label ?? 'whole space' };
    });
  }
  const rng = createRng({ seed: deriveSeed({ seed: options.seed, label: 'ground-truth/architectures' }) });
  const chosen: { architecture: string; region: string }[] = [];
  const seen = new Set<string>();
  for (const region of regions) {
    let taken = 0;
    let attempts = 0;
    while (taken < options.perRegion) {
      attempts += 1;
      if (attempts > 100_000) {
        throw new InvalidArgumentError({
          functionName: 'sampleGroundTruthArchitectures',
          argument: 'options.perRegion',
          message: `region ${region.label} has fewer than ${options.perRegion} non-equivalent architectures`,
        });
      }
      const architecture = region.sample(rng);
      const key = nasBench201EquivalenceKey(architecture);
      if (seen.has(key)) continue;
      seen.add(key);
      chosen.push({ architecture: formatNasBench201Architecture(architecture), region: region.label });
      taken += 1;
    }
  }
  return chosen;
}

/**
 * Options of {@link runGroundTruth}.
 *
 * @example
 * ```ts
 * const options: RunGroundTruthOptions = { config, command: 'fewshot ground-truth configs/ground-truth.json' };
 * ```
 */
export interface RunGroundTruthOptions {
  /** The validated configuration, as {@link parseGroundTruthConfig} returns it. */
  readonly config: GroundTruthConfig;
  /** The command line, recorded in the table. */
  readonly command: string;
  /** Trainer events of every run, with the run's id (`architecture-007-seed-1`), for progress bars. */
  readonly onEvent?: (id: string, event: TrainingEvent) => void;
  /**
   * Called as each run finishes (after it is saved for resuming), with how many of the `total`
   * runs are done, runs finished before a resume included.
   */
  readonly onResult?: (result: StandaloneJobResult, done: number, total: number) => void;
  /**
   * Stops the runs: pending runs are not started and the call rejects with a `CancelledError`;
   * finished runs stay in `<output>.runs/`, so running again resumes.
   */
  readonly signal?: AbortSignal;
}

/**
 * Trains every chosen architecture from scratch once per seed (in parallel processes),
 * and writes the table atomically. Each finished run is saved at once in
 * `<output>.runs/`, so a killed run resumes where it stopped.
 *
 * @example
 * ```ts
 * const table = await runGroundTruth({ config, command: 'fewshot ground-truth configs/ground-truth.json' });
 * ```
 */
export async function runGroundTruth(options: RunGroundTruthOptions): Promise<GroundTruthTable> {
  const { config } = options;
  const started = new Date();
  const architectures = sampleGroundTruthArchitectures(config.architectures);
  const runsDirectory = `${config.output}.runs`;
  await mkdir(runsDirectory, { recursive: true });
  const jobs: StandaloneJob[] = architectures.flatMap(({ architecture }, index) =>
    config.seeds.map((seed) => ({
      kind: 'standalone' as const,
      id: `architecture-${String(index).padStart(3, '0')}-seed-${seed}`,
      data: config.data,
      network: config.network,
      training: config.training,
      architecture,
      seed,
      fullFashionMnistTest: config.fullFashionMnistTest,
    })),
  );
  const done = new Map<string, StandaloneJobResult>();
  for (const file of await readdir(runsDirectory)) {
    if (!file.endsWith('.json')) continue;
    const result = JSON.parse(await readFile(join(runsDirectory, file), 'utf8')) as StandaloneJobResult & { architecture: string };
    const job = jobs.find((candidate) => candidate.id === result.id);
    if (job !== undefined && job.architecture === result.architecture) done.set(result.id, result);
  }
  const pending = jobs.filter((job) => !done.has(job.id));
  const startedFile = join(runsDirectory, 'started.txt');
  if (!existsSync(startedFile)) await writeFileAtomically({ file: startedFile, text: started.toISOString() });
  const firstStarted = (await readFile(startedFile, 'utf8')).trim();
  const writes: Promise<void>[] = [];
  let backend = [...done.values()][0]?.backend ?? 'unknown';
  await runTrainingJobs({
    jobs: pending,
    workers: config.workers,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onResult: (result) => {
      const job = jobs.find((candidate) => candidate.id === result.id) as StandaloneJob;
      done.set(result.id, result as StandaloneJobResult);
      backend = result.backend;
      writes.push(
        writeFileAtomically({
          file: join(runsDirectory, `${result.id}.json`),
          text: `${JSON.stringify({ ...result, architecture: job.architecture })}\n`,
        }),
      );
      options.onResult?.(result as StandaloneJobResult, done.size, jobs.length);
    },
  });
  await Promise.all(writes);
  const entries: GroundTruthEntry[] = architectures.map(({ architecture, region }, index) => {
    const runs = config.seeds.map((seed) => {
      const result = done.get(`architecture-${String(index).padStart(3, '0')}-seed-${seed}`) as StandaloneJobResult;
      const accuracy = config.fullFashionMnistTest ? (result.fullTestAccuracy as number) : result.testAccuracy;
      return { seed, accuracy, testAccuracy: result.testAccuracy, finalTrainLoss: result.finalTrainLoss, seconds: result.seconds };
    });
    return { architecture, region, accuracy: runs.reduce((sum, run) => sum + run.accuracy, 0) / runs.length, runs };
  });
  const finished = new Date();
  const table: GroundTruthTable = {
    format: 'fewshot-ground-truth',
    version: 1,
    name: config.name,
    space: 'nas-bench-201',
    scoredOn: config.fullFashionMnistTest
      ? "Debian's full Fashion-MNIST test set (10,000 images)"
      : `the test set of the data source ${config.data.source}`,
    config: {
      data: config.data,
      network: config.network,
      training: config.training,
      architectures: config.architectures,
      seeds: config.seeds,
      fullFashionMnistTest: config.fullFashionMnistTest,
    },
    command: options.command,
    machine: { cpus: availableParallelism(), node: process.version, backend, workers: config.workers },
    started: firstStarted,
    finished: finished.toISOString(),
    seconds: (finished.getTime() - new Date(firstStarted).getTime()) / 1000,
    processSeconds: entries.reduce((sum, entry) => sum + entry.runs.reduce((runSum, run) => runSum + run.seconds, 0), 0),
    entries,
  };
  await mkdir(dirname(config.output), { recursive: true });
  await writeFileAtomically({ file: config.output, text: `${JSON.stringify(table, null, 1)}\n` });
  return table;
}
