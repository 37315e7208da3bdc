import { InvalidArgumentError } from '@fewshot/core';
import { checkOptions, describeValue } from '../internal/validate.js';

/**
 * Options of {@link encodeIdx}.
 *
 * @example
 * ```ts
 * const options: EncodeIdxOptions = { dimensions: [2], data: Uint8Array.of(3, 7) };
 * ```
 */
export interface EncodeIdxOptions {
  /** Sizes of the dimensions, outermost first (1 to 255 of them, each below 2^32). */
  readonly dimensions: readonly number[];
  /** The values, row-major; exactly the product of the dimensions bytes. */
  readonly data: Uint8Array;
}

/**
 * Encodes an unsigned-byte array in IDX format (magic number `0x000008NN`
 * for NN dimensions, big-endian 32-bit sizes, then the data), uncompressed;
 * gzip it with `node:zlib` to get the `.gz` files MNIST-like data sets ship.
 * The inverse of {@link parseIdx}.
 *
 * @throws InvalidArgumentError when the dimensions are malformed or do not
 * match the data length.
 *
 * @example
 * ```ts
 * import { gzipSync } from 'node:zlib';
 * import { encodeIdx } from '@fewshot/datasets';
 * const labels = encodeIdx({ dimensions: [dataset.count], data: dataset.labels });
 * const images = gzipSync(encodeIdx({ dimensions: [dataset.count, 28, 28], data: dataset.images }));
 * ```
 */
export function encodeIdx(options: EncodeIdxOptions): Uint8Array {
  const functionName = 'encodeIdx';
  checkOptions(functionName, options);
  const { dimensions, data } = options;
  if (!(data instanceof Uint8Array)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.data', message: `options.data: expected a Uint8Array, got ${describeValue(data)}` });
  }
  if (
    !Array.isArray(dimensions) ||
    dimensions.length < 1 ||
    dimensions.length > 255 ||
    !dimensions.every((size) => typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= 0xffffffff)
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.dimensions',
      message: `options.dimensions: expected 1 to 255 integer sizes in 0..2^32-1, got ${JSON.stringify(dimensions)}`,
    });
  }
  const size = dimensions.reduce((product, dimension) => product * dimension, 1);
  if (size !== data.length) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.data',
      message: `options.data: dimensions [${dimensions.join(', ')}] need ${size} bytes, got ${data.length}`,
    });
  }
  const headerLength = 4 + 4 * dimensions.length;
  const bytes = new Uint8Array(headerLength + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 + dimensions.length, false);
  dimensions.forEach((dimension, axis) => view.setUint32(4 + 4 * axis, dimension, false));
  bytes.set(data, headerLength);
  return bytes;
}
