/**
 * The speed bench of issue "training speed": TensorFlow.js against PyTorch on the same machine,
 * in one run, written as a report (docs/results/speed.md is its output).
 *
 *   npm run bench:speed                                   # from the repository root: writes docs/results/speed.md (~21 minutes, with --npm-start)
 *   npm run bench -w @fewshot/cli -- --output speed.md    # the same without timing npm start (~6 minutes)
 *   npm run bench -w @fewshot/cli -- --quick              # fewer steps (~4 minutes), printed only
 *   ... -- --npm-start                                    # also time `npm start`: processes vs threads (+13 minutes)
 *
 * It measures, each configuration in a fresh process (`bench/speed-child.ts`):
 * 1. one training step of the NAS-Bench-201 supernet (batch 64, 32x32x3, C=16, N=5, one
 *    architecture per cell per step, the same paths in both frameworks) and of the main job's
 *    small supernet (batch 64, 16x16x1, C=8, N=1): PyTorch 1.13 with 2 and 1 threads
 *    (`bench/pytorch_supernet.py`), also kept to 128-bit vectors (the width of WebAssembly SIMD),
 *    tfjs-backend-wasm with tfjs's own kernels on one thread
 *    (before), with @fewshot/backend's kernels on one thread, and on two threads (after); the
 *    target's pair (PyTorch 2 threads, wasm 2 threads) in five alternating rounds (one with
 *    `--quick`), judged by the median of the rounds' ratios;
 * 2. the per-kernel profile (`tf.profile`) of one step, before and after;
 * 3. evaluation (forward only, batch 256, one architecture per batch);
 * 4. parallel training: four sub-supernets of the paper split through the CLI's job runner,
 *    one process after the other vs two processes (the runner's own and one worker process), in
 *    three alternating rounds (one with `--quick`), each next to a reference loop
 *    (`bench/core-scaling-probe.ts`) timed alone and as two processes, and whether the results
 *    are identical; then the target's measure, drift-free: one and two training processes (and
 *    one and two reference loops) in alternating windows seconds apart
 *    (`bench/interleaved-throughput.ts`), 24 cycles (6 with `--quick`);
 * 5. live tensors and resident memory over 1,000 steps of the real trainer on the main job;
 * 6. with `--npm-start`: the main job (`npm start`) as configured (two processes, one wasm
 *    thread each) and in one process with two wasm threads, and whether the results are identical.
 *
 * Run it on an otherwise idle machine (wrap it in `flock /tmp/fewshot-heavy.lock` on shared ones).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createRng, type Architecture } from '@fewshot/core';
import { createRegion, nasBench201 } from '@fewshot/search-space';
import type { ExperimentConfig } from '../src/config/experiment-config.js';
import { parseExperimentConfig } from '../src/config/parse-experiment-config.js';
import { writeFileAtomically } from '../src/internal/write-file-atomically.js';
import type { SupernetJob } from '../src/workers/training-jobs.js';
import { trainingWorkerEntry } from '../src/training-worker-url.js';
import { measureInterleavedThroughput, type InterleavedThroughput } from './interleaved-throughput.js';
import { medianConfidenceInterval } from './median-confidence-interval.js';
import type { ChildTask, StepShape } from './speed-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const argumentsList = process.argv.slice(2);
const quick = argumentsList.includes('--quick');
const valueOf = (flag: string): string | undefined => {
  const index = argumentsList.indexOf(flag);
  return index >= 0 ? argumentsList[index + 1] : undefined;
};
const outputPath = valueOf('--output');
const withNpmStart = argumentsList.includes('--npm-start');
const repositoryRoot = resolve(here, '../../..');
const jsonPath = valueOf('--json');
const startedAt = Date.now();

const defaultSupernet: StepShape = { batch: 64, size: 32, inputChannels: 3, channels: 16, cellsPerStage: 5, classes: 10 };
const smallSupernet: StepShape = { batch: 64, size: 16, inputChannels: 1, channels: 8, cellsPerStage: 1, classes: 10 };
const evaluationShape: StepShape = { ...defaultSupernet, batch: 256 };
const jobEpochs = quick ? 1 : 2;
const jobRounds = quick ? 1 : 3;
const stepRoundCount = quick ? 1 : 5;
const interleavedCycles = quick ? 6 : 24;
const runFile = promisify(execFile);

function log(message: string): void {
  process.stderr.write(`[speed ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** Largest |a - b| / |b| over two series of the same length. */
function largestRelativeDifference(a: readonly number[], b: readonly number[]): number {
  return a.reduce((largest, value, index) => {
    const reference = b[index] ?? Number.NaN;
    return Math.max(largest, Math.abs(value - reference) / Math.abs(reference));
  }, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Per step, one architecture per cell, drawn uniformly with a fixed seed (the same for both frameworks). */
function perCellPaths(shape: StepShape, steps: number, seed: number): Architecture[][] {
  const rng = createRng({ seed });
  return Array.from({ length: steps }, () => Array.from({ length: 3 * shape.cellsPerStage }, () => nasBench201.sample(rng)));
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runChild<T>(task: ChildTask, threads: number): T {
  const output = execFileSync(
    process.execPath,
    ['--import', tsxLoader, '--conditions=@fewshot/source', join(here, 'speed-child.ts'), JSON.stringify(task)],
    {
      encoding: 'utf8',
      env: { ...process.env, FEWSHOT_BACKEND: 'wasm', FEWSHOT_WASM_THREADS: String(threads) },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as T;
}

interface StepResult {
  readonly backend: string;
  readonly threads: number;
  readonly milliseconds: number[];
  readonly cpuMilliseconds: number[];
  readonly outputs: number[];
  readonly kernels: { kernel: string; milliseconds: number; calls: number }[];
  readonly liveTensors: number;
}

interface Timing {
  readonly label: string;
  readonly milliseconds: number[];
  readonly cpuMilliseconds: number[];
  readonly outputs?: number[];
}

/**
 * Environment that keeps PyTorch to 128-bit vectors, the width of WebAssembly SIMD: oneDNN's
 * convolutions at SSE4.1 and ATen's own kernels at their baseline build (`default`).
 */
const pytorch128BitVectors: Readonly<Record<string, string>> = { DNNL_MAX_CPU_ISA: 'SSE41', ATEN_CPU_CAPABILITY: 'default' };

function pytorch(
  mode: 'train' | 'evaluate',
  shape: StepShape,
  paths: readonly (readonly Architecture[])[],
  threads: number,
  warmup: number,
  vectors: 'native' | '128-bit' = 'native',
): Timing {
  const output = execFileSync('/usr/bin/python3', [join(here, 'pytorch_supernet.py')], {
    encoding: 'utf8',
    input: JSON.stringify({ mode, ...shape, threads, warmup, paths: mode === 'train' ? paths : paths.map((path) => path[0]) }),
    env: vectors === 'native' ? process.env : { ...process.env, ...pytorch128BitVectors },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const result = JSON.parse(output) as { framework: string; threads: number; milliseconds: number[]; cpuMilliseconds: number[] };
  const label = `${result.framework.replace('pytorch', 'PyTorch')}, ${result.threads} thread${result.threads === 1 ? '' : 's'}${vectors === '128-bit' ? ', 128-bit vectors' : ''}`;
  log(`${label} ${mode}: median ${median(result.milliseconds).toFixed(0)} ms`);
  return { label, milliseconds: result.milliseconds, cpuMilliseconds: result.cpuMilliseconds };
}

/** The widest vector instructions this machine's processor offers (from /proc/cpuinfo). */
function widestVectors(): string {
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '';
  } catch {
    return 'unknown (no /proc/cpuinfo)';
  }
  const has = (flag: string): boolean => flags.split(' ').includes(flag);
  if (has('avx512f')) return 'AVX-512 (512-bit)';
  if (has('avx2')) return 'AVX2 (256-bit)';
  if (has('sse4_1')) return 'SSE4.1 (128-bit)';
  return 'below SSE4.1';
}

function tensorflow(
  kind: 'train' | 'evaluate',
  shape: StepShape,
  paths: readonly (readonly Architecture[])[],
  options: { threads: number; kernels: 'stock' | 'fewshot'; warmup: number; profile: boolean; label: string },
): { timing: Timing; result: StepResult } {
  const childPaths = kind === 'evaluate' ? paths.map((path) => [path[0] as Architecture]) : paths;
  const result = runChild<StepResult>(
    { kind, shape, paths: childPaths, warmup: options.warmup, kernels: options.kernels, profile: options.profile },
    options.threads,
  );
  if (result.threads !== options.threads) throw new Error(`asked for ${options.threads} wasm thread(s), got ${result.threads}`);
  log(`${options.label} ${kind}: median ${median(result.milliseconds).toFixed(0)} ms`);
  return { timing: { label: options.label, milliseconds: result.milliseconds, cpuMilliseconds: result.cpuMilliseconds, outputs: result.outputs }, result };
}

function stepTable(rows: readonly Timing[], reference: Timing): string[] {
  const lines = [
    '| framework | median wall ms | min | median CPU ms (all threads) | steps | ratio to PyTorch 2 threads |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = median(row.milliseconds) / median(reference.milliseconds);
    lines.push(
      `| ${row.label} | ${median(row.milliseconds).toFixed(0)} | ${Math.min(...row.milliseconds).toFixed(0)} | ${median(row.cpuMilliseconds).toFixed(0)} | ${row.milliseconds.length} | ${row === reference ? '1' : `${ratio.toFixed(2)}x`} |`,
    );
  }
  return lines;
}

function sameOutputs(timings: readonly Timing[]): boolean {
  const first = JSON.stringify(timings[0]?.outputs);
  return timings.every((timing) => JSON.stringify(timing.outputs) === first);
}

function pooled(label: string, ...timings: Timing[]): Timing {
  return {
    label,
    milliseconds: timings.flatMap((timing) => timing.milliseconds),
    cpuMilliseconds: timings.flatMap((timing) => timing.cpuMilliseconds),
  };
}

interface JobsResult {
  readonly seconds: number;
  readonly jobs: { id: string; steps: number; seconds: number; backend: string; losses: number[]; weights: string }[];
}

/** One round of section 4: the jobs in one process, then in two, then the reference loop. */
interface JobsRound {
  readonly sequential: JobsResult;
  readonly parallel: JobsResult;
  /** Milliseconds of the reference loop alone, and of each of two copies run at once. */
  readonly probe: { readonly alone: number; readonly pair: readonly number[] };
}

/** Runs `copies` reference loops (`bench/core-scaling-probe.ts`) at once; their milliseconds. */
async function coreScalingProbe(copies: number): Promise<number[]> {
  const runs = Array.from({ length: copies }, () =>
    runFile(process.execPath, ['--import', tsxLoader, join(here, 'core-scaling-probe.ts')], { encoding: 'utf8' }).then(
      ({ stdout }) => (JSON.parse(stdout.trim()) as { milliseconds: number }).milliseconds,
    ),
  );
  return Promise.all(runs);
}

interface MemoryResult {
  readonly samples: { step: number; liveTensors: number; tensorMegabytes: number; residentMegabytes: number; heapMegabytes: number }[];
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly seconds: number;
}

function spread(values: readonly number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
}

/** A row of the alternating-windows table. */
function interleavedRow(work: string, scaling: { alone: number[]; pair: number[]; ratio: number[] }): string {
  const interval = medianConfidenceInterval(scaling.ratio);
  return `| ${work} | ${median(scaling.alone).toFixed(1)} | ${median(scaling.pair).toFixed(1)} | **${median(scaling.ratio).toFixed(2)}x** | ${interval === undefined ? '-' : `${interval[0].toFixed(2)}x-${interval[1].toFixed(2)}x`} | ${Math.min(...scaling.ratio).toFixed(2)}x, ${Math.max(...scaling.ratio).toFixed(2)}x | ${scaling.ratio.length} |`;
}

function formatMinutes(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${(whole % 60).toString().padStart(2, '0')} s`;
}

function formatTau(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, tau]) => `${name} ${tau.toFixed(3)}`)
    .join('; ');
}

function mainJobConfig(): ExperimentConfig {
  const file = resolve(here, '../configs/default.json');
  return parseExperimentConfig({ json: JSON.parse(readFileSync(file, 'utf8')) as unknown, directory: dirname(file) });
}

function splitJobs(config: ExperimentConfig, directory: string): SupernetJob[] {
  // Four of the paper split's five regions (edge 1<-0 fixed to skip, conv 1x1, conv 3x3, avg pool):
  // an even share for two workers.
  return [1, 2, 3, 4].map((operation) => {
    const allowed = nasBench201.decisions.map((decision, index) =>
      index === 0 ? [operation] : decision.options.map((_option, option) => option),
    );
    const id = `sub-supernet-1-0-${nasBench201.decisions[0]?.options[operation]}`;
    return {
      kind: 'supernet',
      id,
      data: config.data,
      network: config.network,
      training: { ...config.subSupernets, epochs: jobEpochs },
      seed: 1,
      region: createRegion({ space: nasBench201, allowed }).toJSON(),
      initialization: 'copy',
      checkpointDirectory: join(directory, 'checkpoints', id),
      outputDirectory: join(directory, 'supernets', id),
    };
  });
}

function runJobs(config: ExperimentConfig, workers: number, threads: number): JobsResult {
  const directory = mkdtempSync(join(tmpdir(), 'fewshot-speed-jobs-'));
  try {
    const result = runChild<JobsResult>({ kind: 'jobs', jobs: splitJobs(config, directory), workers }, threads);
    log(`4 sub-supernets, ${workers} process(es), ${threads} thread(s) each: ${result.seconds.toFixed(1)} s`);
    return result;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Section 4's drift-free measurement: the first sub-supernet job of `splitJobs`, without end,
 * in a process like the job runner's own (plain Node flags) alone, then next to one like a worker
 * (the worker's flags); the reference loop alone, then as two processes.
 */
async function interleavedThroughput(config: ExperimentConfig): Promise<InterleavedThroughput> {
  const directory = mkdtempSync(join(tmpdir(), 'fewshot-speed-interleaved-'));
  const endless = (name: string): SupernetJob => {
    const job = splitJobs(config, join(directory, name))[0] as SupernetJob;
    return { ...job, training: { ...job.training, epochs: 100_000 } };
  };
  const plainFlags = ['--import', tsxLoader, '--conditions=@fewshot/source'];
  try {
    return await measureInterleavedThroughput({
      processes: [
        { name: 'own', execArgv: plainFlags, task: { kind: 'training', job: endless('own'), warmUnits: 100 } },
        { name: 'worker', execArgv: trainingWorkerEntry().execArgv, task: { kind: 'training', job: endless('worker'), warmUnits: 100 } },
        { name: 'loop', execArgv: plainFlags, task: { kind: 'reference-loop', passes: 100, warmUnits: 20 } },
        { name: 'second loop', execArgv: plainFlags, task: { kind: 'reference-loop', passes: 100, warmUnits: 20 } },
      ],
      states: interleavedStates,
      cycles: interleavedCycles,
      windowMilliseconds: 2000,
      settleMilliseconds: 500,
      env: { ...process.env, FEWSHOT_BACKEND: 'wasm', FEWSHOT_WASM_THREADS: '1' },
      log,
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The windows of a cycle of `interleavedThroughput`: training alone, in two; the loop alone, in two. */
const interleavedStates = [['own'], ['own', 'worker'], ['loop'], ['loop', 'second loop']] as const;

/** Per cycle: units per second of one process alone and of two (summed), and their ratio. */
function interleavedScaling(result: InterleavedThroughput, alone: number, pair: number): { alone: number[]; pair: number[]; ratio: number[] } {
  const sum = (rates: Readonly<Record<string, number>>): number => Object.values(rates).reduce((total, rate) => total + rate, 0);
  const usable = result.rates.filter((cycle) => [cycle[alone], cycle[pair]].every((rates) => rates !== undefined && Number.isFinite(sum(rates))));
  const aloneRates = usable.map((cycle) => sum(cycle[alone] as Record<string, number>));
  const pairRates = usable.map((cycle) => sum(cycle[pair] as Record<string, number>));
  return { alone: aloneRates, pair: pairRates, ratio: pairRates.map((rate, index) => rate / (aloneRates[index] as number)) };
}

interface NpmStartResult {
  readonly seconds: number;
  /** Kendall tau of every variant (seed 1), to check that both runs agree. */
  readonly kendallTau: Record<string, number>;
}

/** Times `npm start` into a temporary folder with `workers` processes and `threads` wasm threads in each. */
function timeNpmStart(workers: number, threads: number): NpmStartResult {
  const directory = mkdtempSync(join(tmpdir(), 'fewshot-speed-start-'));
  const environment: NodeJS.ProcessEnv = { ...process.env };
  delete environment['FEWSHOT_WASM_THREADS'];
  delete environment['FEWSHOT_BACKEND'];
  environment['FEWSHOT_WASM_THREADS'] = String(threads);
  try {
    const wall = performance.now();
    execFileSync('npm', ['start', '--', '--fresh', '--output', directory, '--workers', String(workers)], {
      cwd: repositoryRoot,
      env: environment,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const seconds = (performance.now() - wall) / 1000;
    const results = JSON.parse(readFileSync(join(directory, 'results.json'), 'utf8')) as {
      summary: { name: string; kendallTau: { values: number[] } }[];
    };
    const kendallTau = Object.fromEntries(results.summary.map((variant) => [variant.name, variant.kendallTau.values[0] as number]));
    log(`npm start (${workers} worker(s), ${threads} wasm thread(s) each): ${seconds.toFixed(0)} s`);
    return { seconds, kendallTau };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const trainSteps = quick ? 4 : 16;
  const warmup = 2;
  const lines: string[] = [];

  // 1 + 2. Training steps and profiles.
  const defaultPaths = perCellPaths(defaultSupernet, trainSteps, 7);
  // The target's two rows (two-thread PyTorch and two wasm threads) run in alternating rounds, so
  // that each ratio compares runs a few seconds apart: this virtual machine's speed drifts.
  const stepRounds: { pytorch: Timing; wasm: Timing }[] = [];
  let twoThreadsProfile: StepResult['kernels'] = [];
  for (let round = 0; round < stepRoundCount; round += 1) {
    const runPytorch = (): Timing => pytorch('train', defaultSupernet, defaultPaths, 2, warmup);
    const runWasm = (): Timing => {
      const measured = tensorflow('train', defaultSupernet, defaultPaths, { threads: 2, kernels: 'fewshot', warmup, profile: round === 0, label: 'wasm, 2 threads' });
      if (round === 0) twoThreadsProfile = measured.result.kernels;
      return measured.timing;
    };
    // Alternate which goes first, so that a steady drift favours neither.
    if (round % 2 === 0) {
      const first = runPytorch();
      stepRounds.push({ pytorch: first, wasm: runWasm() });
    } else {
      const first = runWasm();
      stepRounds.push({ wasm: first, pytorch: runPytorch() });
    }
  }
  const stock = tensorflow('train', defaultSupernet, defaultPaths, { threads: 1, kernels: 'stock', warmup, profile: true, label: 'wasm, 1 thread, tfjs kernels (before)' });
  const oneThread = tensorflow('train', defaultSupernet, defaultPaths, { threads: 1, kernels: 'fewshot', warmup, profile: false, label: 'wasm, 1 thread, @fewshot/backend kernels' });
  const pytorchOne = pytorch('train', defaultSupernet, defaultPaths, 1, warmup);
  const pytorchNarrowTwo = pytorch('train', defaultSupernet, defaultPaths, 2, warmup, '128-bit');
  const pytorchNarrowOne = pytorch('train', defaultSupernet, defaultPaths, 1, warmup, '128-bit');
  const pytorchTwo = pooled(`${stepRounds[0]?.pytorch.label ?? 'PyTorch'} (${stepRounds.length} round(s))`, ...stepRounds.map((round) => round.pytorch));
  const twoThreads = {
    timing: { ...pooled(`**wasm, 2 threads, @fewshot/backend kernels (after; ${stepRounds.length} round(s))**`, ...stepRounds.map((round) => round.wasm)), outputs: stepRounds[0]?.wasm.outputs ?? [] },
    result: { kernels: twoThreadsProfile },
  };
  const stepRatios = stepRounds.map((round) => median(round.wasm.milliseconds) / median(round.pytorch.milliseconds));
  const pytorchMedians = stepRounds.map((round) => median(round.pytorch.milliseconds));

  const smallPaths = perCellPaths(smallSupernet, quick ? 20 : 50, 8);
  const smallPytorch = pytorch('train', smallSupernet, smallPaths, 2, 5);
  const smallPytorchOne = pytorch('train', smallSupernet, smallPaths, 1, 5);
  const smallOne = tensorflow('train', smallSupernet, smallPaths, { threads: 1, kernels: 'fewshot', warmup: 5, profile: false, label: 'wasm, 1 thread' });
  const smallTwo = tensorflow('train', smallSupernet, smallPaths, { threads: 2, kernels: 'fewshot', warmup: 5, profile: false, label: 'wasm, 2 threads' });

  // 3. Evaluation.
  const evaluationPaths = perCellPaths(evaluationShape, quick ? 4 : 10, 9);
  const evaluationPytorch = pytorch('evaluate', evaluationShape, evaluationPaths, 2, 2);
  const evaluationOne = tensorflow('evaluate', evaluationShape, evaluationPaths, { threads: 1, kernels: 'fewshot', warmup: 2, profile: false, label: 'wasm, 1 thread' });
  const evaluationTwo = tensorflow('evaluate', evaluationShape, evaluationPaths, { threads: 2, kernels: 'fewshot', warmup: 2, profile: false, label: 'wasm, 2 threads' });

  // 4. Parallel training: rounds of one process then two, each next to the reference loop alone
  // and in two processes, so that every ratio compares runs a minute apart at most.
  const config = mainJobConfig();
  const rounds: JobsRound[] = [];
  for (let round = 0; round < jobRounds; round += 1) {
    const sequentialRun = runJobs(config, 1, 1);
    const parallelRun = runJobs(config, 2, 1);
    const probeAlone = (await coreScalingProbe(1))[0] as number;
    const probePair = await coreScalingProbe(2);
    rounds.push({ sequential: sequentialRun, parallel: parallelRun, probe: { alone: probeAlone, pair: probePair } });
    log(`reference loop: ${probeAlone.toFixed(0)} ms alone, ${probePair.map((value) => value.toFixed(0)).join(' and ')} ms as two processes`);
  }
  const threaded = runJobs(config, 1, 2);
  const interleaved = await interleavedThroughput(config);

  // 5. Memory over 1,000 steps.
  const memory = runChild<MemoryResult>(
    {
      kind: 'memory',
      data: config.data,
      network: config.network,
      training: config.subSupernets,
      steps: 1000,
      sampleAt: [1, 10, 100, 250, 500, 750, 1000],
    },
    1,
  );
  log(`memory: ${memory.samples.map((sample) => `${sample.step}: ${sample.liveTensors}`).join(', ')}`);

  // 6. npm start.
  const npmStart = withNpmStart ? { processes: timeNpmStart(2, 1), threads: timeNpmStart(1, 2) } : undefined;

  const loadAfter = loadavg()[0] ?? 0;
  const conv2dShare = (kernels: StepResult['kernels']): string =>
    ((100 * (kernels.find((entry) => entry.kernel === 'Conv2D')?.milliseconds ?? 0)) / kernels.reduce((sum, entry) => sum + entry.milliseconds, 0)).toFixed(0);
  const ratio = (timing: Timing, reference: Timing): number => median(timing.milliseconds) / median(reference.milliseconds);
  const firstRound = rounds[0] as JobsRound;
  const steps = firstRound.sequential.jobs.reduce((total, job) => total + job.steps, 0);
  const steadyRate = (result: JobsResult, processes: number): number =>
    steps / (result.jobs.reduce((total, job) => total + job.seconds, 0) / processes);
  const wallScaling = rounds.map((round) => round.sequential.seconds / round.parallel.seconds);
  const steadyScaling = rounds.map((round) => steadyRate(round.parallel, 2) / steadyRate(round.sequential, 1));
  const probeScaling = rounds.map((round) => (2 * round.probe.alone) / Math.max(...round.probe.pair));
  const startUp = rounds.map((round) => round.parallel.seconds - steps / steadyRate(round.parallel, 2));
  const identical = (a: JobsResult, b: JobsResult): boolean =>
    JSON.stringify(a.jobs.map((job) => [job.losses, job.weights])) === JSON.stringify(b.jobs.map((job) => [job.losses, job.weights]));
  const allIdentical = [...rounds.flatMap((round) => [round.sequential, round.parallel]), threaded].every((result) => identical(firstRound.sequential, result));
  const wallMedian = median(wallScaling);
  const training = interleavedScaling(interleaved, 0, 1);
  const referenceLoop = interleavedScaling(interleaved, 2, 3);
  const trainingInterval = medianConfidenceInterval(training.ratio);

  lines.push(
    '# Training speed: TensorFlow.js against PyTorch on the same machine',
    '',
    '<!-- Generated by `npm run bench:speed` (packages/cli/bench/speed.ts); do not edit by hand. -->',
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; run ${new Date(startedAt).toISOString()}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after${quick ? '; `--quick`' : ''}.`,
    'Every TensorFlow.js configuration runs in a fresh process (`packages/cli/bench/speed-child.ts`), PyTorch in `packages/cli/bench/pytorch_supernet.py` (the same network, channels-last) on the same paths.',
    '',
    '## 1. One supernet training step',
    '',
    `The NAS-Bench-201 supernet: batch 64, 32x32x3, C = 16, N = 5, 10 classes, cell BN with batch statistics; one architecture per cell per step (${trainSteps} steps, drawn with a fixed seed, after ${warmup} warm-up steps); forward, softmax cross-entropy, backward, SGD (Nesterov momentum, weight decay) on the path's parameters.`,
    '',
    ...stepTable([pytorchTwo, pytorchOne, pytorchNarrowTwo, pytorchNarrowOne, stock.timing, oneThread.timing, twoThreads.timing], pytorchTwo),
    '',
    `**Target: within 3x of two-thread PyTorch. Measured: ${median(stepRatios).toFixed(2)}x (2 wasm threads; median of the ${stepRounds.length} rounds' ratios: ${stepRatios.map((value) => `${value.toFixed(2)}x`).join(', ')}), ${ratio(oneThread.timing, pytorchTwo).toFixed(2)}x (1 thread)** — ${median(stepRatios) <= 3 ? 'met' : 'not met'}. Two threads against tfjs's own kernels on one thread: ${(median(stock.timing.milliseconds) / median(twoThreads.timing.milliseconds)).toFixed(2)}x faster. PyTorch 2 threads, medians of the rounds: ${pytorchMedians.map((value) => value.toFixed(0)).join(' / ')} ms: the same configuration moves by ${((100 * (Math.max(...pytorchMedians) - Math.min(...pytorchMedians))) / Math.min(...pytorchMedians)).toFixed(0)}% between runs a minute apart on this virtual machine, so differences of that size between rows are noise; the rows other than the rounds' ran once.`,
    `Vector width: this processor's widest vectors are ${widestVectors()}, and PyTorch's convolutions (oneDNN) and element-wise kernels (ATen) use them; WebAssembly SIMD, and so tfjs-backend-wasm (XNNPACK) and @fewshot/backend's kernels, has 128-bit vectors only. The *128-bit vectors* rows are PyTorch on the same paths kept to that width (\`${Object.entries(pytorch128BitVectors).map(([name, value]) => `${name}=${value}`).join(' ')}\`): against them, wasm with 2 threads takes ${ratio(twoThreads.timing, pytorchNarrowTwo).toFixed(2)}x the time of 2 PyTorch threads and wasm with 1 thread ${ratio(oneThread.timing, pytorchNarrowOne).toFixed(2)}x that of 1. The target stays judged against PyTorch as it comes.`,
    `After: Conv2D takes ${conv2dShare(twoThreads.result.kernels)}% of the kernel time of a step (section 2). The 3x3 stride-1 convolutions (the cells' forward convolutions, and their input gradients, which are forward convolutions with the flipped filter) and their filter gradients run as @fewshot/backend's Winograd F(4x4, 3x3) kernels (36 products per 16 outputs instead of 144), the main thread and a helper thread taking blocks of tiles in turn (forward) or half the tiles each (filter gradient); XNNPACK spreads the other convolutions (1x1, stride 2, the stem) over its threads; the batch-normalisation, ReLU-gradient and average-pooling-gradient kernels and tfjs-backend-wasm's element-wise kernels run on one thread.`,
    `The losses of the ${trainSteps} steps are ${sameOutputs([oneThread.timing, ...stepRounds.map((round) => round.wasm)]) ? '**identical bit for bit**' : '**NOT identical**'} with @fewshot/backend's kernels on one thread and on two threads in every round (a Winograd tile is computed the same way whichever thread takes it, and XNNPACK's threads split the outputs of a convolution, not its sums; the filter gradients sum the same two halves in both). Against tfjs's own kernels (before), which compute the convolutions directly and sum batch statistics and filter gradients in another order, the largest relative difference of a loss is ${largestRelativeDifference(stock.timing.outputs ?? [], oneThread.timing.outputs ?? []).toExponential(1)}.`,
    '',
    `The main job's small supernet (\`npm start\`): batch 64, 16x16x1, C = 8, N = 1, ${smallPaths.length} steps:`,
    '',
    ...stepTable([smallPytorch, smallPytorchOne, smallOne.timing, smallTwo.timing], smallPytorch),
    '',
    '## 2. Where a wasm step goes: per-kernel profile of one step (`tf.profile`), before and after',
    '',
    'Before: one thread, tfjs-backend-wasm\'s own kernels (`FEWSHOT_WASM_KERNELS=stock`: @fewshot/backend\'s gradients as tfjs ops, without which wasm cannot train at all). After: two threads and @fewshot/backend\'s kernels (`Fewshot*` rows, the data-sharing `Identity` and `Cast`, and `Conv2D`, which runs Winograd\'s F(4x4, 3x3) for 3x3 stride-1 convolutions and XNNPACK for the others). The first path of section 1. `unnamed scope` is the forward pass of a `tf.customGrad` (batch normalisation), timed as a whole: its time includes the kernels it runs, which have rows of their own, so the totals count it twice.',
    '',
    '| kernel | before ms | calls | after ms | calls |',
    '|---|---|---|---|---|',
  );
  const afterByKernel = new Map(twoThreads.result.kernels.map((entry) => [entry.kernel, entry]));
  const beforeByKernel = new Map(stock.result.kernels.map((entry) => [entry.kernel, entry]));
  const kernelNames = [...new Set([...stock.result.kernels, ...twoThreads.result.kernels].map((entry) => entry.kernel))];
  // The kernels that cost most before or after (so that both the stock kernels and ours show).
  const largerTime = (name: string): number =>
    Math.max(beforeByKernel.get(name)?.milliseconds ?? 0, afterByKernel.get(name)?.milliseconds ?? 0);
  kernelNames.sort((a, b) => largerTime(b) - largerTime(a));
  let otherBefore = 0;
  let otherAfter = 0;
  for (const [index, name] of kernelNames.entries()) {
    const before = beforeByKernel.get(name);
    const after = afterByKernel.get(name);
    if (index < 18) {
      lines.push(`| ${name} | ${before?.milliseconds.toFixed(0) ?? '-'} | ${before?.calls ?? 0} | ${after?.milliseconds.toFixed(0) ?? '-'} | ${after?.calls ?? 0} |`);
    } else {
      otherBefore += before?.milliseconds ?? 0;
      otherAfter += after?.milliseconds ?? 0;
    }
  }
  const total = (entries: StepResult['kernels']): number => entries.reduce((sum, entry) => sum + entry.milliseconds, 0);
  const calls = (entries: StepResult['kernels']): number => entries.reduce((sum, entry) => sum + entry.calls, 0);
  lines.push(
    `| everything else | ${otherBefore.toFixed(0)} | | ${otherAfter.toFixed(0)} | |`,
    `| **total kernel time** | **${total(stock.result.kernels).toFixed(0)}** | **${calls(stock.result.kernels)}** | **${total(twoThreads.result.kernels).toFixed(0)}** | **${calls(twoThreads.result.kernels)}** |`,
    '',
    '## 3. Evaluation (inference only)',
    '',
    `The same supernet scoring one architecture per batch of 256 (forward only; ${evaluationPaths.length} architectures):`,
    '',
    ...stepTable([evaluationPytorch, evaluationOne.timing, evaluationTwo.timing], evaluationPytorch),
    '',
    `**Target: within 2x of PyTorch. Measured: ${ratio(evaluationTwo.timing, evaluationPytorch).toFixed(2)}x (2 threads), ${ratio(evaluationOne.timing, evaluationPytorch).toFixed(2)}x (1 thread)** — ${ratio(evaluationTwo.timing, evaluationPytorch) <= 2 ? 'met' : 'not met'}. Correct predictions per batch identical in both wasm configurations: ${sameOutputs([evaluationOne.timing, evaluationTwo.timing]) ? 'yes' : 'NO'}.`,
    '',
    '## 4. Training the sub-supernets of a split in parallel processes',
    '',
    `Four sub-supernets of the paper split of the main job (edge 1<-0 fixed to skip, conv 1x1, conv 3x3, avg pool; ${jobEpochs} epoch(s) each, ${steps} steps in all) through the CLI's job runner (\`runTrainingJobs\`), one process with one wasm thread running the jobs one after the other, then two processes with one wasm thread each: the runner's own process, which starts training at once, and one worker process (with V8's garbage collector on its main thread, \`--single-threaded-gc\`), in ${rounds.length} round(s). Wall time counts everything the job runner does (for two processes: starting the worker, loading the libraries and the data in it); steady state counts the jobs' own training time (the sum over jobs of each job's seconds, divided by the processes that ran at once), which includes each process's first, slower steps. Each round also times the reference loop (\`bench/core-scaling-probe.ts\`: a floating-point loop over 256 KB, inside a core's own cache, with no memory traffic between cores) alone and as two processes at once: how much of 2x this machine's two cores gave two processes at that moment.`,
    '',
    '| round | 1 process: wall s | steady steps/s | 2 processes: wall s | steady steps/s | throughput, wall | throughput, jobs\' own time | 2 processes: wall - steady state, s | reference loop, 2 processes vs 1 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rounds.map(
      (round, index) =>
        `| ${index + 1} | ${round.sequential.seconds.toFixed(1)} | ${steadyRate(round.sequential, 1).toFixed(1)} | ${round.parallel.seconds.toFixed(1)} | ${steadyRate(round.parallel, 2).toFixed(1)} | ${(wallScaling[index] as number).toFixed(2)}x | ${(steadyScaling[index] as number).toFixed(2)}x | ${(startUp[index] as number).toFixed(1)} | ${(probeScaling[index] as number).toFixed(2)}x |`,
    ),
    `| **median** | | | | | ${wallMedian.toFixed(2)}x | ${median(steadyScaling).toFixed(2)}x | ${median(startUp).toFixed(1)} | ${median(probeScaling).toFixed(2)}x |`,
    '',
    `Every job's epoch losses and saved weights (SHA-256 of the weight files) are ${allIdentical ? '**identical** in every run' : '**NOT identical** in every run'}, including one more run in 1 process with 2 wasm threads (${threaded.seconds.toFixed(1)} s wall, against a median of ${median(rounds.map((round) => round.sequential.seconds)).toFixed(1)} s for the one-thread process; section 6 compares threads and processes on the whole main job).`,
    '',
    '### Throughput in alternating windows',
    '',
    `The rounds above compare runs a minute apart, and this virtual machine's speed drifts from one minute to the next (in the windows below, one training process alone ran at ${spread(training.alone, 1)} steps per second, and one reference loop at ${spread(referenceLoop.alone, 1)} chunks of 100 passes), so a round's ratio mixes that drift with the cost of running two processes. Here ${interleavedCycles} cycles of four windows (2 s each, after 0.5 s to settle) alternate within seconds; the processes of the other windows are paused (SIGSTOP) and use no CPU. The windows: a process started like the job runner's own training the first sub-supernet job above alone; that process and one started like a worker (the worker's flags, \`--single-threaded-gc\`) training the same job at once; the reference loop alone; two reference loops at once. A window's rate comes from the end times of the steps (or passes) inside it (\`bench/interleaved-throughput.ts\`, \`bench/paced-child.ts\`); the windows' order is reversed every other cycle; a cycle's ratio divides its two-process rate (the sum of both) by its one-process rate.`,
    '',
    '| work | 1 process, per s (median) | 2 processes, per s (median of sums) | 2 processes vs 1: median of the cycles\' ratios | 95% interval of that median | lowest and highest cycle | cycles |',
    '|---|---|---|---|---|---|---|',
    interleavedRow('training steps of a sub-supernet', training),
    interleavedRow('reference loop (100 passes)', referenceLoop),
    '',
    `**Target: at least 1.8x. Measured: ${median(training.ratio).toFixed(2)}x aggregate training throughput of two processes against one (median of ${training.ratio.length} cycles${trainingInterval === undefined ? '' : `; 95% interval ${trainingInterval[0].toFixed(2)}x-${trainingInterval[1].toFixed(2)}x`})** — ${median(training.ratio) >= 1.8 ? 'met' : 'not met'}. The reference loop got ${median(referenceLoop.ratio).toFixed(2)}x in the same cycles. Through the whole job runner, with jobs of about ${(steps / 4 / steadyRate(firstRound.sequential, 1)).toFixed(0)} s, the rounds above give ${wallMedian.toFixed(2)}x in wall time (median of ${rounds.length}).`,
    '',
    `${wallMedian < median(training.ratio) ? 'What separates the two figures' : 'The rounds came out above the alternating windows this time (drift goes either way); what else enters them'}: the rounds' one-process and two-process runs are a minute apart (drift), and the job runner's two-process wall time adds the start-up of the worker process (loading the libraries through tsx from source, the wasm module and the data, while the runner's own process trains), each process's first steps (V8 compiling the code it runs most, in both processes instead of one) and the moments when one process has finished and the other has not: the column *wall - steady state*, a fixed cost that the paper's sub-supernets, trained for many more epochs, spread over far more steps. ${median(training.ratio) < median(referenceLoop.ratio) ? 'Two training processes slow each other down more than two reference loops do: a training step streams activations and weights through the caches the two cores share, which the reference loop, inside one core\'s own cache, does not.' : `Two training processes slowed each other down no more than two reference loops did${median(training.ratio) < 2 ? ': what is missing from 2x is what the machine gave at those moments' : ''}.`} The job runner starts the longest jobs first (the equal-budget one-shot supernet of \`npm start\` trains five times as long as a sub-supernet), which does not show here, where the four jobs are equal, but shortens the main job (section 6).`,
    '',
    '## 5. Memory over 1,000 steps',
    '',
    `The real trainer (\`trainSupernet\`, data pipeline with augmentation) on the main job's data and supernet, ${memory.epochs} epochs of ${memory.stepsPerEpoch} steps (${memory.seconds.toFixed(0)} s), wasm, 1 thread:`,
    '',
    '| after step | live tensors | tensor MB | resident MB (RSS) | JS heap MB |',
    '|---|---|---|---|---|',
    ...memory.samples.map(
      (sample) =>
        `| ${sample.step} | ${sample.liveTensors} | ${sample.tensorMegabytes.toFixed(1)} | ${sample.residentMegabytes.toFixed(0)} | ${sample.heapMegabytes.toFixed(0)} |`,
    ),
    '',
    `Between step 100 and step 1,000: live tensors ${spread(memory.samples.filter((sample) => sample.step >= 100).map((sample) => sample.liveTensors), 0)}, resident memory ${spread(memory.samples.filter((sample) => sample.step >= 100).map((sample) => sample.residentMegabytes), 0)} MB. (The first steps create the optimiser's momentum buffers as new operations are sampled.)`,
    '',
  );
  if (npmStart !== undefined) {
    const same = JSON.stringify(npmStart.processes.kendallTau) === JSON.stringify(npmStart.threads.kendallTau);
    lines.push(
      '## 6. The main job (`npm start`): processes or threads',
      '',
      '| how | wall time | Kendall tau per variant (seed 1) |',
      '|---|---|---|',
      `| as configured: 2 processes (the command's own and 1 worker), 1 wasm thread each | ${formatMinutes(npmStart.processes.seconds)} | ${formatTau(npmStart.processes.kendallTau)} |`,
      `| 1 process, 2 wasm threads (\`--workers 1\`, \`FEWSHOT_WASM_THREADS=2\`) | ${formatMinutes(npmStart.threads.seconds)} | ${formatTau(npmStart.threads.kendallTau)} |`,
      '',
      `Results ${same ? '**identical**' : '**NOT identical**'}; processes ${(npmStart.threads.seconds / npmStart.processes.seconds).toFixed(2)}x faster than threads. For reference, \`npm start\` took 5 min 07 s as configured before the work measured here (README, commit 742bf9d).`,
      '',
    );
  }
  const text = `${lines.join('\n')}\n`;
  process.stdout.write(text);
  const invokedFrom = process.env['INIT_CWD'] ?? process.cwd();
  if (outputPath !== undefined) await writeFileAtomically({ file: resolve(invokedFrom, outputPath), text });
  if (jsonPath !== undefined) {
    await writeFileAtomically({
      file: resolve(invokedFrom, jsonPath),
      text: `${JSON.stringify({ train: { stepRounds, pytorchOne, pytorchNarrowTwo, pytorchNarrowOne, stock: stock.timing, oneThread: oneThread.timing }, small: { smallPytorch, smallPytorchOne, smallOne: smallOne.timing, smallTwo: smallTwo.timing }, profile: { before: stock.result.kernels, after: twoThreads.result.kernels }, evaluation: { evaluationPytorch, evaluationOne: evaluationOne.timing, evaluationTwo: evaluationTwo.timing }, jobs: { rounds, threaded, interleaved }, memory, npmStart }, null, 2)}\n`,
    });
  }
}

await main();
