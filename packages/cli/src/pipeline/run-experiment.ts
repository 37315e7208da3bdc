import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@fewshot/backend';
import { rankMetrics, rankMetricsByGroup } from '@fewshot/benchmarks';
import { CancelledError, createRng, deriveSeed, type Region, type RegionJson } from '@fewshot/core';
import { createRegion, formatNasBench201Architecture, nasBench201, regionFromJson } from '@fewshot/search-space';
import {
  applySplitPlan,
  planFixedEdgeSplit,
  planGradientMatchingSplit,
  planRandomSplit,
  splitPlanFromJson,
  type SplitPlan,
} from '@fewshot/splitter';
import { loadSupernet } from '@fewshot/supernet';
import type { TrainingEvent } from '@fewshot/trainers';
import type { ExperimentConfig, SplitConfig } from '../config/experiment-config.js';
import { loadExperimentData, type ExperimentData } from '../data/load-experiment-data.js';
import { loadGroundTruth, type LoadedGroundTruth } from './load-ground-truth.js';
import { writeFileAtomically } from '../internal/write-file-atomically.js';
import { runTrainingJobs } from '../workers/run-training-jobs.js';
import type {
  EvaluateJob,
  EvaluateJobResult,
  SupernetJob,
  SupernetJobResult,
  TrainingJob,
  TrainingJobResult,
} from '../workers/training-jobs.js';
import { spreadOf, type ExperimentResults, type SeedResult, type VariantResult, type VariantSummary } from './experiment-results.js';

/**
 * Options of {@link runExperiment}.
 *
 * @example
 * ```ts
 * const options: RunExperimentOptions = { config, log: console.log };
 * ```
 */
export interface RunExperimentOptions {
  /** The validated experiment, as {@link parseExperimentConfig} returns it. */
  readonly config: ExperimentConfig;
  /** Ignore the finished phases in the output folder and start over. */
  readonly fresh?: boolean;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Trainer events of every training job, by job id (for progress bars). */
  readonly onEvent?: (id: string, event: TrainingEvent) => void;
  /**
   * Stops the run: a job in this process stops at its next training step (or evaluated
   * architecture), worker processes are ended, nothing new starts, and the call rejects with a
   * `CancelledError`. Finished jobs and checkpoints stay in the output folder, so running again
   * resumes.
   */
  readonly signal?: AbortSignal;
}

/** One sub-supernet (or the one-shot supernet) of a variant: its region and its training job. */
interface Member {
  readonly id: string;
  readonly region: RegionJson;
  readonly parentId: string | undefined;
}

const wholeSpace = (): Region => createRegion({ space: nasBench201 });

function jobId(seed: number, name: string): string {
  return `seed-${seed}/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/**
 * Runs a complete one-shot vs few-shot experiment: for every seed, trains the one-shot
 * supernet, splits it as each entry of `config.splits` says (level by level; gradient matching
 * looks at the trained supernet), trains every sub-supernet and the equal-budget one-shot
 * control (in parallel processes), estimates the ground truth's architectures with every
 * variant, and compares them with the truth. Every finished training job, plan and evaluation is
 * kept in the output folder, so a killed run started again resumes where it stopped.
 *
 * @example
 * ```ts
 * const results = await runExperiment({ config, log: (line) => console.error(line) });
 * console.log(results.summary.map((row) => `${row.name}: ${row.kendallTau.mean.toFixed(3)}`));
 * ```
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResults> {
  const { config } = options;
  const log = options.log ?? (() => undefined);
  const started = new Date();
  const output = config.output;
  if (options.fresh === true) await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  const truth = await loadGroundTruth({ source: config.groundTruth });
  const selection = await selectBackend();
  const threads = selection.wasm === undefined ? '' : `, ${selection.wasm.threads} thread(s) in this process${selection.wasm.threadsProblem === undefined ? '' : ` (${selection.wasm.threadsProblem})`}`;
  log(`backend: ${selection.backend} (${selection.reason}${threads})`);
  log(`ground truth: ${truth.architectures.length} architectures from ${config.groundTruth.file}`);

  const throwIfCancelled = (where: string): void => {
    if (options.signal?.aborted === true) {
      throw new CancelledError({ functionName: 'runExperiment', argument: 'options.signal', message: `cancelled ${where}; finished work is kept in ${output}` });
    }
  };
  const jobResults = new Map<string, TrainingJobResult>();
  const runJobs = async (jobs: readonly TrainingJob[], phase: string): Promise<void> => {
    throwIfCancelled(`before ${phase}`);
    const pending: TrainingJob[] = [];
    for (const job of jobs) {
      const saved = join(output, 'jobs', `${job.id}.json`);
      if (existsSync(saved)) {
        const result = JSON.parse(await readFile(saved, 'utf8')) as TrainingJobResult;
        const trainedExists = job.kind !== 'supernet' || existsSync(join(job.outputDirectory, 'manifest.json'));
        if (trainedExists && JSON.stringify(result.id) === JSON.stringify(job.id)) {
          jobResults.set(job.id, result);
          continue;
        }
      }
      pending.push(job);
    }
    if (pending.length === 0) {
      log(`${phase}: done earlier (${jobs.length} job(s))`);
      return;
    }
    log(`${phase}: ${pending.length} job(s)${jobs.length > pending.length ? ` (${jobs.length - pending.length} done earlier)` : ''}, ${Math.min(config.workers, pending.length)} worker(s)`);
    const phaseStarted = performance.now();
    await runTrainingJobs({
      jobs: pending,
      workers: config.workers,
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onResult: (result) => {
        jobResults.set(result.id, result);
        void writeFileAtomically({ file: join(output, 'jobs', `${result.id}.json`), text: `${JSON.stringify(result)}\n` });
      },
    });
    // Make sure every result is on disk before the next phase depends on it.
    for (const job of pending) {
      await writeFileAtomically({ file: join(output, 'jobs', `${job.id}.json`), text: `${JSON.stringify(jobResults.get(job.id))}\n` });
    }
    log(`${phase}: finished in ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
  };

  const supernetJob = (seed: number, id: string, region: RegionJson, parentId: string | undefined, epochs: number, initialization: 'copy' | 'reinitialize'): SupernetJob => ({
    kind: 'supernet',
    id,
    data: config.data,
    network: config.network,
    training: { ...(parentId === undefined ? config.oneShot : config.subSupernets), epochs },
    seed,
    ...(parentId === undefined ? {} : { parentDirectory: join(output, 'supernets', parentId) }),
    region,
    initialization,
    checkpointDirectory: join(output, 'checkpoints', id),
    outputDirectory: join(output, 'supernets', id),
  });

  // Phase 1: the one-shot supernets.
  const oneShotIds = new Map(config.seeds.map((seed) => [seed, jobId(seed, 'one-shot')]));
  await runJobs(
    config.seeds.map((seed) => supernetJob(seed, oneShotIds.get(seed) as string, wholeSpace().toJSON(), undefined, config.oneShot.epochs, 'copy')),
    'one-shot supernet(s)',
  );

  // Phase 2..: split level by level; every level's children train before the next level is planned.
  let experimentData: ExperimentData | undefined;
  const data = async (): Promise<ExperimentData> => (experimentData ??= await loadExperimentData({ data: config.data }));
  const members = new Map<string, Member[]>(); // `${seed}/${split}` -> current leaves
  const plans = new Map<string, VariantResult['plans'][number][]>();
  const allJobsOf = new Map<string, string[]>();
  for (const seed of config.seeds) {
    for (const split of config.splits) {
      const key = `${seed}/${split.name}`;
      members.set(key, [{ id: oneShotIds.get(seed) as string, region: wholeSpace().toJSON(), parentId: undefined }]);
      plans.set(key, []);
      allJobsOf.set(key, [oneShotIds.get(seed) as string]);
    }
  }
  const levels = Math.max(...config.splits.map((split) => (split.criterion === 'fixed-edge' ? 1 : split.levels)));
  for (let level = 1; level <= levels; level += 1) {
    const jobs: SupernetJob[] = [];
    for (const seed of config.seeds) {
      for (const split of config.splits) {
        const splitLevels = split.criterion === 'fixed-edge' ? 1 : split.levels;
        if (level > splitLevels) continue;
        const key = `${seed}/${split.name}`;
        const next: Member[] = [];
        for (const [memberIndex, member] of (members.get(key) as Member[]).entries()) {
          throwIfCancelled(`before planning split level ${level} of ${split.name}`);
          const plan = await planSplit({
            split,
            seed,
            level,
            member,
            memberIndex,
            planFile: join(output, 'plans', jobId(seed, split.name), `level-${level}-${memberIndex}.json`),
            supernetDirectory: join(output, 'supernets', member.id),
            data,
            log,
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          });
          const parentRegion = regionFromJson({ space: nasBench201, json: member.region });
          const children = applySplitPlan({ region: parentRegion, plan });
          (plans.get(key) as VariantResult['plans'][number][]).push({
            level,
            region: parentRegion.label,
            decision: nasBench201.decisions[plan.decision]?.label ?? String(plan.decision),
            groups: plan.groups.map((group) => group.map((option) => nasBench201.decisions[plan.decision]?.options[option] ?? String(option)).join(', ')),
            reason: plan.reason,
          });
          children.forEach((child, childIndex) => {
            const id = `${jobId(seed, split.name)}/level-${level}-${memberIndex}-${childIndex}`;
            next.push({ id, region: child.toJSON(), parentId: member.id });
            jobs.push(supernetJob(seed, id, child.toJSON(), member.id, config.subSupernets.epochs, split.initialization));
            (allJobsOf.get(key) as string[]).push(id);
          });
        }
        members.set(key, next);
      }
    }
    if (level === 1 && config.equalBudget) {
      const first = config.splits[0] as SplitConfig;
      for (const seed of config.seeds) {
        const children = (members.get(`${seed}/${first.name}`) as Member[]).length;
        jobs.push(
          supernetJob(seed, jobId(seed, 'one-shot-equal-budget'), wholeSpace().toJSON(), oneShotIds.get(seed), children * config.subSupernets.epochs, 'copy'),
        );
      }
    }
    await runJobs(jobs, `split level ${level}: sub-supernets${level === 1 && config.equalBudget ? ' and the equal-budget one-shot supernet(s)' : ''}`);
  }

  // Evaluation of every variant, in parallel processes.
  const architectures = truth.architectures.map((entry) => formatNasBench201Architecture(entry.architecture));
  const variants: { seed: number; name: string; kind: VariantResult['kind']; members: { id: string; region: RegionJson }[]; jobs: string[] }[] = [];
  for (const seed of config.seeds) {
    const oneShot = oneShotIds.get(seed) as string;
    variants.push({ seed, name: 'one-shot', kind: 'one-shot', members: [{ id: oneShot, region: wholeSpace().toJSON() }], jobs: [oneShot] });
    if (config.equalBudget) {
      const id = jobId(seed, 'one-shot-equal-budget');
      variants.push({ seed, name: 'one-shot, equal budget', kind: 'equal-budget', members: [{ id, region: wholeSpace().toJSON() }], jobs: [oneShot, id] });
    }
    for (const split of config.splits) {
      const key = `${seed}/${split.name}`;
      variants.push({
        seed,
        name: split.name,
        kind: 'few-shot',
        members: (members.get(key) as Member[]).map((member) => ({ id: member.id, region: member.region })),
        jobs: allJobsOf.get(key) as string[],
      });
    }
  }
  const evaluateJobs: EvaluateJob[] = variants.map((variant) => ({
    kind: 'evaluate',
    id: `${jobId(variant.seed, variant.name)}/estimates`,
    data: config.data,
    members: variant.members.map((member) => ({ directory: join(output, 'supernets', member.id), region: member.region })),
    architectures,
    batchSize: config.evaluation.batchSize,
  }));
  await runJobs(evaluateJobs, `estimating ${architectures.length} architectures with ${variants.length} variant(s)`);

  const accuracies = truth.architectures.map((entry) => entry.accuracy);
  const seeds: SeedResult[] = config.seeds.map((seed) => ({
    seed,
    variants: variants
      .filter((variant) => variant.seed === seed)
      .map((variant) => {
        const estimates = (jobResults.get(evaluateJobs[variants.indexOf(variant)]?.id as string) as EvaluateJobResult).estimates;
        const trainingJobs = variant.jobs.map((id) => jobResults.get(id) as SupernetJobResult);
        return variantResult({
          name: variant.name,
          kind: variant.kind,
          estimates,
          truth,
          accuracies,
          trainingJobs,
          regions: variant.members.map((member) => regionFromJson({ space: nasBench201, json: member.region })),
          plans: plans.get(`${seed}/${variant.name}`) ?? [],
        });
      }),
  }));
  const summary: VariantSummary[] = (seeds[0]?.variants ?? []).map((variant) => {
    const across = seeds.map((seed) => seed.variants.find((candidate) => candidate.name === variant.name) as VariantResult);
    return {
      name: variant.name,
      kind: variant.kind,
      trainingSteps: variant.trainingSteps,
      kendallTau: spreadOf(across.map((item) => item.metrics.kendallTau ?? Number.NaN)),
      spearman: spreadOf(across.map((item) => item.metrics.spearman ?? Number.NaN)),
      precisionAtK: spreadOf(across.map((item) => item.metrics.precisionAtK)),
      topPickTrueAccuracy: spreadOf(across.map((item) => item.topPick.trueAccuracy)),
    };
  });
  const finished = new Date();
  return {
    format: 'fewshot-experiment-results',
    version: 1,
    config,
    groundTruth: {
      file: config.groundTruth.file,
      count: truth.architectures.length,
      scoredOn: truth.scoredOn,
      architectures,
      accuracies,
      regions: truth.architectures.map((entry) => paperRegionLabel(entry.architecture)),
    },
    machine: { cpus: availableParallelism(), node: process.version, backend: selection.backend, workers: config.workers },
    started: started.toISOString(),
    finished: finished.toISOString(),
    seconds: (finished.getTime() - started.getTime()) / 1000,
    seeds,
    summary,
  };
}

/** The operation on edge 1<-0: the region of the paper's split. */
function paperRegionLabel(architecture: readonly number[]): string {
  return nasBench201.decisions[0]?.options[architecture[0] as number] ?? '?';
}

async function planSplit(options: {
  readonly split: SplitConfig;
  readonly seed: number;
  readonly level: number;
  readonly member: Member;
  readonly memberIndex: number;
  readonly planFile: string;
  readonly supernetDirectory: string;
  readonly data: () => Promise<ExperimentData>;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}): Promise<SplitPlan> {
  const { split, member } = options;
  const region = regionFromJson({ space: nasBench201, json: member.region });
  if (existsSync(options.planFile)) {
    return splitPlanFromJson({ json: JSON.parse(await readFile(options.planFile, 'utf8')), space: nasBench201 });
  }
  const rng = createRng({ seed: deriveSeed({ seed: options.seed, label: `split/${split.name}/level-${options.level}/${options.memberIndex}` }) });
  let plan: SplitPlan;
  if (split.criterion === 'fixed-edge') {
    const decision = nasBench201.decisions.findIndex((candidate) => candidate.label === split.edge);
    const operations = nasBench201.decisions[decision]?.options ?? [];
    plan = planFixedEdgeSplit({
      region,
      decision,
      ...(split.groups === undefined ? {} : { groups: split.groups.map((group) => group.map((name) => operations.indexOf(name))) }),
    });
  } else if (split.criterion === 'random') {
    plan = planRandomSplit({ region, rng, groupCount: split.groups });
  } else {
    const data = await options.data();
    const supernet = await loadSupernet({ directory: options.supernetDirectory });
    try {
      const planStarted = performance.now();
      plan = await planGradientMatchingSplit({
        supernet,
        region,
        data: { dataset: data.train, batchSize: 64, normalization: data.normalization },
        batchCount: split.batches,
        distance: split.distance,
        rng,
        groupCount: split.groups,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      options.log(
        `seed ${options.seed}, ${split.name}, level ${options.level}: ${plan.reason} (${((performance.now() - planStarted) / 1000).toFixed(1)} s)`,
      );
    } finally {
      supernet.dispose();
    }
  }
  await writeFileAtomically({ file: options.planFile, text: `${JSON.stringify(plan, null, 1)}\n` });
  return plan;
}

function variantResult(options: {
  readonly name: string;
  readonly kind: VariantResult['kind'];
  readonly estimates: readonly number[];
  readonly truth: LoadedGroundTruth;
  readonly accuracies: readonly number[];
  readonly trainingJobs: readonly SupernetJobResult[];
  readonly regions: readonly Region[];
  readonly plans: VariantResult['plans'];
}): VariantResult {
  const { estimates, accuracies, truth } = options;
  const k = Math.max(1, Math.round(accuracies.length / 10));
  const groups = truth.architectures.map((entry) => paperRegionLabel(entry.architecture));
  let best = 0;
  estimates.forEach((estimate, index) => {
    if (estimate > (estimates[best] as number)) best = index;
  });
  const bestTruth = accuracies[best] as number;
  return {
    name: options.name,
    kind: options.kind,
    trainingSteps: options.trainingJobs.reduce((sum, job) => sum + job.steps, 0),
    trainingSeconds: options.trainingJobs.reduce((sum, job) => sum + job.seconds, 0),
    supernets: options.regions.length,
    regions: options.regions.map((region) => ({ label: region.label, size: region.size })),
    plans: options.plans,
    estimates,
    metrics: rankMetrics({ predicted: estimates, truth: accuracies, k }),
    perRegion: rankMetricsByGroup({ predicted: estimates, truth: accuracies, groups, k: Math.max(1, Math.round(k / 5)) }),
    topPick: {
      architecture: formatNasBench201Architecture(truth.architectures[best]?.architecture ?? []),
      estimate: estimates[best] as number,
      trueAccuracy: bestTruth,
      trueRank: 1 + accuracies.filter((accuracy) => accuracy > bestTruth).length,
    },
    curves: options.trainingJobs.map((job) => ({ name: job.id.replace(/^seed-\d+\//, ''), history: job.history })),
  };
}
