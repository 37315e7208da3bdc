import { FewshotError, InvalidArgumentError } from '@fewshot/core';
import { describe } from '../internal/check-values.js';
import { sniffBenchmarkPath } from '../internal/sniff.js';
import { convertNasBench101, loadNasBench101Table } from '../nb101/nb101-table.js';
import { nasBench201Datasets, nasBench201Splits, type NasBench201Dataset, type NasBench201Split } from '../nb201/nb201-types.js';
import { convertNasBench201, openNasBench201 } from '../nb201/open-nas-bench-201.js';

/** Where the command line writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const usage = `fewshot-bench: NAS benchmark files in pure JavaScript (@fewshot/benchmarks)

Usage:
  fewshot-bench convert <input> <output> [--latency <csv>] [--curves] [--allow-missing] [--release nats|nb201]
  fewshot-bench query <file> <architecture|index|hash> [--dataset <name>] [--split <name>] [--hp <12|200>]
                      [--epoch <n>] [--seed <n>] [--device <name>] [--epochs <4|12|36|108>]
  fewshot-bench --help

convert  writes our compact file. <input> is recognised by content: a NATS-Bench "simple" folder,
         a NATS single-file archive (.pickle.pbz2), a NAS-Bench-201 .pth, a CSV in the nb201.csv
         layout, or a NAS-Bench-101 .tfrecord (which becomes a hash-keyed NAS-Bench-101 table).
         --latency <csv>   store a latency table (nb201-latency-ms.csv) with a NAS-Bench-201 file
         --curves          keep the mean accuracy at every epoch (pickle sources; larger file)
         --allow-missing   skip architectures without a file (a partial NATS folder)
         --release         for nb201.csv: which release answers CIFAR-10 test at 200 epochs (default nats)

query    prints one architecture's record as JSON. <file> is any NAS-Bench-201 source above or a
         compact file; the architecture is an index (6111), a string (|nor_conv_3x3~0|+|...|) or a
         vector ([3,3,3,1,3,2]). For a NAS-Bench-101 table it is a module hash.
         --dataset   ${nasBench201Datasets.join(', ')} (default cifar10)
         --split     ${nasBench201Splits.join(', ')} (default test)
         --hp        training schedule: 12 or 200 (size space: 1, 12, 90); default the longest
         --epoch     0-based epoch (default the last); --seed one seed (default the mean over seeds)
         --device    also print the measured latency on this device (when the file has a latency table)
         --epochs    NAS-Bench-101 budget (default 108)
`;

class UsageError extends Error {}

interface Parsed {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

const flags = new Set(['curves', 'allow-missing', 'help']);
const valued = new Set(['latency', 'release', 'dataset', 'split', 'hp', 'epoch', 'seed', 'device', 'epochs']);

function parse(args: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let position = 0; position < args.length; position += 1) {
    const argument = args[position] as string;
    if (argument === '-h') {
      options.set('help', true);
      continue;
    }
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }
    const [name, inline] = argument.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flags.has(name)) {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
    } else if (valued.has(name)) {
      const value = inline ?? args[position + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`option --${name} needs a value`);
      if (inline === undefined) position += 1;
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options };
}

function integerOption(parsed: Parsed, name: string): number | undefined {
  const value = parsed.options.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new UsageError(`--${name} expects an integer, got ${describe(value)}`);
  return Number(value);
}

function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

function parseArchitecture(text: string): number | string | number[] {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.trim().startsWith('[')) {
    try {
      const vector = JSON.parse(text) as unknown;
      if (Array.isArray(vector) && vector.every((entry) => typeof entry === 'number')) return vector as number[];
    } catch {
      // fall through to the error below
    }
    throw new UsageError(`cannot read the architecture vector ${describe(text)}; write it as JSON, e.g. [3,3,3,1,3,2]`);
  }
  return text;
}

async function convert(parsed: Parsed, output: CliOutput): Promise<void> {
  const [, input, target, ...extra] = parsed.positional;
  if (input === undefined || target === undefined || extra.length > 0) throw new UsageError('convert needs exactly <input> and <output>');
  const sniffed = await sniffBenchmarkPath('convert', 'input', input);
  if (sniffed.kind === 'tfrecord') {
    for (const option of ['latency', 'curves', 'allow-missing', 'release']) {
      if (parsed.options.has(option)) throw new UsageError(`--${option} does not apply to a NAS-Bench-101 tfrecord`);
    }
    const summary = await convertNasBench101({ input, output: target });
    output.stdout(`${JSON.stringify({ kind: 'nas-bench-101', ...summary }, null, 2)}\n`);
    return;
  }
  const latencyPath = stringOption(parsed, 'latency');
  const release = stringOption(parsed, 'release');
  if (release !== undefined && release !== 'nats' && release !== 'nb201') throw new UsageError(`--release expects nats or nb201, got ${describe(release)}`);
  const started = Date.now();
  const summary = await convertNasBench201({
    input,
    output: target,
    ...(latencyPath === undefined ? {} : { latencyPath }),
    ...(release === undefined ? {} : { release }),
    curves: parsed.options.has('curves'),
    allowMissing: parsed.options.has('allow-missing'),
  });
  output.stdout(`${JSON.stringify({ kind: 'nas-bench-201', ...summary, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
}

async function query(parsed: Parsed, output: CliOutput): Promise<void> {
  const [, file, architectureText, ...extra] = parsed.positional;
  if (file === undefined || architectureText === undefined || extra.length > 0) throw new UsageError('query needs exactly <file> and <architecture|index|hash>');
  const dataset = (stringOption(parsed, 'dataset') ?? 'cifar10') as NasBench201Dataset;
  const split = (stringOption(parsed, 'split') ?? 'test') as NasBench201Split;
  const hp = stringOption(parsed, 'hp');
  const epoch = integerOption(parsed, 'epoch');
  const seed = integerOption(parsed, 'seed');
  const device = stringOption(parsed, 'device');
  const epochs = integerOption(parsed, 'epochs');
  const selector = parseArchitecture(architectureText);
  const sniffed = await sniffBenchmarkPath('query', 'file', file);
  if (sniffed.kind === 'compact' && sniffed.format === 'nas-bench-101') {
    const table = await loadNasBench101Table({ path: file });
    output.stdout(`${JSON.stringify(table.query({ hash: architectureText, ...(epochs === undefined ? {} : { epochs }) }), null, 2)}\n`);
    return;
  }
  const benchmark = await openNasBench201({ path: file });
  const which = typeof selector === 'number' ? { index: selector } : { architecture: selector };
  const result = benchmark.query({
    ...which,
    dataset,
    split,
    ...(hp === undefined ? {} : { hp }),
    ...(epoch === undefined ? {} : { epoch }),
    ...(seed === undefined ? {} : { seed }),
  });
  const cost = benchmark.costInfo({ index: result.index, dataset: result.dataset, hp: result.hp });
  const latency = device === undefined ? {} : { device, latencyMs: benchmark.deviceLatency({ index: result.index, device }) };
  output.stdout(`${JSON.stringify({ source: benchmark.source, ...result, cost, ...latency }, null, 2)}\n`);
}

/**
 * Runs `fewshot-bench` with the given arguments; returns the exit code (0 success,
 * 1 error, 2 usage error). Errors are printed as one readable line, never a stack
 * (set `FEWSHOT_DEBUG=1` to see stacks of unexpected errors).
 */
export async function runCli(args: readonly string[], output: CliOutput): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(args);
    const [command] = parsed.positional;
    if (parsed.options.has('help') || command === 'help' || command === undefined) {
      output.stdout(usage);
      return command === undefined && !parsed.options.has('help') ? 2 : 0;
    }
    if (command === 'convert') await convert(parsed, output);
    else if (command === 'query') await query(parsed, output);
    else throw new UsageError(`unknown command ${describe(command)}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`fewshot-bench: ${error.message}\nRun "fewshot-bench --help" for usage.\n`);
      return 2;
    }
    if (FewshotError.isInstance(error)) {
      output.stderr(`fewshot-bench: ${error.message}${error instanceof InvalidArgumentError ? '\nRun "fewshot-bench --help" for usage.' : ''}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.stderr(`fewshot-bench: unexpected error: ${message}\n`);
    if (process.env['FEWSHOT_DEBUG'] === '1' && error instanceof Error && error.stack) output.stderr(`${error.stack}\n`);
    return 1;
  }
}
