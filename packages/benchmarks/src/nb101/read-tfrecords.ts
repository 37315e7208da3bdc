import { open, type FileHandle } from 'node:fs/promises';
import { CancelledError, ChecksumError, FileFormatError, InvalidArgumentError, NotFoundError } from '@fewshot/core';
import { checkPath } from '../internal/check-path.js';
import { checkOptions, describe } from '../internal/check-values.js';
import { maskedCrc32c } from '../internal/crc32c.js';

/**
 * Options of {@link readTfRecords}.
 *
 * @example
 * ```ts
 * const options: ReadTfRecordsOptions = { path: 'nasbench_only108.tfrecord', chunkSize: 1 << 20 };
 * ```
 */
export interface ReadTfRecordsOptions {
  /** The TFRecord file. */
  readonly path: string;
  /** Bytes read per file read; default 1 MiB. Memory stays at about max(chunkSize, largest record). */
  readonly chunkSize?: number;
  /** Stops reading (the iterator rejects with a `CancelledError`). */
  readonly signal?: AbortSignal;
}

/**
 * Streams the records of a TFRecord file: repeated `uint64 LE length`,
 * `uint32 LE masked CRC-32C of the length`, `data`, `uint32 LE masked CRC-32C of
 * the data`, until the end of the file. Both checksums are verified. The file is
 * read in chunks, so memory does not grow with the file. A checksum mismatch is a
 * `ChecksumError` and a cut-off record a `FileFormatError`, both naming the file,
 * the record number (0-based) and its byte offset. Each yielded array is a fresh
 * copy owned by the caller.
 *
 * @example
 * ```ts
 * import { readTfRecords } from '@fewshot/benchmarks';
 * let count = 0;
 * for await (const record of readTfRecords({ path: 'nasbench_only108.tfrecord' })) count += 1;
 * console.log(count); // 1,270,872 for the official only108 file
 * ```
 */
export async function* readTfRecords(options: ReadTfRecordsOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const functionName = 'readTfRecords';
  const checked = checkOptions(functionName, options);
  const path = checkPath(functionName, 'options.path', checked['path']);
  const chunkSize = checked['chunkSize'] ?? 1 << 20;
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < 16) {
    throw new InvalidArgumentError({ functionName, argument: 'options.chunkSize', message: `expected an integer of at least 16 bytes, got ${describe(chunkSize)}` });
  }
  const signal = checked['signal'] as AbortSignal | undefined;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new NotFoundError({ functionName, argument: 'options.path', message: `no such file: ${path}`, cause: error });
    throw new FileFormatError({ functionName, argument: 'options.path', message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  try {
    let buffer = new Uint8Array(chunkSize);
    let start = 0;
    let end = 0;
    let filePosition = 0;
    let endOfFile = false;
    /** Makes at least `count` unread bytes available; false at end of file. */
    const fill = async (count: number): Promise<boolean> => {
      while (end - start < count && !endOfFile) {
        if (buffer.length - start < count || buffer.length - end < 16) {
          const capacity = Math.max(buffer.length, count + chunkSize);
          const next = capacity === buffer.length ? buffer : new Uint8Array(capacity);
          next.set(buffer.subarray(start, end), 0);
          buffer = next;
          end -= start;
          start = 0;
        }
        const { bytesRead } = await handle.read(buffer, end, Math.min(buffer.length - end, Math.max(chunkSize, count - (end - start))), filePosition);
        if (bytesRead === 0) endOfFile = true;
        end += bytesRead;
        filePosition += bytesRead;
      }
      return end - start >= count;
    };
    let record = 0;
    let offset = 0;
    for (;;) {
      if (signal?.aborted) throw new CancelledError({ functionName, argument: 'options.signal', message: `cancelled after ${record} records of ${path}` });
      if (!(await fill(12))) {
        if (end === start) return;
        throw new FileFormatError({ functionName, argument: 'options.path', message: `${path} is truncated: record ${record} at byte ${offset} has an incomplete header (${end - start} of 12 bytes)` });
      }
      const view = new DataView(buffer.buffer, buffer.byteOffset + start, 12);
      const lengthBytes = buffer.subarray(start, start + 8);
      if (maskedCrc32c(lengthBytes) !== view.getUint32(8, true)) {
        throw new ChecksumError({ functionName, argument: 'options.path', message: `${path}: record ${record} at byte ${offset}: the CRC-32C of the length field does not match (corrupt or not a TFRecord file)` });
      }
      const length = Number(view.getBigUint64(0, true));
      if (!Number.isSafeInteger(length) || length > 2 ** 31) {
        throw new FileFormatError({ functionName, argument: 'options.path', message: `${path}: record ${record} at byte ${offset} claims ${length} bytes` });
      }
      if (!(await fill(12 + length + 4))) {
        throw new FileFormatError({
          functionName,
          argument: 'options.path',
          message: `${path} is truncated: record ${record} at byte ${offset} needs ${12 + length + 4} bytes, only ${end - start} remain`,
        });
      }
      const data = buffer.slice(start + 12, start + 12 + length);
      const stored = new DataView(buffer.buffer, buffer.byteOffset + start + 12 + length, 4).getUint32(0, true);
      if (maskedCrc32c(data) !== stored) {
        throw new ChecksumError({ functionName, argument: 'options.path', message: `${path}: record ${record} at byte ${offset}: the CRC-32C of the data does not match (the file is corrupt)` });
      }
      start += 12 + length + 4;
      offset += 12 + length + 4;
      record += 1;
      yield data;
    }
  } finally {
    await handle.close();
  }
}
