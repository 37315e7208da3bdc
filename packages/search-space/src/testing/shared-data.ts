/** Locates the read-only shared benchmark data (`../shared/data` from the repository root), for tests. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under the shared data folder. */
export function sharedDataPath(name: string): string {
  return fileURLToPath(new URL(`../../../../../shared/data/${name}`, import.meta.url));
}

export function sharedDataExists(name: string): boolean {
  return existsSync(sharedDataPath(name));
}

/** The rows of the shared NAS-Bench-201 table as records of strings. */
export function readNasBench201Table(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(sharedDataPath('nb201/nb201.csv'), 'utf8').trim().split('\n');
  const columns = (header as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] as string]));
  });
}
