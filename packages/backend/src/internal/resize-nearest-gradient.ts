/**
 * Gradient of nearest-neighbour resizing with forward ops.
 *
 * Why: the `ResizeNearestNeighborGrad` kernel of tfjs-backend-cpu 4.22 returns
 * wrong values for every batch element after the first (checked against a
 * block sum in `network-gradients.test.ts`), so the gradient must not rely on it.
 *
 * Nearest-neighbour resizing is separable: output (y, x) copies input
 * (row[y], column[x]). The maps are read from the active backend's own forward
 * kernel (resizing images of row and column indices), so they match the forward
 * pass exactly, whatever `alignCorners`/`halfPixelCenters` say. The gradient then
 * sums dy into those sources: a reshape-and-sum when every source pixel owns a
 * whole k x k block (integer upscaling), else two one-hot matrix products.
 */
import * as tf from '@tensorflow/tfjs-core';

interface IndexMaps {
  readonly rows: Int32Array;
  readonly columns: Int32Array;
}

const cache = new Map<string, IndexMaps>();

function indexMaps(
  inputSize: readonly [number, number],
  outputSize: readonly [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): IndexMaps {
  const key = [tf.getBackend(), ...inputSize, ...outputSize, alignCorners, halfPixelCenters].join(',');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const [height, width] = inputSize;
  const [outHeight, outWidth] = outputSize;
  const [rowImage, columnImage] = tf.tidy(() => {
    const rowValues = tf.tile(tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1, 1]), [1, 1, width, 1]);
    const columnValues = tf.tile(tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width, 1]), [1, height, 1, 1]);
    return [
      tf.image.resizeNearestNeighbor(rowValues as tf.Tensor4D, [outHeight, outWidth], alignCorners, halfPixelCenters),
      tf.image.resizeNearestNeighbor(columnValues as tf.Tensor4D, [outHeight, outWidth], alignCorners, halfPixelCenters),
    ];
  });
  const rowData = rowImage.dataSync();
  const columnData = columnImage.dataSync();
  tf.dispose([rowImage, columnImage]);
  const rows = Int32Array.from({ length: outHeight }, (_unused, y) => Math.round(rowData[y * outWidth] ?? 0));
  const columns = Int32Array.from({ length: outWidth }, (_unused, x) => Math.round(columnData[x] ?? 0));
  const maps = { rows, columns };
  cache.set(key, maps);
  return maps;
}

/** Whether output index i maps to source floor(i / factor) for every i (factor = output / input). */
function isBlockMap(map: Int32Array, inputSize: number): boolean {
  if (map.length % inputSize !== 0) return false;
  const factor = map.length / inputSize;
  return map.every((source, index) => source === Math.floor(index / factor));
}

/** The gradient of `tf.image.resizeNearestNeighbor(images, size, alignCorners, halfPixelCenters)`. */
export function resizeNearestNeighborGradient(options: {
  readonly images: tf.Tensor4D;
  readonly dy: tf.Tensor4D;
  readonly alignCorners: boolean;
  readonly halfPixelCenters: boolean;
}): tf.Tensor4D {
  const { images, dy, alignCorners, halfPixelCenters } = options;
  const [batch, height, width, channels] = images.shape;
  const [, outHeight, outWidth] = dy.shape;
  const { rows, columns } = indexMaps([height, width], [outHeight, outWidth], alignCorners, halfPixelCenters);
  if (isBlockMap(rows, height) && isBlockMap(columns, width)) {
    const blocks = tf.reshape(dy, [batch, height, outHeight / height, width, outWidth / width, channels]);
    return tf.sum(blocks, [2, 4]) as tf.Tensor4D;
  }
  // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot writes integer bits into float32 outputs.
  const rowMatrix = tf.cast(tf.oneHot(tf.tensor1d(rows, 'int32'), height), 'float32'); // [Ho, H]
  const columnMatrix = tf.cast(tf.oneHot(tf.tensor1d(columns, 'int32'), width), 'float32'); // [Wo, W]
  // Sum over output rows: [B, Wo, C, Ho] x [Ho, H] -> [B, Wo, C, H].
  const byRow = tf.reshape(
    tf.matMul(tf.reshape(tf.transpose(dy, [0, 2, 3, 1]), [-1, outHeight]), rowMatrix),
    [batch, outWidth, channels, height],
  );
  // Sum over output columns: [B, H, C, Wo] x [Wo, W] -> [B, H, C, W].
  const byColumn = tf.reshape(
    tf.matMul(tf.reshape(tf.transpose(byRow, [0, 3, 2, 1]), [-1, outWidth]), columnMatrix),
    [batch, height, channels, width],
  );
  return tf.transpose(byColumn, [0, 1, 3, 2]) as tf.Tensor4D;
}
