import { isAbsolute, resolve } from 'node:path';
import { InvalidArgumentError } from '@fewshot/core';
import { ConfigReader } from '../internal/config-reader.js';
import { describeValue, requireOptions } from '../internal/validate.js';
import { resolveSearchOptions } from '../search/search-options.js';
import { autoGanSpace } from '../space/autogan-space.js';
import type { AutoGanExperimentConfig, ClassifierConfig, FewShotBudget } from './experiment-config.js';

const functionName = 'parseAutoGanExperimentConfig';

/**
 * Options of {@link parseAutoGanExperimentConfig}.
 *
 * @example
 * ```ts
 * const options: ParseAutoGanExperimentConfigOptions = { json: JSON.parse(text), directory: '/path/of/the/config' };
 * ```
 */
export interface ParseAutoGanExperimentConfigOptions {
  /** The parsed JSON of the configuration file. */
  readonly json: unknown;
  /** Folder of the file: relative paths (`output`, `data.directory`) are resolved against it. */
  readonly directory: string;
}

function parseClassifier(reader: ConfigReader, defaults: ClassifierConfig): ClassifierConfig {
  reader.rejectUnknown(['widths', 'epochs', 'batchSize', 'learningRate', 'seed']);
  const widths = reader.integerList('widths', { minimum: 1, fallback: defaults.widths, length: 3 });
  return {
    widths: [widths[0], widths[1], widths[2]] as [number, number, number],
    epochs: reader.integer('epochs', { minimum: 1, fallback: defaults.epochs }),
    batchSize: reader.integer('batchSize', { minimum: 2, fallback: defaults.batchSize }),
    learningRate: reader.number('learningRate', { exclusiveMinimum: 0, fallback: defaults.learningRate }),
    seed: reader.integer('seed', { minimum: 0, fallback: defaults.seed }),
  };
}

/**
 * Validates an AutoGAN experiment configuration (`"kind": "autogan"`) and fills in the
 * defaults, before anything runs. The defaults are AutoGAN's (search and final training) and
 * the few-shot proposal of the notes (split cell-1 upsampling into 3 sub-supernets after half
 * of stage 0, both budgets). Every problem is an `InvalidArgumentError` or `OutOfRangeError`
 * whose `argument` is the field's path (`config.search.controller.steps`); unknown fields
 * are refused.
 *
 * @example
 * ```ts
 * import { parseAutoGanExperimentConfig } from '@fewshot/autogan';
 * const config = parseAutoGanExperimentConfig({
 *   json: { kind: 'autogan', seeds: [1, 2, 3], search: { maxIterations: 9, growSteps: [3, 6], sharedSteps: 60 } },
 *   directory: process.cwd(),
 * });
 * config.search.controller.steps; // 30 (AutoGAN's default)
 * ```
 */
export function parseAutoGanExperimentConfig(options: ParseAutoGanExperimentConfigOptions): AutoGanExperimentConfig {
  requireOptions(functionName, options, '{ json, directory }');
  if (typeof options.directory !== 'string' || options.directory === '') {
    throw new InvalidArgumentError({ functionName, argument: 'options.directory', message: `expected a folder path, got ${describeValue(options.directory)}` });
  }
  const root = ConfigReader.of(functionName, 'config', options.json);
  root.rejectUnknown(['$schema', 'kind', 'name', 'seeds', 'backend', 'data', 'search', 'fewShot', 'finalTraining', 'metrics', 'output']);
  root.oneOf('kind', ['autogan']);
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : resolve(options.directory, path));
  const name = root.string('name', 'autogan');
  const seeds = root.integerList('seeds', { minimum: 0, fallback: [1] });
  if (new Set(seeds).size !== seeds.length) root.fail('seeds', `expected distinct seeds, got ${seeds.join(', ')}`);
  const backend = root.has('backend') ? root.oneOf('backend', ['auto', 'node-gpu', 'node', 'wasm', 'cpu']) : undefined;

  const data = root.optionalObject('data');
  data.rejectUnknown(['source', 'directory', 'trainImages', 'testImages']);
  const source = data.oneOf('source', ['fashion-mnist', 'embedded-fashion-mnist'], 'fashion-mnist');
  if (source === 'embedded-fashion-mnist' && data.has('directory')) data.fail('directory', 'only the fashion-mnist source reads a folder');
  const directory = data.has('directory') ? resolvePath(data.string('directory')) : undefined;
  const trainImages = data.has('trainImages') ? data.integer('trainImages', { minimum: 2 }) : undefined;
  const testImages = data.has('testImages') ? data.integer('testImages', { minimum: 2 }) : undefined;

  const searchJson = root.has('search') ? root.object('search').value : {};
  const generatorJson = (searchJson['generator'] ?? {}) as Record<string, unknown>;
  const search = resolveSearchOptions(functionName, 'config.search', {
    ...searchJson,
    generator: { outputChannels: 1, ...(typeof generatorJson === 'object' && generatorJson !== null ? generatorJson : {}) },
  } as never);
  if (search.generator.outputChannels !== 1 || search.generator.bottomWidth !== 4) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'config.search.generator',
      message: 'config.search.generator: Fashion-MNIST padded to 32 x 32 needs outputChannels 1 and bottomWidth 4',
    });
  }

  const fewShot = root.optionalObject('fewShot');
  fewShot.rejectUnknown(['enabled', 'decision', 'forkIteration', 'budgets']);
  const enabled = fewShot.boolean('enabled', true);
  let decision = 2;
  if (fewShot.has('decision')) {
    const raw = fewShot.raw('decision');
    const labels = autoGanSpace.decisions.map((entry) => entry.label);
    if (typeof raw === 'string' && labels.includes(raw)) decision = labels.indexOf(raw);
    else if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < labels.length) decision = raw;
    else fewShot.fail('decision', `expected a decision label (${labels.join(', ')}) or index 0..13, got ${describeValue(raw)}`);
  }
  const decisionStage = decision < 4 ? 0 : decision < 9 ? 1 : 2;
  // The split decision must not be fixed by a beam yet: fork at the latest at the grow step
  // that ends the stage deciding it (the masked controller then samples that beam).
  const latestFork = decisionStage === 0 ? search.growSteps[0] : decisionStage === 1 ? search.growSteps[1] : search.maxIterations - 1;
  const forkIteration = fewShot.integer('forkIteration', { minimum: 1, maximum: latestFork, fallback: Math.max(1, Math.floor(search.growSteps[0] / 2)) });
  const budgets = fewShot.stringList('budgets', ['matched', 'per-sub-supernet'], ['matched', 'per-sub-supernet']) as FewShotBudget[];
  if (enabled && budgets.length === 0) fewShot.fail('budgets', 'expected at least one budget when few-shot is enabled');
  if (new Set(budgets).size !== budgets.length) fewShot.fail('budgets', 'expected distinct budgets');

  const final = root.optionalObject('finalTraining');
  final.rejectUnknown([
    'architectures',
    'generatorChannels',
    'discriminatorChannels',
    'generatorSteps',
    'criticSteps',
    'discriminatorBatchSize',
    'generatorBatchSize',
    'learningRate',
    'beta1',
    'beta2',
    'averageDecay',
  ]);
  const finalTraining = {
    architectures: final.integer('architectures', { minimum: 1, maximum: search.beamWidth, fallback: search.beamWidth }),
    generatorChannels: final.integer('generatorChannels', { minimum: 1, fallback: 256 }),
    discriminatorChannels: final.integer('discriminatorChannels', { minimum: 1, fallback: 128 }),
    generatorSteps: final.integer('generatorSteps', { minimum: 1, fallback: 50_000 }),
    criticSteps: final.integer('criticSteps', { minimum: 1, fallback: 5 }),
    discriminatorBatchSize: final.integer('discriminatorBatchSize', { minimum: 2, fallback: 64 }),
    generatorBatchSize: final.integer('generatorBatchSize', { minimum: 2, fallback: 128 }),
    learningRate: final.number('learningRate', { exclusiveMinimum: 0, fallback: 2e-4 }),
    beta1: final.number('beta1', { minimum: 0, exclusiveMaximum: 1, fallback: 0 }),
    beta2: final.number('beta2', { minimum: 0, exclusiveMaximum: 1, fallback: 0.9 }),
    averageDecay: final.number('averageDecay', { minimum: 0, exclusiveMaximum: 1, fallback: 0.999 }),
  };

  const metrics = root.optionalObject('metrics');
  metrics.rejectUnknown(['rewardClassifier', 'evaluationClassifier', 'samples', 'splits']);
  const rewardClassifier = parseClassifier(metrics.optionalObject('rewardClassifier'), { widths: [32, 64, 128], epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 101 });
  const evaluationClassifier = parseClassifier(metrics.optionalObject('evaluationClassifier'), { widths: [32, 64, 128], epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 202 });
  if (rewardClassifier.seed === evaluationClassifier.seed && JSON.stringify(rewardClassifier.widths) === JSON.stringify(evaluationClassifier.widths)) {
    metrics.fail('evaluationClassifier', 'must differ from the reward classifier (another seed or other widths) to be independent');
  }
  const splits = metrics.integer('splits', { minimum: 1, fallback: 10 });
  const samples = metrics.integer('samples', { minimum: Math.max(splits, 2), maximum: 10_000, fallback: 10_000 });
  const availableTest = Math.min(testImages ?? Number.POSITIVE_INFINITY, source === 'embedded-fashion-mnist' ? 2000 : 10_000);
  const availableTrain = Math.min(trainImages ?? Number.POSITIVE_INFINITY, source === 'embedded-fashion-mnist' ? 10_000 : 60_000);
  if (samples > availableTest || samples > availableTrain) {
    metrics.fail('samples', `expected at most ${Math.min(availableTest, availableTrain)} (the test images available for the reference and training images for the floor), got ${samples}`, true);
  }
  const output = resolvePath(root.string('output', `runs/${name.replace(/[^A-Za-z0-9._-]+/gu, '-')}`));
  return {
    kind: 'autogan',
    name,
    seeds,
    backend,
    data: { source, directory, trainImages, testImages },
    search,
    fewShot: { enabled, decision, forkIteration, budgets },
    finalTraining,
    metrics: { rewardClassifier, evaluationClassifier, samples, splits },
    output,
  };
}
