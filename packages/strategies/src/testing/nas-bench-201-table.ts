import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FileFormatError, InvalidArgumentError, NotFoundError, type Architecture, type Evaluator } from '@fewshot/core';
import { nasBench201 } from '@fewshot/search-space';

/**
 * Test and study helper (not part of the package): a minimal reader of the shared
 * NAS-Bench-201 CSV (`../shared/data/nb201/nb201.csv` relative to the repository root)
 * and an Evaluator over its CIFAR-10 test columns.
 */
export const nasBench201CsvPath = fileURLToPath(new URL('../../../../../shared/data/nb201/nb201.csv', import.meta.url));

export const nasBench201CsvExists = existsSync(nasBench201CsvPath);

export interface NasBench201Row {
  /** Official benchmark index. */
  readonly index: number;
  readonly architecture: Architecture;
  /** `c10_test_200_nats`: CIFAR-10 test accuracy after 200 epochs (NATS-Bench). */
  readonly test200: number;
  /** `c10_test_12`: CIFAR-10 test accuracy after the 12-epoch schedule. */
  readonly test12: number;
}

export interface NasBench201Table {
  readonly rows: readonly NasBench201Row[];
  get(architecture: Architecture): NasBench201Row;
}

export function loadNasBench201Table(path: string = nasBench201CsvPath): NasBench201Table {
  if (!existsSync(path)) throw new NotFoundError({ functionName: 'loadNasBench201Table', argument: 'path', message: `no such file: ${path}` });
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = (lines[0] as string).split(',');
  const column = (name: string): number => {
    const position = header.indexOf(name);
    if (position < 0) throw new FileFormatError({ functionName: 'loadNasBench201Table', argument: 'path', message: `column ${name} missing in ${path}` });
    return position;
  };
  const [indexColumn, stringColumn, test200Column, test12Column] = [column('index'), column('arch_str'), column('c10_test_200_nats'), column('c10_test_12')];
  const byKey = new Map<string, NasBench201Row>();
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: NasBench201Row = {
      index: Number(cells[indexColumn]),
      architecture: nasBench201.decode(cells[stringColumn] as string),
      test200: Number(cells[test200Column]),
      test12: Number(cells[test12Column]),
    };
    byKey.set(row.architecture.join(','), row);
    return row;
  });
  if (rows.length !== 15_625) {
    throw new FileFormatError({ functionName: 'loadNasBench201Table', argument: 'path', message: `expected 15625 rows, got ${rows.length}` });
  }
  return {
    rows,
    get: (architecture) => {
      const row = byKey.get(architecture.join(','));
      if (row === undefined) throw new NotFoundError({ functionName: 'NasBench201Table.get', argument: 'architecture', message: `[${architecture.join(', ')}] not found` });
      return row;
    },
  };
}

/** CIFAR-10 test accuracy: fidelity 12 -> `c10_test_12`; 200 or none -> `c10_test_200_nats`. */
export function createNasBench201Evaluator(table: NasBench201Table): Evaluator {
  return {
    name: 'nas-bench-201 cifar10 test (table)',
    evaluate: async ({ architectures, fidelity }) =>
      architectures.map((architecture) => {
        const row = table.get(architecture);
        if (fidelity !== undefined && fidelity !== 12 && fidelity !== 200) {
          throw new InvalidArgumentError({ functionName: 'evaluate', argument: 'fidelity', message: `expected 12 or 200, got ${fidelity}` });
        }
        return { architecture, accuracy: fidelity === 12 ? row.test12 : row.test200 };
      }),
  };
}
