import { FileFormatError } from '@fewshot/core';

/** Bytes of one CIFAR image: 3 planes of 32 x 32. */
export const cifarImageBytes = 3 * 32 * 32;

/**
 * Decodes the records of one CIFAR binary file into NHWC bytes and labels.
 * Each record is `labelBytes` label bytes followed by 3072 pixel bytes: the
 * red plane, then green, then blue, each 32 x 32 row-major. `labelIndex` picks
 * the label byte kept (CIFAR-100: 0 = coarse, 1 = fine).
 */
export function decodeCifarRecords(request: {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly labelBytes: number;
  readonly labelIndex: number;
  readonly labelLimits: readonly number[];
  readonly labelNames: readonly string[];
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly offset: number;
}): void {
  const { functionName, argument, path, bytes, labelBytes, labelIndex, labelLimits, labelNames, images, labels, offset } = request;
  const recordBytes = labelBytes + cifarImageBytes;
  const count = bytes.length / recordBytes;
  const planeSize = 32 * 32;
  for (let record = 0; record < count; record += 1) {
    const base = record * recordBytes;
    for (let labelByte = 0; labelByte < labelBytes; labelByte += 1) {
      const value = bytes[base + labelByte] as number;
      const limit = labelLimits[labelByte] as number;
      if (value >= limit) {
        throw new FileFormatError({
          functionName,
          argument,
          message: `${labelNames[labelByte]} label ${value} of record ${record} in ${path} is out of range: expected 0..${limit - 1}`,
        });
      }
    }
    labels[offset + record] = bytes[base + labelIndex] as number;
    const pixels = base + labelBytes;
    const target = (offset + record) * cifarImageBytes;
    for (let position = 0; position < planeSize; position += 1) {
      const out = target + position * 3;
      images[out] = bytes[pixels + position] as number;
      images[out + 1] = bytes[pixels + planeSize + position] as number;
      images[out + 2] = bytes[pixels + 2 * planeSize + position] as number;
    }
  }
}

/** Throws unless the file holds a positive whole number of records; returns that number. */
export function checkCifarFileSize(request: {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
  readonly length: number;
  readonly labelBytes: number;
}): number {
  const { functionName, argument, path, length, labelBytes } = request;
  const recordBytes = labelBytes + cifarImageBytes;
  if (length === 0 || length % recordBytes !== 0) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${path} has the wrong size: ${length} bytes is not a positive multiple of the ${recordBytes}-byte record (${labelBytes} label byte${labelBytes > 1 ? 's' : ''} + 3072 pixel bytes); the file is truncated or not a CIFAR binary file`,
    });
  }
  return length / recordBytes;
}
