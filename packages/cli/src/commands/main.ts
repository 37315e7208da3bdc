import { readFile } from 'node:fs/promises';
import { FewshotError, InvalidArgumentError } from '@fewshot/core';
import { parseArguments } from './command-arguments.js';
import { commandHelp, generalHelp } from './help-text.js';
import { runGroundTruthCommand } from './ground-truth-command.js';
import { runRunCommand } from './run-command.js';

/**
 * Runs the `fewshot` command line and returns the exit code (0 ok, 1 failure, 2 bad usage or
 * configuration). Errors are printed as one readable line; `--debug` adds the stack.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['run', 'configs/default.json']);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const parsed = parseArguments(argv);
    debug = parsed.options.has('debug');
    const [command, ...rest] = parsed.positional;
    if (parsed.options.has('version')) {
      const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8').catch(() => '{"version":"?"}')) as {
        version: string;
      };
      process.stdout.write(`fewshot ${manifest.version}\n`);
      return 0;
    }
    if (command === undefined || command === 'help') {
      process.stdout.write(rest[0] !== undefined ? commandHelp(rest[0]) : generalHelp());
      return 0;
    }
    if (parsed.options.has('help')) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    switch (command) {
      case 'run':
        return await runRunCommand({ positional: rest, options: parsed.options });
      case 'ground-truth':
        return await runGroundTruthCommand({ positional: rest, options: parsed.options });
      default:
        throw new InvalidArgumentError({
          functionName: 'fewshot',
          argument: 'command',
          message: `unknown command "${command}"; the commands are run, ground-truth and help`,
        });
    }
  } catch (error) {
    if (FewshotError.isInstance(error)) {
      const prefix = error.message.startsWith('fewshot') ? '' : 'fewshot: ';
      process.stderr.write(`${prefix}${error.message}${error.argument === undefined ? '' : ` [${error.code}: ${error.argument}]`}\n`);
      if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
      return error.code === 'invalid-argument' || error.code === 'parse-error' || error.code === 'not-found' ? 2 : 1;
    }
    const failure = error instanceof Error ? error : new Error(String(error));
    process.stderr.write(`fewshot: unexpected error: ${failure.message}\n`);
    process.stderr.write(debug ? `${failure.stack ?? ''}\n` : 'Run again with --debug to see where it happened.\n');
    return 1;
  }
}
