import { resolve } from 'node:path';
import { InvalidArgumentError } from '@fewshot/core';
import { parseExperimentConfig } from '../config/parse-experiment-config.js';
import { loadGroundTruth } from '../pipeline/load-ground-truth.js';
import { runExperiment } from '../pipeline/run-experiment.js';
import { createProgressBoard, formatSeconds } from '../progress/progress-board.js';
import { summaryTable, writeExperimentReport } from '../report/write-experiment-report.js';
import { readJsonFile, type ParsedArguments } from './command-arguments.js';
import { seedsOption, workersOption } from './options.js';
import { runAutoGanCommand } from './run-autogan-command.js';

/** `fewshot run <config.json> [--output <folder>] [--workers <n>] [--seeds <a,b>] [--fresh]`. */
export async function runRunCommand(parsed: ParsedArguments): Promise<number> {
  const [configPath, extra] = parsed.positional;
  if (configPath === undefined || extra !== undefined) {
    throw new InvalidArgumentError({
      functionName: 'fewshot run',
      argument: 'config',
      message: 'expected exactly one config file: fewshot run <config.json>',
    });
  }
  const { json, directory } = await readJsonFile(configPath);
  if (typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'autogan') {
    if (parsed.options.has('workers') || parsed.options.has('fresh')) {
      throw new InvalidArgumentError({
        functionName: 'fewshot run',
        argument: parsed.options.has('workers') ? '--workers' : '--fresh',
        message: 'AutoGAN experiments take --output and --seeds only',
      });
    }
    return runAutoGanCommand({ ...parsed, json, directory });
  }
  const parsedConfig = parseExperimentConfig({ json, directory });
  const workers = workersOption(parsed, 'fewshot run');
  const seeds = seedsOption(parsed, 'fewshot run');
  const output = parsed.options.get('output');
  const config = {
    ...parsedConfig,
    ...(workers === undefined ? {} : { workers }),
    ...(seeds === undefined ? {} : { seeds }),
    output: resolve(typeof output === 'string' ? output : parsedConfig.output),
  };
  // Check the ground truth before any training starts.
  await loadGroundTruth({ source: config.groundTruth });

  const board = createProgressBoard({ stream: process.stderr });
  const controller = new AbortController();
  const stop = (): void => {
    board.log('fewshot run: stopping; finished work is kept, run the same command again to resume');
    controller.abort();
  };
  process.once('SIGINT', stop);
  const started = performance.now();
  try {
    board.log(`fewshot run: ${config.name}, seeds ${config.seeds.join(', ')}, output ${config.output}`);
    const results = await runExperiment({
      config,
      fresh: parsed.options.has('fresh'),
      log: (line) => board.log(line),
      onEvent: (id, event) => board.update(id, event),
      signal: controller.signal,
    });
    board.close();
    const report = await writeExperimentReport({ results, directory: config.output });
    process.stdout.write(`\n${config.name}: estimated vs true accuracy of ${results.groundTruth.count} architectures\n\n`);
    process.stdout.write(summaryTable(results));
    process.stdout.write('\nTop pick of each variant (first seed):\n');
    for (const variant of results.seeds[0]?.variants ?? []) {
      process.stdout.write(
        `  ${variant.name.padEnd(24)} ${variant.topPick.architecture}  true ${variant.topPick.trueAccuracy.toFixed(2)}% (rank ${variant.topPick.trueRank} of ${results.groundTruth.count})\n`,
      );
    }
    process.stdout.write(`\nReport: ${report}\nResults: ${resolve(config.output, 'results.json')}\nTime: ${formatSeconds((performance.now() - started) / 1000)}\n`);
    return 0;
  } finally {
    board.close();
    process.off('SIGINT', stop);
  }
}
