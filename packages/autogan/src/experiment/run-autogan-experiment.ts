import { join } from 'node:path';
import { CancelledError, createRng, deriveSeed, InvalidArgumentError, type Architecture } from '@fewshot/core';
import { selectBackend } from '@fewshot/backend';
import { loadEmbeddedFashionMnist, loadFashionMnist, padDataset, selectExamples, type ImageDataset } from '@fewshot/datasets';
import { createRegion } from '@fewshot/search-space';
import { applySplitPlan, planFixedEdgeSplit, routeArchitecture } from '@fewshot/splitter';
import * as tf from '@tensorflow/tfjs-core';
import { readBundle, writeBundle } from '../internal/files.js';
import { describeValue, requireOptions } from '../internal/validate.js';
import { evaluateGenerator } from '../metrics/evaluate-generator.js';
import { extractFeatures } from '../metrics/extract-features.js';
import type { FeatureExtractor, ImageBytes } from '../metrics/feature-extractor.js';
import { computeFeatureStatistics, frechetDistance, type FeatureStatistics } from '../metrics/frechet-distance.js';
import { createClassifierFeatureExtractor, createImageClassifier, trainImageClassifier, classifierAccuracy, type ImageClassifier } from '../metrics/image-classifier.js';
import { inceptionScore } from '../metrics/inception-score.js';
import { runAutoGanSearch } from '../search/run-autogan-search.js';
import type { AutoGanSearchOptions } from '../search/search-options.js';
import type { AutoGanSearchResult, AutoGanSearchTotals } from '../search/search-types.js';
import { autoGanSpace } from '../space/autogan-space.js';
import { trainAutoGanArchitecture } from '../training/train-autogan-architecture.js';
import type { AutoGanExperimentConfig, ClassifierConfig, FewShotBudget } from './experiment-config.js';
import type {
  AutoGanExperimentEvent,
  AutoGanExperimentResult,
  ClassifierReport,
  ClassifierScores,
  FinalModel,
  MethodRun,
  MethodSummary,
  SeedStatistic,
} from './experiment-result.js';

const functionName = 'runAutoGanExperiment';

/**
 * Options of {@link runAutoGanExperiment}.
 *
 * @example
 * ```ts
 * const options: RunAutoGanExperimentOptions = { config, output: 'runs/autogan', onEvent: console.log };
 * ```
 */
export interface RunAutoGanExperimentOptions {
  /** A configuration from {@link parseAutoGanExperimentConfig}. */
  readonly config: AutoGanExperimentConfig;
  /** Folder for checkpoints and caches (every phase resumes from it). Default `config.output`. */
  readonly output?: string;
  /** Progress: phases, classifier epochs, search events, final training, scores. */
  readonly onEvent?: (event: AutoGanExperimentEvent) => void;
  /** Cancels with a `CancelledError`; finished phases stay cached. */
  readonly signal?: AbortSignal;
}

interface Classifier {
  readonly report: ClassifierReport;
  readonly classifier: ImageClassifier;
  readonly extractor: FeatureExtractor;
  readonly reference: FeatureStatistics;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A random subset of `count` images of a data set as bytes (seeded, reproducible). */
function subset(dataset: ImageDataset, count: number, label: string): ImageBytes {
  const indices = createRng({ seed: deriveSeed({ seed: 'autogan-metrics', label }) })
    .shuffle(Array.from({ length: dataset.count }, (_, index) => index))
    .slice(0, count);
  const pixels = dataset.height * dataset.width * dataset.channels;
  const images = new Uint8Array(count * pixels);
  indices.forEach((source, target) => images.set(dataset.images.subarray(source * pixels, (source + 1) * pixels), target * pixels));
  return { images, count, height: dataset.height, width: dataset.width, channels: dataset.channels };
}

function statistic(values: readonly number[]): SeedStatistic {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const variance = values.length < 2 ? 0 : values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, standardDeviation: Math.sqrt(variance), values };
}

function addTotals(a: AutoGanSearchTotals, b: AutoGanSearchTotals): AutoGanSearchTotals {
  return {
    discriminatorSteps: a.discriminatorSteps + b.discriminatorSteps,
    generatorSteps: a.generatorSteps + b.generatorSteps,
    controllerSteps: a.controllerSteps + b.controllerSteps,
    rewardEvaluations: a.rewardEvaluations + b.rewardEvaluations,
    rewardImages: a.rewardImages + b.rewardImages,
    seconds: a.seconds + b.seconds,
  };
}

/** The part of a one-shot search before iteration `fork` (the few-shot warm-up). */
function warmUpTotals(result: AutoGanSearchResult, fork: number): AutoGanSearchTotals {
  const before = result.iterations.filter((summary) => summary.iteration < fork);
  const beams = result.beams.filter((beam) => beam.iteration < fork).length;
  const controllerSteps = before.reduce((sum, summary) => sum + summary.controllerSteps, 0);
  return {
    discriminatorSteps: before.reduce((sum, summary) => sum + summary.discriminatorSteps, 0),
    generatorSteps: before.reduce((sum, summary) => sum + summary.generatorSteps, 0),
    controllerSteps,
    rewardEvaluations: controllerSteps + beams * result.options.candidates,
    rewardImages: (controllerSteps + beams * result.options.candidates) * result.options.rewardSamples,
    seconds: before.reduce((sum, summary) => sum + summary.seconds, 0),
  };
}

async function loadData(config: AutoGanExperimentConfig): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const full =
    config.data.source === 'embedded-fashion-mnist'
      ? await loadEmbeddedFashionMnist()
      : await loadFashionMnist(config.data.directory === undefined ? {} : { directory: config.data.directory });
  const limit = (dataset: ImageDataset, count: number | undefined, label: string): ImageDataset => {
    if (count === undefined || count >= dataset.count) return dataset;
    const indices = createRng({ seed: deriveSeed({ seed: 'autogan-data', label }) })
      .shuffle(Array.from({ length: dataset.count }, (_, index) => index))
      .slice(0, count);
    return selectExamples({ dataset, indices });
  };
  return { train: limit(full.train, config.data.trainImages, 'train'), test: limit(full.test, config.data.testImages, 'test') };
}

async function scoresOf(extractor: FeatureExtractor, images: ImageBytes, reference: FeatureStatistics | undefined, splits: number): Promise<{ scores: ClassifierScores; statistics: FeatureStatistics }> {
  const extracted = await extractFeatures({ extractor, images });
  const statistics = computeFeatureStatistics({ features: extracted.features, dimension: extracted.dimension });
  const score = inceptionScore({ probabilities: extracted.probabilities as Float32Array, classes: extracted.classes as number, splits });
  return {
    scores: {
      inceptionScore: score.mean,
      inceptionScoreStandardDeviation: score.standardDeviation,
      frechetDistance: reference === undefined ? 0 : frechetDistance({ first: statistics, second: reference }),
    },
    statistics,
  };
}

async function prepareClassifier(
  role: 'reward' | 'evaluation',
  settings: ClassifierConfig,
  config: AutoGanExperimentConfig,
  data: { train: ImageDataset; test: ImageDataset },
  output: string,
  emit: (event: AutoGanExperimentEvent) => void,
  signal: AbortSignal | undefined,
): Promise<Classifier> {
  const path = join(output, 'classifiers', `${role}.fsag`);
  const key = { settings, source: config.data.source, samples: config.metrics.samples, splits: config.metrics.splits, trainImages: data.train.count };
  const started = performance.now();
  emit({ type: 'phase-start', phase: `${role} classifier` });
  const classifier = createImageClassifier({ rng: createRng({ seed: deriveSeed({ seed: settings.seed, label: 'autogan-classifier/initialization' }) }), widths: settings.widths });
  try {
    const cached = await readBundle(functionName, path);
    const cachedJson = cached?.json as { key?: unknown; report?: ClassifierReport } | undefined;
    if (cached !== undefined && sameJson(cachedJson?.key, key) && cachedJson?.report !== undefined) {
      classifier.setWeights({ weights: cached.arrays });
      const extractor = createClassifierFeatureExtractor({ classifier, name: `${role} classifier` });
      const reference = await scoresOf(extractor, subset(data.test, config.metrics.samples, 'test-reference'), undefined, config.metrics.splits);
      emit({ type: 'phase-end', phase: `${role} classifier`, seconds: (performance.now() - started) / 1000, cached: true });
      return { report: { ...cachedJson.report, cached: true }, classifier, extractor, reference: reference.statistics };
    }
    const training = await trainImageClassifier({
      classifier,
      train: data.train,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      rng: createRng({ seed: deriveSeed({ seed: settings.seed, label: 'autogan-classifier/data' }) }),
      onEpochEnd: (event) => emit({ type: 'classifier-epoch', role, epoch: event.epoch, epochs: settings.epochs, loss: event.loss, trainAccuracy: event.trainAccuracy }),
      ...(signal === undefined ? {} : { signal }),
    });
    const testAccuracy = await classifierAccuracy({ classifier, dataset: data.test });
    const extractor = createClassifierFeatureExtractor({ classifier, name: `${role} classifier` });
    const real = await scoresOf(extractor, subset(data.test, config.metrics.samples, 'test-reference'), undefined, config.metrics.splits);
    const train = await scoresOf(extractor, subset(data.train, config.metrics.samples, 'train-floor'), real.statistics, config.metrics.splits);
    const report: ClassifierReport = {
      role,
      widths: settings.widths,
      epochs: settings.epochs,
      seed: settings.seed,
      testAccuracy,
      trainingSeconds: training.seconds,
      cached: false,
      realTest: { ...real.scores, frechetDistance: 0 },
      floor: train.scores.frechetDistance,
    };
    await writeBundle(path, { key, report }, await classifier.getWeights());
    emit({ type: 'phase-end', phase: `${role} classifier`, seconds: (performance.now() - started) / 1000, cached: false });
    return { report, classifier, extractor, reference: real.statistics };
  } catch (error) {
    classifier.dispose();
    throw error;
  }
}

/**
 * Runs an AutoGAN experiment: for every seed, one-shot AutoGAN and few-shot AutoGAN (the
 * shared generator split on `fewShot.decision` after the one-shot run's first
 * `forkIteration` iterations, one sub-supernet per option, each continuing the search with
 * the decision fixed, at matched compute and/or the full per-sub-supernet budget; candidates
 * pooled and compared by their re-scored rewards), then trains each method's top
 * architectures from scratch (with the generator EMA) and scores them with two
 * independently trained Fashion-MNIST classifiers: the reward classifier (A) and the
 * evaluation classifier (B, the final numbers): classifier-IS and the Fréchet distance of
 * penultimate features to the test split, at a fixed sample size, with the real-vs-real floor.
 *
 * Every phase (classifiers, searches, final models) is cached in `output`, so an
 * interrupted run resumes where it stopped and separate processes may precompute seeds.
 * The result is plain JSON; {@link writeAutoGanReport} turns it into Markdown.
 *
 * These classifier numbers are not comparable with published Inception-based IS/FID.
 *
 * @throws InvalidArgumentError for a bad config; CancelledError when `signal` aborts;
 *   NotFoundError when the data set is missing.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseAutoGanExperimentConfig, runAutoGanExperiment, writeAutoGanReport } from '@fewshot/autogan';
 * const config = parseAutoGanExperimentConfig({ json: JSON.parse(await readFile('small.json', 'utf8')), directory: '.' });
 * const result = await runAutoGanExperiment({ config, output: config.output, onEvent: (event) => console.log(event.type) });
 * await writeAutoGanReport({ result, directory: config.output });
 * ```
 */
export async function runAutoGanExperiment(options: RunAutoGanExperimentOptions): Promise<AutoGanExperimentResult> {
  requireOptions(functionName, options, '{ config, output?, onEvent?, signal? }');
  const { config, signal } = options;
  if (typeof config !== 'object' || config === null || config.kind !== 'autogan' || typeof config.search !== 'object') {
    throw new InvalidArgumentError({ functionName, argument: 'options.config', message: `expected a configuration from parseAutoGanExperimentConfig, got ${describeValue(config)}` });
  }
  const output = options.output ?? config.output;
  if (typeof output !== 'string' || output === '') {
    throw new InvalidArgumentError({ functionName, argument: 'options.output', message: `expected a folder path, got ${describeValue(output)}` });
  }
  const emit = (event: AutoGanExperimentEvent): void => options.onEvent?.(event);
  const checkCancelled = (where: string): void => {
    if (signal?.aborted === true) throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled ${where}` });
  };
  const startedAt = new Date();
  const started = performance.now();
  if (config.backend !== undefined) await selectBackend({ backend: config.backend });
  checkCancelled('before it started');

  const data = await loadData(config);
  const padded = padDataset({ dataset: data.train, padding: 2, value: 0 });
  const classifiers: Classifier[] = [];
  try {
    classifiers.push(await prepareClassifier('reward', config.metrics.rewardClassifier, config, data, output, emit, signal));
    classifiers.push(await prepareClassifier('evaluation', config.metrics.evaluationClassifier, config, data, output, emit, signal));
    const [rewardClassifier, evaluationClassifier] = classifiers as [Classifier, Classifier];
    const whole = createRegion({ space: autoGanSpace });
    const plan = planFixedEdgeSplit({ region: whole, decision: config.fewShot.decision });
    const children = applySplitPlan({ region: whole, plan });
    const batchesPerEpoch = Math.ceil(padded.count / config.search.discriminatorBatchSize);
    const sharedSteps = config.search.sharedSteps ?? (config.search.sharedEpochs as number) * batchesPerEpoch;
    let computeSeconds = classifiers.reduce((sum, entry) => sum + entry.report.trainingSeconds, 0);

    const finalModel = async (seed: number, method: string, architecture: Architecture, searchReward: number, subSupernet: number | undefined): Promise<FinalModel> => {
      const settings = config.finalTraining;
      const key = { seed, architecture, settings, samples: config.metrics.samples, splits: config.metrics.splits, classifiers: classifiers.map((entry) => entry.report.testAccuracy) };
      const path = join(output, 'final-models', `seed-${seed}-${architecture.join('')}.fsag`);
      const cached = await readBundle(functionName, path);
      const cachedJson = cached?.json as { key?: unknown; model?: FinalModel } | undefined;
      let model: FinalModel;
      if (cached !== undefined && sameJson(cachedJson?.key, key) && cachedJson?.model !== undefined) {
        model = { ...cachedJson.model, searchReward, ...(subSupernet === undefined ? {} : { subSupernet }), cached: true };
      } else {
        checkCancelled(`before training ${architecture.join(' ')}`);
        emit({ type: 'phase-start', phase: `final training ${architecture.join(' ')}`, seed });
        const trained = await trainAutoGanArchitecture({
          architecture,
          data: padded,
          seed: `${seed}/final`,
          generator: { channels: settings.generatorChannels, latentDimension: config.search.generator.latentDimension, bottomWidth: 4, outputChannels: 1 },
          discriminator: { channels: settings.discriminatorChannels },
          generatorSteps: settings.generatorSteps,
          criticSteps: settings.criticSteps,
          discriminatorBatchSize: settings.discriminatorBatchSize,
          generatorBatchSize: settings.generatorBatchSize,
          learningRate: settings.learningRate,
          beta1: settings.beta1,
          beta2: settings.beta2,
          averageDecay: settings.averageDecay,
          onProgress: (event) => emit({ type: 'final-training', seed, architecture, ...event }),
          ...(signal === undefined ? {} : { signal }),
        });
        try {
          const evaluationSeed = deriveSeed({ seed, label: 'autogan-evaluation' });
          const score = async (classifier: Classifier): Promise<ClassifierScores> => {
            const scores = await evaluateGenerator({
              generator: trained.generator,
              architecture,
              extractor: classifier.extractor,
              reference: classifier.reference,
              count: config.metrics.samples,
              splits: config.metrics.splits,
              rng: createRng({ seed: evaluationSeed }),
            });
            return {
              inceptionScore: scores.inceptionScore?.mean as number,
              inceptionScoreStandardDeviation: scores.inceptionScore?.standardDeviation as number,
              frechetDistance: scores.frechetDistance as number,
            };
          };
          model = {
            architecture,
            searchReward,
            ...(subSupernet === undefined ? {} : { subSupernet }),
            trainingSeconds: trained.seconds,
            discriminatorSteps: trained.discriminatorSteps,
            generatorSteps: trained.generatorSteps,
            reward: await score(rewardClassifier),
            evaluation: await score(evaluationClassifier),
            cached: false,
          };
          await writeBundle(path, { key, model }, await trained.generator.getWeights());
        } finally {
          trained.generator.dispose();
        }
        emit({ type: 'phase-end', phase: `final training ${architecture.join(' ')}`, seed, seconds: model.trainingSeconds, cached: false });
      }
      computeSeconds += model.trainingSeconds;
      emit({ type: 'model-evaluated', seed, method, model });
      return model;
    };

    const finishMethod = async (
      seed: number,
      base: Omit<MethodRun, 'finalModels' | 'selected'>,
    ): Promise<MethodRun> => {
      const finalModels: FinalModel[] = [];
      for (const candidate of base.candidates.slice(0, config.finalTraining.architectures)) {
        finalModels.push(await finalModel(seed, base.method, candidate.architecture, candidate.rescoredReward, candidate.subSupernet));
      }
      const selected = [...finalModels].sort((a, b) => a.reward.frechetDistance - b.reward.frechetDistance)[0];
      return { ...base, finalModels, ...(selected === undefined ? {} : { selected }) };
    };

    const seeds: { seed: number; methods: MethodRun[] }[] = [];
    for (const seed of config.seeds) {
      checkCancelled(`before seed ${seed}`);
      const seedFolder = join(output, `seed-${seed}`);
      const warmUpFolder = join(seedFolder, 'warm-up-snapshot');
      const searchPhase = async (run: string, search: AutoGanSearchOptions, extra: { region?: (typeof children)[number]; fork?: { directory: string; label: string }; snapshot?: { iteration: number; directory: string }; folder: string }): Promise<AutoGanSearchResult> => {
        const phaseStarted = performance.now();
        emit({ type: 'phase-start', phase: `search ${run}`, seed });
        let resumed = false;
        const result = await runAutoGanSearch({
          data: padded,
          reward: rewardClassifier.extractor,
          seed,
          search,
          checkpointDirectory: extra.folder,
          ...(extra.region === undefined ? {} : { region: extra.region }),
          ...(extra.fork === undefined ? {} : { fork: extra.fork }),
          ...(extra.snapshot === undefined ? {} : { snapshot: extra.snapshot }),
          onEvent: (event) => {
            if (event.type === 'search-start') resumed = event.resumed;
            emit({ type: 'search', seed, run, event });
          },
          ...(signal === undefined ? {} : { signal }),
        });
        emit({ type: 'phase-end', phase: `search ${run}`, seed, seconds: (performance.now() - phaseStarted) / 1000, cached: !resumed && result.totals.seconds > (performance.now() - phaseStarted) / 1000 + 1 });
        computeSeconds += result.totals.seconds;
        return result;
      };

      const oneShot = await searchPhase('one-shot', config.search, {
        folder: join(seedFolder, 'one-shot'),
        ...(config.fewShot.enabled ? { snapshot: { iteration: config.fewShot.forkIteration, directory: warmUpFolder } } : {}),
      });
      const methods: MethodRun[] = [];
      methods.push(
        await finishMethod(seed, {
          method: 'one-shot',
          totals: oneShot.totals,
          resets: oneShot.resets.length,
          candidates: oneShot.top.map((candidate) => ({ architecture: candidate.architecture, rescoredReward: candidate.rescoredReward as number })),
        }),
      );
      if (config.fewShot.enabled) {
        const warmUp = warmUpTotals(oneShot, config.fewShot.forkIteration);
        for (const budget of config.fewShot.budgets as readonly FewShotBudget[]) {
          const k = children.length;
          const search: AutoGanSearchOptions =
            budget === 'matched'
              ? {
                  ...config.search,
                  sharedEpochs: undefined,
                  sharedSteps: Math.max(1, Math.round(sharedSteps / k)),
                  controller: { ...config.search.controller, steps: config.search.controller.steps === 0 ? 0 : Math.max(1, Math.round(config.search.controller.steps / k)) },
                }
              : config.search;
          const subs: { label: string; result: AutoGanSearchResult }[] = [];
          for (const [index, region] of children.entries()) {
            const label = `${budget}/${region.label}`;
            const result = await searchPhase(`few-shot ${budget} ${index + 1}/${k} (${region.label})`, search, {
              region,
              fork: { directory: warmUpFolder, label },
              folder: join(seedFolder, `few-shot-${budget}`, `sub-${index}`),
            });
            subs.push({ label, result });
          }
          const pooled = subs
            .flatMap(({ result }, index) => result.top.map((candidate) => ({ architecture: candidate.architecture, rescoredReward: candidate.rescoredReward as number, subSupernet: index })))
            .sort((a, b) => b.rescoredReward - a.rescoredReward);
          for (const candidate of pooled) {
            // Each pooled architecture lies in the region of the sub-supernet that scored it.
            if (routeArchitecture({ members: children.map((region) => ({ region })), architecture: candidate.architecture }) !== candidate.subSupernet) {
              throw new Error(`internal: ${candidate.architecture.join(' ')} was scored outside its region`);
            }
          }
          methods.push(
            await finishMethod(seed, {
              method: `few-shot (${budget === 'matched' ? 'matched compute' : 'full budget per sub-supernet'})`,
              budget,
              totals: subs.reduce((sum, { result }) => addTotals(sum, result.totals), warmUp),
              resets: oneShot.resets.filter((iteration) => iteration < config.fewShot.forkIteration).length + subs.reduce((sum, { result }) => sum + result.resets.length, 0),
              subSupernets: subs.map(({ label, result }, index) => ({
                label,
                region: children[index]?.label ?? '',
                totals: result.totals,
                resets: result.resets.length,
                best: { architecture: result.top[0]?.architecture ?? [], rescoredReward: result.top[0]?.rescoredReward as number },
              })),
              candidates: pooled,
            }),
          );
        }
      }
      seeds.push({ seed, methods });
    }

    const methodNames = [...new Set(seeds.flatMap((entry) => entry.methods.map((method) => method.method)))];
    const summary: MethodSummary[] = methodNames.map((method) => {
      const runs = seeds.map((entry) => entry.methods.find((run) => run.method === method)).filter((run): run is MethodRun => run?.selected !== undefined);
      const pick = (value: (run: MethodRun) => number) => statistic(runs.map(value));
      return {
        method,
        seeds: runs.length,
        evaluationFrechetDistance: pick((run) => run.selected?.evaluation.frechetDistance as number),
        evaluationInceptionScore: pick((run) => run.selected?.evaluation.inceptionScore as number),
        rewardFrechetDistance: pick((run) => run.selected?.reward.frechetDistance as number),
        rewardInceptionScore: pick((run) => run.selected?.reward.inceptionScore as number),
        searchSeconds: pick((run) => run.totals.seconds),
        discriminatorSteps: pick((run) => run.totals.discriminatorSteps),
        rewardImages: pick((run) => run.totals.rewardImages),
      };
    });
    const pairedDifferences = methodNames
      .filter((method) => method !== 'one-shot')
      .map((method) => ({
        method,
        evaluationFrechetDistance: statistic(
          seeds.flatMap((entry) => {
            const few = entry.methods.find((run) => run.method === method)?.selected;
            const one = entry.methods.find((run) => run.method === 'one-shot')?.selected;
            return few === undefined || one === undefined ? [] : [few.evaluation.frechetDistance - one.evaluation.frechetDistance];
          }),
        ),
      }));
    return {
      kind: 'autogan',
      name: config.name,
      config,
      backend: tf.getBackend(),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      computeSeconds,
      data: { source: config.data.source, trainImages: data.train.count, testImages: data.test.count },
      classifiers: classifiers.map((entry) => entry.report),
      seeds,
      summary,
      pairedDifferences,
    };
  } finally {
    for (const entry of classifiers) entry.classifier.dispose();
  }
}
