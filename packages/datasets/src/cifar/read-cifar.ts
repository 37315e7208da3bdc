import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError, InvalidArgumentError, NotFoundError } from '@fewshot/core';
import type { ImageDataset } from '../image-dataset.js';
import { datasetOf } from '../internal/dataset-of.js';
import { findFile, isDirectory } from '../internal/find-file.js';
import { readBinaryFile } from '../internal/read-binary-file.js';
import { checkOptions, describeValue } from '../internal/validate.js';
import { checkCifarFileSize, cifarImageBytes, decodeCifarRecords } from './decode-cifar-records.js';

/** What differs between the CIFAR-10 and CIFAR-100 binary versions. */
export interface CifarFormat {
  readonly functionName: string;
  /** Sub-folder of the official archive, looked for inside `directory`. */
  readonly archiveFolder: string;
  readonly trainFiles: readonly string[];
  readonly testFiles: readonly string[];
  readonly labelBytes: number;
  readonly labelIndex: number;
  readonly labelLimits: readonly number[];
  readonly labelNames: readonly string[];
  readonly classes: number;
  /** File of class names, one per line, when it exists. */
  readonly namesFile: string;
  readonly defaultClassNames: readonly string[] | undefined;
}

/** Reads one split of a CIFAR binary version; shared by the CIFAR-10 and CIFAR-100 readers. */
export async function readCifar(format: CifarFormat, options: { readonly directory: string; readonly split: 'train' | 'test' }): Promise<ImageDataset> {
  const { functionName } = format;
  checkOptions(functionName, options);
  if (typeof options.directory !== 'string' || options.directory === '') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.directory',
      message: `options.directory: expected a directory path, got ${describeValue(options.directory)}`,
    });
  }
  if (options.split !== 'train' && options.split !== 'test') {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.split',
      message: `options.split: expected 'train' or 'test', got ${describeValue(options.split)}`,
    });
  }
  const names = options.split === 'train' ? format.trainFiles : format.testFiles;
  const nested = join(options.directory, format.archiveFolder);
  const directory = findFile(options.directory, names) === undefined && isDirectory(nested) ? nested : options.directory;
  const paths = names.map((name) => {
    const path = findFile(directory, [name, `${name}.gz`]);
    if (path === undefined) {
      throw new NotFoundError({
        functionName,
        argument: 'options.directory',
        message: `no ${name} in ${directory}: expected the ${options.split} files ${names.join(', ')} of the binary version (the folder ${format.archiveFolder} of the official archive)`,
      });
    }
    return path;
  });
  const files = await Promise.all(paths.map((path) => readBinaryFile(functionName, 'options.directory', path)));
  const counts = files.map((bytes, position) =>
    checkCifarFileSize({ functionName, argument: 'options.directory', path: paths[position] as string, length: bytes.length, labelBytes: format.labelBytes }),
  );
  const total = counts.reduce((sum, count) => sum + count, 0);
  const images = new Uint8Array(total * cifarImageBytes);
  const labels = new Uint8Array(total);
  let offset = 0;
  files.forEach((bytes, position) => {
    decodeCifarRecords({
      functionName,
      argument: 'options.directory',
      path: paths[position] as string,
      bytes,
      labelBytes: format.labelBytes,
      labelIndex: format.labelIndex,
      labelLimits: format.labelLimits,
      labelNames: format.labelNames,
      images,
      labels,
      offset,
    });
    offset += counts[position] as number;
  });
  const classNames = (await readClassNames(functionName, directory, format)) ?? format.defaultClassNames;
  return datasetOf({ images, labels, height: 32, width: 32, channels: 3, classes: format.classes, classNames });
}

async function readClassNames(functionName: string, directory: string, format: CifarFormat): Promise<readonly string[] | undefined> {
  const path = findFile(directory, [format.namesFile]);
  if (path === undefined) return undefined;
  const names = (await readFile(path, 'utf8'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (names.length !== format.classes) {
    throw new FileFormatError({
      functionName,
      argument: 'options.directory',
      message: `${path} lists ${names.length} class names, expected ${format.classes}`,
    });
  }
  return names;
}
