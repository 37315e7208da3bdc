/**
 * Test helpers: where the read-only shared benchmark data lives (`../shared/data`
 * relative to the repository root, computed from this file's location).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (`/work/main` on the development machines). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `../shared/data` relative to the repository root. */
export const sharedDataDirectory = resolve(repositoryRoot, '../shared/data');

/** `nb201/nb201.csv`. */
export const nb201CsvPath = join(sharedDataDirectory, 'nb201/nb201.csv');
/** `nb201/nb201-latency-ms.csv`. */
export const nb201LatencyCsvPath = join(sharedDataDirectory, 'nb201/nb201-latency-ms.csv');
/** The NATS-Bench topology-space fixture folder. */
export const natsTopologyFolder = join(sharedDataDirectory, 'nats-bench/NATS-tss-v1_0-3ffb9-simple');
/** The NATS-Bench size-space fixture folder. */
export const natsSizeFolder = join(sharedDataDirectory, 'nats-bench/NATS-sss-v1_0-50262-simple');
/** `nats-bench/fixture-summary.json`. */
export const fixtureSummaryPath = join(sharedDataDirectory, 'nats-bench/fixture-summary.json');
/** `nb101-hash-vectors.json`. */
export const nb101HashVectorsPath = join(sharedDataDirectory, 'nb101-hash-vectors.json');

/** True when the NB201 CSV tables exist. */
export const hasNb201Csv = existsSync(nb201CsvPath) && existsSync(nb201LatencyCsvPath);
/** True when the NATS fixtures exist. */
export const hasNatsFixtures = existsSync(natsTopologyFolder) && existsSync(natsSizeFolder) && existsSync(fixtureSummaryPath);
/** True when the NB101 hash vectors exist. */
export const hasNb101Vectors = existsSync(nb101HashVectorsPath);

/** Suffix for describe titles of tests that need the shared data, saying why they skip. */
export function skipReason(available: boolean, what: string): string {
  if (available) return '';
  const reason = `SKIPPED: ${what} not found under ${sharedDataDirectory}`;
  console.warn(reason);
  return ` (${reason})`;
}

/** Reads a column of nb201.csv as numbers (a tiny independent CSV reader for cross-checks). */
export function readCsvColumns(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  return { header, rows: lines.slice(1).map((line) => line.split(',')) };
}
