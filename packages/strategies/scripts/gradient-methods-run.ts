/**
 * The documented run of the gradient-based methods (docs/results/gradient-strategies.md).
 *
 *   flock /tmp/fewshot-heavy.lock npx tsx --conditions=@fewshot/source packages/strategies/scripts/gradient-methods-run.ts \
 *     [--out runs/gradient-methods/results.json] [--ground-truth table.json] [--epochs 3] [--few-shot-epochs 1] \
 *     [--train 1280] [--validation 640] [--methods darts-first-order,darts-second-order,pc-darts,gdas,setn,enas] [--backend wasm]
 *
 * Score a finished run against a ground-truth table without training again (`--results` takes the
 * results JSON or a report written with `--markdown`, which embeds it), and rewrite the report:
 *
 *   npx tsx --conditions=@fewshot/source packages/strategies/scripts/gradient-methods-run.ts \
 *     --results docs/results/gradient-strategies.md --ground-truth table.json --markdown docs/results/gradient-strategies.md
 *
 * `--markdown` writes the report (command, configuration, times, tables and the results as JSON);
 * an existing report's text between `<!-- notes:start -->` and `<!-- notes:end -->` is kept.
 *
 * Data: the Fashion-MNIST subset embedded in @fewshot/datasets, resized to 16x16; its 10,000
 * training images are split (stratified, seed 2021) into the search's training and validation
 * parts; the embedded test images are not used. Network: NAS-Bench-201 supernet, C = 8, N = 1.
 * For every method: a one-shot search on a fresh supernet for `--epochs` epochs; then the few-shot
 * form on the five sub-supernets of edge 1<-0 (the paper's split), each a copy of the one-shot
 * supernet's trained weights restricted to its region (weight transfer), for `--few-shot-epochs`
 * epochs each, the final pick by validation accuracy. A ground-truth table is a JSON file
 * `{ entries: [{ architecture: "|op~0|+...", accuracy }] }` (`fewshot ground-truth` writes one;
 * `--ground-truth` may be given more than once);
 * an architecture missing from it is reported as such (an entry of an equivalent architecture —
 * same function, `nasBench201EquivalenceKey` — is reported separately, marked "equivalent").
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend, type BackendName } from '@fewshot/backend';
import { createRng, type Architecture } from '@fewshot/core';
import { computeChannelStatistics, loadEmbeddedFashionMnist, splitDataset } from '@fewshot/datasets';
import { createRegion, nasBench201, nasBench201EquivalenceKey, parseNasBench201Architecture } from '@fewshot/search-space';
import { createSupernet } from '@fewshot/supernet';
import type { TrainingData } from '@fewshot/trainers';
import {
  createDarts,
  createEnas,
  createGdas,
  createPcDarts,
  createSetn,
  runFewShotGradientSearch,
  runGradientSearch,
  type GradientSearchMethod,
  type GradientSearchResult,
} from '../src/gradient/index.js';

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string', default: 'runs/gradient-methods/results.json' },
    results: { type: 'string' },
    markdown: { type: 'string' },
    'ground-truth': { type: 'string', multiple: true },
    epochs: { type: 'string', default: '3' },
    'few-shot-epochs': { type: 'string', default: '1' },
    train: { type: 'string', default: '1280' },
    validation: { type: 'string', default: '640' },
    'batch-size': { type: 'string', default: '64' },
    methods: { type: 'string', default: 'darts-first-order,darts-second-order,pc-darts,gdas,setn,enas' },
    backend: { type: 'string', default: 'auto' },
    seed: { type: 'string', default: '1' },
  },
});

/** One method's outcome, as saved in the results file. */
interface MethodRecord {
  readonly method: string;
  readonly settings: GradientSearchResult['settings'];
  readonly oneShot: { readonly architecture: string; readonly validationAccuracy: number; readonly seconds: number; readonly history: GradientSearchResult['history'] };
  readonly fewShot: {
    readonly architecture: string;
    readonly selected: number;
    readonly seconds: number;
    readonly perRegion: readonly { readonly region: string; readonly architecture: string; readonly validationAccuracy: number }[];
  };
}

interface ResultsFile {
  readonly format: 'fewshot-gradient-methods-run';
  readonly version: 1;
  readonly command: string;
  readonly backend: string;
  readonly configuration: Record<string, unknown>;
  readonly methods: MethodRecord[];
  readonly seconds: number;
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Looks architectures up in a ground-truth table: exact string, else an equivalent entry. */
function groundTruthLookup(paths: readonly string[]): (architecture: string) => string {
  const exact = new Map<string, number>();
  const equivalent = new Map<string, { architecture: string; accuracy: number }>();
  let entries = 0;
  for (const path of paths) {
    const table = JSON.parse(readFileSync(path, 'utf8')) as { entries?: { architecture: string; accuracy: number }[] };
    if (!Array.isArray(table.entries)) throw new Error(`${path}: expected { entries: [{ architecture, accuracy }] }`);
    entries += table.entries.length;
    for (const entry of table.entries) {
      const architecture = parseNasBench201Architecture(entry.architecture);
      exact.set(nasBench201.encode(architecture), entry.accuracy);
      const key = nasBench201EquivalenceKey(architecture);
      if (!equivalent.has(key)) equivalent.set(key, { architecture: entry.architecture, accuracy: entry.accuracy });
    }
  }
  return (text) => {
    const architecture = nasBench201.decode(text);
    const accuracy = exact.get(nasBench201.encode(architecture));
    if (accuracy !== undefined) return accuracy.toFixed(2);
    const twin = equivalent.get(nasBench201EquivalenceKey(architecture));
    if (twin !== undefined) return `${twin.accuracy.toFixed(2)} (equivalent: ${cell(twin.architecture)})`;
    return `not in the table(s) (${entries} entries)`;
  };
}

/** An architecture string inside a Markdown table cell (its pipes escaped). */
function cell(architecture: string): string {
  return `\`${architecture.replaceAll('|', '\\|')}\``;
}

function report(results: ResultsFile, truthPaths: readonly string[] | undefined): string {
  const truth = truthPaths === undefined || truthPaths.length === 0 ? undefined : groundTruthLookup(truthPaths);
  const lines: string[] = [];
  const header = ['method', 'form', 'derived architecture', 'validation acc. %', ...(truth === undefined ? [] : ['true acc. %']), 'seconds'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const record of results.methods) {
    const rows: [string, string, number, number][] = [
      ['one-shot', record.oneShot.architecture, record.oneShot.validationAccuracy, record.oneShot.seconds],
      [
        `few-shot (picked ${record.fewShot.perRegion[record.fewShot.selected]?.region.replaceAll('|', '\\|')})`,
        record.fewShot.architecture,
        record.fewShot.perRegion[record.fewShot.selected]?.validationAccuracy ?? Number.NaN,
        record.fewShot.seconds,
      ],
    ];
    for (const [form, architecture, accuracy, seconds] of rows) {
      const cells = [record.method, form, cell(architecture), accuracy.toFixed(2), ...(truth === undefined ? [] : [truth(architecture)]), seconds.toFixed(0)];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  lines.push('', 'Few-shot runs per sub-supernet (edge 1<-0 fixed):', '');
  lines.push(`| method | ${['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'].map((op) => `1<-0 = ${op}`).join(' | ')} |`);
  lines.push(`|---|${'---|'.repeat(5)}`);
  for (const record of results.methods) {
    const cells = record.fewShot.perRegion.map((run) => `${cell(run.architecture)} ${run.validationAccuracy.toFixed(2)}${truth === undefined ? '' : ` / ${truth(run.architecture)}`}`);
    lines.push(`| ${record.method} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

async function run(): Promise<ResultsFile> {
  const started = performance.now();
  const backend = await selectBackend({ backend: flags.backend as BackendName | 'auto' });
  const seed = Number(flags.seed);
  const epochs = Number(flags.epochs);
  const fewShotEpochs = Number(flags['few-shot-epochs']);
  const batchSize = Number(flags['batch-size']);
  const { train: embedded } = await loadEmbeddedFashionMnist({ resize: { height: 16, width: 16 } });
  const parts = splitDataset({
    dataset: embedded,
    rng: createRng({ seed: 2021 }),
    counts: { train: Number(flags.train), validation: Number(flags.validation) },
    stratified: true,
  });
  const normalization = computeChannelStatistics({ dataset: parts.train });
  const train: TrainingData = { dataset: parts.train, batchSize, normalization, augmentation: { padding: 2, horizontalFlip: true } };
  const validation: TrainingData = { dataset: parts.validation, batchSize, normalization };
  const network = { channels: 8, cellsPerStage: 1, classes: 10, inputShape: [16, 16, 1] as const };
  const factories: Record<string, () => GradientSearchMethod> = {
    'darts-first-order': () => createDarts({ order: 1 }),
    'darts-second-order': () => createDarts({ order: 2 }),
    'pc-darts': () => createPcDarts(),
    gdas: () => createGdas(),
    setn: () => createSetn(),
    enas: () => createEnas({ controller: { steps: 10, aggregate: 10 } }),
  };
  const regions = createRegion({ space: nasBench201 }).split({ decision: 0, groups: [[0], [1], [2], [3], [4]] });
  const methods: MethodRecord[] = [];
  for (const name of (flags.methods as string).split(',')) {
    const create = factories[name];
    if (create === undefined) throw new Error(`unknown method ${name}; known: ${Object.keys(factories).join(', ')}`);
    const supernet = createSupernet({ ...network, rng: createRng({ seed }) });
    try {
      const log = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${name}: ${text}`);
      const oneShot = await runGradientSearch({
        method: create(),
        supernet,
        train,
        validation,
        epochs,
        seed,
        onEvent: (event) => {
          if (event.type === 'epoch-end') log(`one-shot epoch ${event.record.epoch} loss ${event.record.loss.toFixed(3)} ${nasBench201.encode(event.record.architecture)}`);
        },
      });
      log(`one-shot ${nasBench201.encode(oneShot.architecture)} validation ${oneShot.validationAccuracy.toFixed(2)} % in ${oneShot.seconds.toFixed(0)} s`);
      const subSupernets = regions.map((region) => ({ region, supernet: supernet.restrict(region) }));
      try {
        const fewShot = await runFewShotGradientSearch({
          method: create(),
          subSupernets,
          train,
          validation,
          epochs: fewShotEpochs,
          seed,
          onEvent: (event) => {
            if (event.type === 'sub-supernet-end') log(`few-shot ${event.index}: ${nasBench201.encode(event.result.architecture)} ${event.result.validationAccuracy.toFixed(2)} %`);
          },
        });
        methods.push({
          method: oneShot.method,
          settings: oneShot.settings,
          oneShot: { architecture: nasBench201.encode(oneShot.architecture), validationAccuracy: oneShot.validationAccuracy, seconds: oneShot.seconds, history: oneShot.history },
          fewShot: {
            architecture: nasBench201.encode(fewShot.architecture as Architecture),
            selected: fewShot.selected,
            seconds: fewShot.seconds,
            perRegion: fewShot.results.map((result, index) => ({
              region: regions[index]?.label ?? String(index),
              architecture: nasBench201.encode(result.architecture),
              validationAccuracy: result.validationAccuracy,
            })),
          },
        });
      } finally {
        for (const sub of subSupernets) sub.supernet.dispose();
      }
    } finally {
      supernet.dispose();
    }
  }
  return {
    format: 'fewshot-gradient-methods-run',
    version: 1,
    command: `gradient-methods-run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    backend: backend.backend,
    configuration: {
      data: { source: 'embedded Fashion-MNIST train part, 16x16', split: { seed: 2021, stratified: true, train: parts.train.count, validation: parts.validation.count } },
      train: { batchSize, augmentation: train.augmentation ?? null },
      validation: { batchSize },
      network,
      epochs,
      fewShotEpochs,
      fewShotSplit: 'edge 1<-0 into its 5 ops, weights transferred from the one-shot supernet',
      seed,
    },
    methods,
    seconds: (performance.now() - started) / 1000,
  };
}

const resultsMarker = '<!-- gradient-methods-run results -->';
const notesStart = '<!-- notes:start -->';
const notesEnd = '<!-- notes:end -->';

function readResults(path: string): ResultsFile {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.md')) return JSON.parse(text) as ResultsFile;
  const block = text.slice(text.indexOf(resultsMarker)).match(/```json\n([\s\S]*?)\n```/);
  if (!text.includes(resultsMarker) || block === null) throw new Error(`${path}: no results block after ${resultsMarker}`);
  return JSON.parse(block[1] as string) as ResultsFile;
}

function markdown(results: ResultsFile, table: string, truthPaths: readonly string[] | undefined, previous: string | undefined): string {
  const keptNotes =
    previous !== undefined && previous.includes(notesStart) && previous.includes(notesEnd)
      ? previous.slice(previous.indexOf(notesStart), previous.indexOf(notesEnd) + notesEnd.length)
      : `${notesStart}\n${notesEnd}`;
  const configuration = results.configuration as {
    epochs: number;
    fewShotEpochs: number;
    data: { split: { train: number; validation: number } };
    train: { batchSize: number };
  };
  const stepsPerEpoch = Math.floor(configuration.data.split.train / configuration.train.batchSize);
  return [
    '# Gradient-based methods: a small documented run',
    '',
    'Every method of `@fewshot/strategies/gradient` (defaults of the NAS-Bench-201 release, ENAS controller',
    'budget reduced as listed), one-shot and few-shot, on a small NAS-Bench-201 supernet and the',
    'Fashion-MNIST subset embedded in `@fewshot/datasets`. Generated by',
    '`packages/strategies/scripts/gradient-methods-run.ts`; do not edit outside the notes block.',
    '',
    '## Command',
    '',
    '```sh',
    `flock /tmp/fewshot-heavy.lock npx tsx --conditions=@fewshot/source packages/strategies/scripts/${results.command.replace(/^gradient-methods-run\.ts/, 'gradient-methods-run.ts').trim()} --markdown docs/results/gradient-strategies.md`,
    '```',
    '',
    '## Configuration',
    '',
    `- Data: the embedded Fashion-MNIST training images at 16x16, split (stratified, seed 2021) into ${configuration.data.split.train} search-training and ${configuration.data.split.validation} validation images; per-channel normalisation from the training part; training batches of ${configuration.train.batchSize} with random crop (padding 2) and flip; validation batches of ${configuration.train.batchSize}.`,
    '- Network: NAS-Bench-201 supernet, C = 8, N = 1 (3 cells), 10 classes, cell BN with batch statistics; weights initialised with seed 1.',
    `- One-shot: ${configuration.epochs} epochs per method on a fresh supernet (${stepsPerEpoch} steps per epoch).`,
    `- Few-shot: edge 1<-0 split into its 5 ops; every sub-supernet is the one-shot supernet's trained weights restricted to its region, then searched for ${configuration.fewShotEpochs} epoch(s) with fresh architecture parameters; the pick is the highest validation accuracy.`,
    '- Methods: release defaults, except ENAS with 10 controller updates of 10 samples per epoch (release: 50 of 20).',
    `- "validation acc." is the derived architecture's top-1 on the ${configuration.data.split.validation} validation images, scored by the supernet it was searched on (PC-DARTS: by its partial-channel network) — a supernet estimate, not a ground truth.`,
    `- Backend: ${results.backend}; ${results.seconds.toFixed(0)} s in total on the shared 2-core machine.`,
    '',
    '## Derived architectures',
    '',
    truthPaths === undefined || truthPaths.length === 0
      ? 'No ground-truth table was given; re-run with `--results docs/results/gradient-strategies.md --ground-truth <table.json>` to add the true accuracies.'
      : `True accuracies from ${truthPaths.map((path) => `\`${path}\``).join(' and ')} (exact architecture string; "equivalent" marks an entry of an architecture computing the same function).`,
    '',
    table,
    '',
    '## Notes',
    '',
    keptNotes,
    '',
    resultsMarker,
    '',
    '<details><summary>Results as JSON (read back by <code>--results</code>)</summary>',
    '',
    '```json',
    JSON.stringify(results),
    '```',
    '',
    '</details>',
    '',
  ].join('\n');
}

const results: ResultsFile = flags.results !== undefined ? readResults(resolve(flags.results)) : await run();
if (flags.results === undefined) {
  writeAtomically(resolve(flags.out as string), `${JSON.stringify(results, null, 1)}\n`);
  console.log(`results written to ${flags.out}`);
}
const table = report(results, flags['ground-truth']);
console.log(`\nbackend ${results.backend}, ${results.seconds.toFixed(0)} s in total\n`);
console.log(table);
if (flags.markdown !== undefined) {
  const path = resolve(flags.markdown);
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8');
  } catch {
    previous = undefined;
  }
  writeAtomically(path, markdown(results, table, flags['ground-truth'], previous));
  console.log(`report written to ${flags.markdown}`);
}
