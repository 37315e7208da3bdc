import { InvalidArgumentError } from '@fewshot/core';
import { parseGroundTruthConfig, runGroundTruth } from '../ground-truth/run-ground-truth.js';
import { createProgressBoard, formatSeconds } from '../progress/progress-board.js';
import { readJsonFile, type ParsedArguments } from './command-arguments.js';
import { workersOption } from './options.js';

/** `fewshot ground-truth <config.json> [--workers n]`. */
export async function runGroundTruthCommand(parsed: ParsedArguments): Promise<number> {
  const [configPath, extra] = parsed.positional;
  if (configPath === undefined || extra !== undefined) {
    throw new InvalidArgumentError({
      functionName: 'fewshot ground-truth',
      argument: 'config',
      message: 'expected exactly one config file: fewshot ground-truth <config.json>',
    });
  }
  const { json, directory } = await readJsonFile(configPath);
  const parsedConfig = parseGroundTruthConfig({ json, directory });
  const workers = workersOption(parsed, 'fewshot ground-truth');
  const config = workers === undefined ? parsedConfig : { ...parsedConfig, workers };
  const board = createProgressBoard({ stream: process.stderr });
  const started = performance.now();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    board.log(
      `fewshot ground-truth: ${
        config.architectures.list === undefined
          ? `${config.architectures.perRegion} architectures per region`
          : `${config.architectures.list.length} listed architectures`
      } x ${config.seeds.length} seed(s), ` +
        `${config.training.epochs} epochs each, ${config.workers} worker(s) -> ${config.output}`,
    );
    const table = await runGroundTruth({
      config,
      command: `fewshot ground-truth ${configPath}`,
      signal: controller.signal,
      onEvent: (id, event) => board.update(id, event),
      onResult: (result, done, total) => {
        const elapsed = (performance.now() - started) / 1000;
        board.log(`${result.id}: test accuracy ${result.testAccuracy.toFixed(2)}% (${done}/${total}, ${formatSeconds(elapsed)} elapsed)`);
      },
    });
    board.close();
    const accuracies = table.entries.map((entry) => entry.accuracy).sort((a, b) => a - b);
    process.stdout.write(
      `Wrote ${table.entries.length} architectures to ${config.output} in ${formatSeconds(table.seconds)} ` +
        `(accuracy ${accuracies[0]?.toFixed(2)}..${accuracies.at(-1)?.toFixed(2)}%).\n`,
    );
    return 0;
  } finally {
    board.close();
    process.off('SIGINT', stop);
  }
}
