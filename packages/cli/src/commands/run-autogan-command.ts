import { resolve } from 'node:path';
import { parseAutoGanExperimentConfig, runAutoGanExperiment, writeAutoGanReport, type AutoGanExperimentEvent } from '@fewshot/autogan';
import { formatSeconds } from '../progress/progress-board.js';
import type { ParsedArguments } from './command-arguments.js';
import { seedsOption } from './options.js';

function describeEvent(event: AutoGanExperimentEvent): string | undefined {
  const seed = 'seed' in event && event.seed !== undefined ? ` (seed ${event.seed})` : '';
  switch (event.type) {
    case 'phase-start':
      return `start ${event.phase}${seed}`;
    case 'phase-end':
      return `done  ${event.phase}${seed}: ${event.cached ? 'from the output folder' : formatSeconds(event.seconds)}`;
    default:
      return undefined;
  }
}

/**
 * `fewshot run` for a config with `"kind": "autogan"`: AutoGAN's generator search, one-shot
 * and few-shot, with the classifier-based metrics (see `@fewshot/autogan`).
 */
export async function runAutoGanCommand(parsed: ParsedArguments & { readonly json: unknown; readonly directory: string }): Promise<number> {
  const parsedConfig = parseAutoGanExperimentConfig({ json: parsed.json, directory: parsed.directory });
  const seeds = seedsOption(parsed, 'fewshot run');
  const output = parsed.options.get('output');
  const config = {
    ...parsedConfig,
    ...(seeds === undefined ? {} : { seeds }),
    output: resolve(typeof output === 'string' ? output : parsedConfig.output),
  };
  const controller = new AbortController();
  const stop = (): void => {
    process.stderr.write('fewshot run: stopping; finished phases are kept, run the same command again to resume\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  const started = performance.now();
  try {
    process.stderr.write(`fewshot run: AutoGAN experiment ${config.name}, seeds ${config.seeds.join(', ')}, output ${config.output}\n`);
    const result = await runAutoGanExperiment({
      config,
      output: config.output,
      signal: controller.signal,
      onEvent: (event) => {
        const line = describeEvent(event);
        if (line !== undefined) process.stderr.write(`[${formatSeconds((performance.now() - started) / 1000).padStart(9)}] ${line}\n`);
      },
    });
    const report = await writeAutoGanReport({ result, directory: config.output });
    process.stdout.write(`\nReport: ${report}\nTime: ${formatSeconds((performance.now() - started) / 1000)}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
  }
}
