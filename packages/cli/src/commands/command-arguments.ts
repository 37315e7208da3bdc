import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, NotFoundError, ParseError } from '@fewshot/core';

/** The parsed command line: positional arguments and `--name value` / `--flag` options. */
export interface ParsedArguments {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

const valueOptions = new Set(['output', 'workers', 'seeds']);
const flagOptions = new Set(['help', 'version', 'debug', 'fresh']);

/** Splits `argv` into positional arguments and options; unknown options are errors. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '-h') {
      options.set('help', true);
      continue;
    }
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }
    const [name, inlineValue] = argument.slice(2).split('=', 2) as [string, string | undefined];
    if (flagOptions.has(name)) {
      options.set(name, true);
    } else if (valueOptions.has(name)) {
      const value = inlineValue ?? argv[index + 1];
      if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
        throw new InvalidArgumentError({ functionName: 'fewshot', argument: `--${name}`, message: `--${name} needs a value` });
      }
      if (inlineValue === undefined) index += 1;
      options.set(name, value);
    } else {
      throw new InvalidArgumentError({
        functionName: 'fewshot',
        argument: argument,
        message: `unknown option ${argument}; see \`fewshot --help\``,
      });
    }
  }
  return { positional, options };
}

/** Reads a JSON config file, with errors that name the file. */
export async function readJsonFile(path: string): Promise<{ readonly json: unknown; readonly directory: string }> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new NotFoundError({ functionName: 'fewshot', argument: 'config', message: `cannot read the config file ${absolute}`, cause: error });
  }
  try {
    return { json: JSON.parse(text) as unknown, directory: dirname(absolute) };
  } catch (error) {
    throw new ParseError({
      functionName: 'fewshot',
      argument: 'config',
      message: `${absolute} is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
}

