/**
 * Test helpers: synthetic data sets with known pixels, and files in the exact
 * on-disk formats (IDX, CIFAR binary) written to temporary folders.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createImageDataset, type ImageDataset } from '../image-dataset.js';
import { encodeIdx } from '../idx/encode-idx.js';

/** The byte at (example, y, x, channel) of {@link patternDataset}. */
export function patternValue(example: number, y: number, x: number, channel: number): number {
  return (example * 29 + y * 13 + x * 7 + channel * 101 + ((x * y) % 5) * 3) % 256;
}

/** A data set whose pixels follow {@link patternValue} and whose labels cycle through the classes. */
export function patternDataset(request: {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels?: number;
  readonly classes?: number;
  readonly labelOf?: (example: number) => number;
}): ImageDataset {
  const { count, height, width } = request;
  const channels = request.channels ?? 1;
  const classes = request.classes ?? 10;
  const images = new Uint8Array(count * height * width * channels);
  let position = 0;
  for (let example = 0; example < count; example += 1) {
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        for (let channel = 0; channel < channels; channel += 1) {
          images[position] = patternValue(example, y, x, channel);
          position += 1;
        }
      }
    }
  }
  const labels = Uint8Array.from({ length: count }, (_, example) => request.labelOf?.(example) ?? example % classes);
  return createImageDataset({ images, labels, height, width, channels, classes });
}

/** A fresh temporary folder and a function that removes it. */
export function temporaryDirectory(): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'fewshot-datasets-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `bytes` to `directory/name`, gzipped when `gzip`; returns the path. */
export function writeFile(directory: string, name: string, bytes: Uint8Array, gzip = false): string {
  const path = join(directory, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/** The four MNIST-style IDX files of a train and a test data set. */
export function writeIdxDirectory(request: {
  readonly directory: string;
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  readonly gzip: boolean;
  readonly dotted?: boolean;
}): void {
  const { directory, train, test, gzip } = request;
  const separator = request.dotted === true ? '.' : '-';
  const suffix = gzip ? '.gz' : '';
  for (const [prefix, dataset] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    writeFile(directory, `${prefix}-images${separator}idx3-ubyte${suffix}`, encodeIdx({ dimensions: [dataset.count, dataset.height, dataset.width], data: dataset.images }), gzip);
    writeFile(directory, `${prefix}-labels${separator}idx1-ubyte${suffix}`, encodeIdx({ dimensions: [dataset.count], data: dataset.labels }), gzip);
  }
}

/**
 * CIFAR binary records: per record the label bytes, then the red, green and
 * blue 32x32 planes. Pixel (y, x, c) of record r is `cifarPixel(r, y, x, c, seed)`.
 */
export function cifarRecords(request: { readonly labels: ReadonlyArray<readonly number[]>; readonly seed: number }): Uint8Array {
  const labelBytes = request.labels[0]?.length ?? 1;
  const recordBytes = labelBytes + 3072;
  const bytes = new Uint8Array(request.labels.length * recordBytes);
  request.labels.forEach((labels, record) => {
    const base = record * recordBytes;
    labels.forEach((label, position) => {
      bytes[base + position] = label;
    });
    for (let channel = 0; channel < 3; channel += 1) {
      for (let y = 0; y < 32; y += 1) {
        for (let x = 0; x < 32; x += 1) {
          bytes[base + labelBytes + channel * 1024 + y * 32 + x] = cifarPixel(record, y, x, channel, request.seed);
        }
      }
    }
  });
  return bytes;
}

/** The byte at (y, x, channel) of record `record` in {@link cifarRecords}. */
export function cifarPixel(record: number, y: number, x: number, channel: number, seed: number): number {
  return (seed * 17 + record * 31 + y * 5 + x * 3 + channel * 71) % 256;
}

/** A 32-bit FNV-1a hash of bytes, to pin data contents in tests. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index += 1) {
    hash ^= bytes[index] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
