import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The first of `names` that exists as a file in `directory`, as a full path. */
export function findFile(directory: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const path = join(directory, name);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}

/** True when `path` is an existing directory. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
