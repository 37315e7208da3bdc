import { InvalidArgumentError } from '@fewshot/core';
import { readBinaryFile } from '../internal/read-binary-file.js';
import { checkOptions } from '../internal/validate.js';
import { decodeIdx, type IdxArray } from './parse-idx.js';

/**
 * Options of {@link readIdxFile}.
 *
 * @example
 * ```ts
 * const options: ReadIdxFileOptions = { path: '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz' };
 * ```
 */
export interface ReadIdxFileOptions {
  /** Path of an IDX file, raw or gzip-compressed (detected by the magic bytes, not the name). */
  readonly path: string;
}

/**
 * Reads an IDX file (raw or gzip-compressed) from disk; see {@link parseIdx}
 * for the format rules.
 *
 * @throws NotFoundError when the file does not exist; FileFormatError when it
 * is not a well-formed unsigned-byte IDX file (the message names the file).
 *
 * @example
 * ```ts
 * import { readIdxFile } from '@fewshot/datasets';
 * const images = await readIdxFile({ path: '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz' });
 * images.dimensions; // [10000, 28, 28]
 * ```
 */
export async function readIdxFile(options: ReadIdxFileOptions): Promise<IdxArray> {
  const functionName = 'readIdxFile';
  checkOptions(functionName, options);
  if (typeof options.path !== 'string' || options.path === '') {
    throw new InvalidArgumentError({ functionName, argument: 'options.path', message: 'options.path: expected a non-empty file path' });
  }
  const bytes = await readBinaryFile(functionName, 'options.path', options.path);
  return decodeIdx(functionName, 'options.path', options.path, bytes);
}
