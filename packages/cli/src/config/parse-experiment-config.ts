import { isAbsolute, resolve } from 'node:path';
import { nasBench201 } from '@fewshot/search-space';
import { ConfigReader } from '../internal/config-reader.js';
import type {
  DataConfig,
  ExperimentConfig,
  GroundTruthSource,
  NetworkConfig,
  SplitConfig,
  TrainingConfig,
} from './experiment-config.js';

const functionName = 'parseExperimentConfig';

/**
 * Options of {@link parseExperimentConfig}.
 *
 * @example
 * ```ts
 * const options: ParseExperimentConfigOptions = { json: JSON.parse(text), directory: '/path/of/the/config' };
 * ```
 */
export interface ParseExperimentConfigOptions {
  /** The parsed JSON of the config file. */
  readonly json: unknown;
  /** Folder of the config file: relative file paths inside it are resolved against it. */
  readonly directory: string;
}

/**
 * Validates a `fewshot run` configuration and fills in the defaults, before any training
 * starts. Every problem is an `InvalidArgumentError` whose `argument` is the field's path
 * (`config.oneShot.epochs`), and unknown fields are refused (a typo is never ignored).
 *
 * @example
 * ```ts
 * const config = parseExperimentConfig({
 *   json: { name: 'quick', seeds: [1], oneShot: { epochs: 2 }, groundTruth: { kind: 'table', file: 'truth.json' } },
 *   directory: process.cwd(),
 * });
 * config.subSupernets.epochs; // the default
 * ```
 */
export function parseExperimentConfig(options: ParseExperimentConfigOptions): ExperimentConfig {
  const root = new ConfigReader(functionName, 'config', options.json);
  root.rejectUnknown([
    '$schema',
    'name',
    'seeds',
    'data',
    'network',
    'oneShot',
    'subSupernets',
    'splits',
    'equalBudget',
    'evaluation',
    'groundTruth',
    'workers',
    'output',
  ]);
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : resolve(options.directory, path));
  const name = root.string('name', 'experiment');
  const seeds = root.integerList('seeds', { default: [1], nonEmpty: true, minimum: 0 });
  if (new Set(seeds).size !== seeds.length) root.fail('seeds', 'expected distinct seeds');
  const data = parseDataConfig(root.has('data') ? root.object('data') : undefined, resolvePath);
  const network = parseNetworkConfig(root.has('network') ? root.object('network') : undefined);
  const oneShot = parseTrainingConfig(root.has('oneShot') ? root.object('oneShot') : undefined, { epochs: 8 });
  const subSupernets = parseTrainingConfig(root.has('subSupernets') ? root.object('subSupernets') : undefined, { epochs: 2 });
  const splits = root.has('splits')
    ? root
        .list('splits')
        .objects()
        .map((reader) => parseSplitConfig(reader))
    : defaultSplits;
  if (splits.length === 0) root.fail('splits', 'expected at least one split');
  const names = splits.map((split) => split.name);
  if (new Set(names).size !== names.length) root.fail('splits', `expected distinct split names, got ${names.join(', ')}`);
  const evaluationReader = root.has('evaluation') ? root.object('evaluation') : undefined;
  evaluationReader?.rejectUnknown(['batchSize', 'split']);
  const evaluation = {
    batchSize: evaluationReader?.integer('batchSize', { minimum: 1, default: 500 }) ?? 500,
    split: evaluationReader?.oneOf('split', ['test'] as const, 'test') ?? 'test',
  } as const;
  if (!root.has('groundTruth')) {
    root.fail('groundTruth', 'expected { "kind": "table", "file": "<a table written by fewshot ground-truth>" }');
  }
  const groundTruth = parseGroundTruth(root.object('groundTruth'), resolvePath);
  return {
    name,
    seeds,
    data,
    network,
    oneShot,
    subSupernets,
    splits,
    equalBudget: root.boolean('equalBudget', true),
    evaluation,
    groundTruth,
    workers: root.integer('workers', { minimum: 1, maximum: 64, default: 2 }),
    output: root.string('output', `runs/${name.replace(/[^A-Za-z0-9._-]+/g, '-')}`),
  };
}

const defaultSplits: readonly SplitConfig[] = [
  { name: 'paper split', criterion: 'fixed-edge', edge: '1<-0', initialization: 'copy' },
  {
    name: 'gradient matching',
    criterion: 'gradient-matching',
    levels: 2,
    groups: 2,
    batches: 4,
    distance: 'cosine',
    initialization: 'copy',
  },
];

/** Parses the `data` section (also used by the ground-truth command). */
export function parseDataConfig(reader: ConfigReader | undefined, resolvePath: (path: string) => string): DataConfig {
  if (reader === undefined) {
    return { source: 'embedded-fashion-mnist', resize: { height: 16, width: 16 }, augmentation: { padding: 2, horizontalFlip: true } };
  }
  reader.rejectUnknown(['source', 'directory', 'resize', 'trainPerClass', 'augmentation']);
  const source = reader.oneOf(
    'source',
    ['embedded-fashion-mnist', 'fashion-mnist', 'mnist', 'cifar10', 'cifar100'] as const,
    'embedded-fashion-mnist',
  );
  const directory = reader.optionalString('directory');
  if ((source === 'mnist' || source === 'cifar10' || source === 'cifar100') && directory === undefined) {
    reader.fail('directory', `the source "${source}" reads files: give the folder that holds them`);
  }
  let resize: DataConfig['resize'];
  if (reader.has('resize')) {
    const resizeReader = reader.object('resize');
    resizeReader.rejectUnknown(['height', 'width']);
    resize = {
      height: resizeReader.integer('height', { minimum: 4 }),
      width: resizeReader.integer('width', { minimum: 4 }),
    };
    if (resize.height % 4 !== 0 || resize.width % 4 !== 0) {
      reader.fail('resize', `the NAS-Bench-201 network needs a height and width divisible by 4, got ${resize.height}x${resize.width}`);
    }
  }
  const augmentationReader = reader.has('augmentation') ? reader.object('augmentation') : undefined;
  augmentationReader?.rejectUnknown(['padding', 'horizontalFlip']);
  return {
    source,
    ...(directory === undefined ? {} : { directory: resolvePath(directory) }),
    ...(resize === undefined ? {} : { resize }),
    ...(reader.has('trainPerClass') ? { trainPerClass: reader.integer('trainPerClass', { minimum: 1 }) } : {}),
    augmentation: {
      padding: augmentationReader?.integer('padding', { minimum: 0, maximum: 16, default: 2 }) ?? 2,
      horizontalFlip: augmentationReader?.boolean('horizontalFlip', true) ?? true,
    },
  };
}

/** Parses the `network` section (also used by the ground-truth command). */
export function parseNetworkConfig(reader: ConfigReader | undefined): NetworkConfig {
  reader?.rejectUnknown(['channels', 'cellsPerStage', 'cellBatchNorm']);
  return {
    channels: reader?.integer('channels', { minimum: 1, maximum: 1024, default: 8 }) ?? 8,
    cellsPerStage: reader?.integer('cellsPerStage', { minimum: 1, maximum: 32, default: 1 }) ?? 1,
    cellBatchNorm:
      reader?.oneOf('cellBatchNorm', ['batch-statistics', 'running-statistics'] as const, 'batch-statistics') ?? 'batch-statistics',
  };
}

/** Parses one training schedule, with the release's optimiser defaults. */
export function parseTrainingConfig(reader: ConfigReader | undefined, defaults: { readonly epochs: number }): TrainingConfig {
  reader?.rejectUnknown([
    'epochs',
    'batchSize',
    'learningRate',
    'momentum',
    'nesterov',
    'weightDecay',
    'gradientClipNorm',
    'sampling',
  ]);
  const learningRateReader = reader?.has('learningRate') === true ? reader.object('learningRate') : undefined;
  learningRateReader?.rejectUnknown(['initial', 'final']);
  const initial = learningRateReader?.number('initial', { exclusiveMinimum: 0, default: 0.05 }) ?? 0.05;
  const final = learningRateReader?.number('final', { minimum: 0, default: 0.001 }) ?? 0.001;
  const gradientClipNorm = reader?.optionalNumber('gradientClipNorm', { exclusiveMinimum: 0 });
  const momentum = reader?.number('momentum', { minimum: 0, maximum: 1, default: 0.9 }) ?? 0.9;
  const nesterov = reader?.boolean('nesterov', true) ?? true;
  if (nesterov && momentum === 0) reader?.fail('nesterov', 'Nesterov momentum needs a momentum above 0');
  return {
    epochs: reader?.integer('epochs', { minimum: 1, default: defaults.epochs }) ?? defaults.epochs,
    batchSize: reader?.integer('batchSize', { minimum: 1, default: 64 }) ?? 64,
    learningRate: { initial, final },
    momentum,
    nesterov,
    weightDecay: reader?.number('weightDecay', { minimum: 0, default: 1e-4 }) ?? 1e-4,
    ...(gradientClipNorm === undefined ? {} : { gradientClipNorm }),
    sampling: reader?.oneOf('sampling', ['per-cell', 'per-step'] as const, 'per-cell') ?? 'per-cell',
  };
}

function parseSplitConfig(reader: ConfigReader): SplitConfig {
  const criterion = reader.oneOf('criterion', ['fixed-edge', 'gradient-matching', 'random'] as const);
  const name = reader.string('name', criterion);
  const initialization = reader.oneOf('initialization', ['copy', 'reinitialize'] as const, 'copy');
  if (criterion === 'fixed-edge') {
    reader.rejectUnknown(['name', 'criterion', 'edge', 'groups', 'initialization']);
    const edge = reader.string('edge', '1<-0');
    const decision = nasBench201.decisions.findIndex((candidate) => candidate.label === edge);
    if (decision < 0) {
      reader.fail('edge', `unknown edge "${edge}"; expected one of ${nasBench201.decisions.map((d) => d.label).join(', ')}`);
    }
    if (!reader.has('groups')) return { name, criterion, edge, initialization };
    const options = nasBench201.decisions[decision]?.options ?? [];
    const raw = reader.raw('groups');
    if (!Array.isArray(raw) || raw.some((group) => !Array.isArray(group) || group.length === 0)) {
      reader.fail('groups', 'expected an array of non-empty arrays of operation names');
    }
    const groups = (raw as unknown[][]).map((group, index) =>
      group.map((operation) => {
        if (typeof operation !== 'string' || !options.includes(operation)) {
          reader.fail(`groups[${index}]`, `unknown operation ${JSON.stringify(operation)}; expected one of ${options.join(', ')}`);
        }
        return operation;
      }),
    );
    const used = groups.flat();
    if (new Set(used).size !== used.length || used.length !== options.length) {
      reader.fail('groups', `the groups must contain every operation of ${edge} exactly once (${options.join(', ')})`);
    }
    return { name, criterion, edge, groups, initialization };
  }
  if (criterion === 'gradient-matching') {
    reader.rejectUnknown(['name', 'criterion', 'levels', 'groups', 'batches', 'distance', 'initialization']);
    return {
      name,
      criterion,
      levels: reader.integer('levels', { minimum: 1, maximum: 6, default: 2 }),
      groups: reader.integer('groups', { minimum: 2, maximum: 5, default: 2 }),
      batches: reader.integer('batches', { minimum: 1, default: 4 }),
      distance: reader.oneOf('distance', ['cosine', 'per-filter-cosine', 'mse'] as const, 'cosine'),
      initialization,
    };
  }
  reader.rejectUnknown(['name', 'criterion', 'levels', 'groups', 'initialization']);
  return {
    name,
    criterion,
    levels: reader.integer('levels', { minimum: 1, maximum: 6, default: 2 }),
    groups: reader.integer('groups', { minimum: 2, maximum: 5, default: 2 }),
    initialization,
  };
}

function parseGroundTruth(reader: ConfigReader, resolvePath: (path: string) => string): GroundTruthSource {
  reader.rejectUnknown(['kind', 'file']);
  const kind = reader.oneOf('kind', ['table'] as const, 'table');
  return { kind, file: resolvePath(reader.string('file')) };
}
