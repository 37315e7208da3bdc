import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FileFormatError, NotFoundError } from '@fewshot/core';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Returns the bytes unchanged, or their decompressed form when they start
 * with the gzip magic number.
 */
export function gunzipIfNeeded(functionName: string, argument: string, source: string, bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    const inflated = gunzipSync(bytes);
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (cause) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `corrupt or truncated gzip data in ${source} (${(cause as Error).message})`,
      cause,
    });
  }
}

/**
 * Reads a whole file, decompressing it when it is gzip (detected by its magic
 * bytes, not by its name).
 */
export async function readBinaryFile(functionName: string, argument: string, path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const buffer = await readFile(path);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new NotFoundError({ functionName, argument, message: `no such file: ${path}`, cause });
    }
    throw new FileFormatError({
      functionName,
      argument,
      message: `cannot read ${path}: ${(cause as Error).message}`,
      cause,
    });
  }
  return gunzipIfNeeded(functionName, argument, path, bytes);
}
