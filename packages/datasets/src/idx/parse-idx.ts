import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import { gunzipIfNeeded } from '../internal/read-binary-file.js';
import { checkOptions, describeValue } from '../internal/validate.js';

/**
 * An unsigned-byte array decoded from an IDX file (the format of MNIST and
 * Fashion-MNIST): its dimensions, outermost first, and its values in
 * row-major order.
 *
 * @example
 * ```ts
 * const images: IdxArray = await readIdxFile({ path: 'train-images-idx3-ubyte.gz' });
 * const [count, height, width] = images.dimensions; // 60000 28 28
 * ```
 */
export interface IdxArray {
  /** Sizes of the dimensions, outermost first (e.g. `[60000, 28, 28]`). */
  readonly dimensions: readonly number[];
  /** The product of the dimensions bytes, row-major. */
  readonly data: Uint8Array;
}

/**
 * Options of {@link parseIdx}.
 *
 * @example
 * ```ts
 * const options: ParseIdxOptions = { bytes: await readFile('t10k-labels-idx1-ubyte'), source: 't10k-labels-idx1-ubyte' };
 * ```
 */
export interface ParseIdxOptions {
  /** The file's bytes, raw IDX or gzip-compressed IDX (detected by the magic bytes). */
  readonly bytes: Uint8Array;
  /** A name for the bytes in error messages (usually the file path). Default `'<bytes>'`. */
  readonly source?: string;
}

const typeNames: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/**
 * Decodes an IDX file held in memory. Only unsigned-byte data (type code
 * 0x08, what MNIST-like data sets use) is supported. The returned `data` is a
 * view into `bytes` (or into the decompressed copy), not a copy.
 *
 * @throws FileFormatError when the magic number is wrong, the type is not
 * unsigned byte, the header or data is truncated, there are trailing bytes,
 * or the gzip stream is corrupt; the message names the source.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { parseIdx } from '@fewshot/datasets';
 * const labels = parseIdx({ bytes: await readFile('t10k-labels-idx1-ubyte.gz'), source: 't10k-labels-idx1-ubyte.gz' });
 * labels.dimensions; // [10000]
 * ```
 */
export function parseIdx(options: ParseIdxOptions): IdxArray {
  const functionName = 'parseIdx';
  checkOptions(functionName, options);
  if (!(options.bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.bytes',
      message: `options.bytes: expected a Uint8Array, got ${describeValue(options.bytes)}`,
    });
  }
  const source = options.source ?? '<bytes>';
  return decodeIdx(functionName, 'options.bytes', source, gunzipIfNeeded(functionName, 'options.bytes', source, options.bytes));
}

/** Decodes raw (already decompressed) IDX bytes; errors name `functionName`. */
export function decodeIdx(functionName: string, argument: string, source: string, bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${source} is truncated: ${bytes.length} bytes, shorter than the 4-byte IDX magic number`,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = bytes[2] as number;
  const rank = bytes[3] as number;
  if (bytes[0] !== 0 || bytes[1] !== 0 || rank === 0 || typeNames[type] === undefined) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `bad magic number 0x${hex(magic)} in ${source}: not an IDX file (expected 0x000008NN for unsigned-byte data with NN dimensions, e.g. 0x00000803 for images, 0x00000801 for labels)`,
    });
  }
  if (type !== 0x08) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${source} holds ${typeNames[type]} data (magic number 0x${hex(magic)}); only unsigned byte (0x08) is supported`,
    });
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${source} is truncated: the header of ${rank} dimensions needs ${headerLength} bytes, the file has ${bytes.length}`,
    });
  }
  const dimensions: number[] = [];
  let size = 1;
  for (let axis = 0; axis < rank; axis += 1) {
    const dimension = view.getUint32(4 + 4 * axis, false);
    dimensions.push(dimension);
    size *= dimension;
  }
  const available = bytes.length - headerLength;
  if (available < size) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${source} is truncated: dimensions [${dimensions.join(', ')}] need ${size} data bytes, the file has ${available}`,
    });
  }
  if (available > size) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${source} has the wrong size: dimensions [${dimensions.join(', ')}] need ${size} data bytes, the file has ${available} (${available - size} trailing bytes)`,
    });
  }
  return Object.freeze({ dimensions: Object.freeze(dimensions), data: bytes.subarray(headerLength) });
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
