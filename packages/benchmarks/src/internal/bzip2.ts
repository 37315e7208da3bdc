/// <reference path="./seek-bzip.d.ts" />
import { FileFormatError } from '@fewshot/core';
import Bunzip from 'seek-bzip';

class EndOfInput extends Error {}

/**
 * Decompresses one whole bzip2 stream with seek-bzip. Reading past the end of the
 * input raises a `FileFormatError` (truncated file) instead of decoding garbage;
 * every decoder failure is reported as a `FileFormatError` naming `path`.
 */
export function decompressBzip2(options: {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}): Uint8Array {
  const { functionName, argument, path, bytes } = options;
  if (bytes.length < 4 || bytes[0] !== 0x42 || bytes[1] !== 0x5a || bytes[2] !== 0x68 || !((bytes[3] as number) >= 0x31 && (bytes[3] as number) <= 0x39)) {
    throw new FileFormatError({
      functionName,
      argument,
      message: `${path} is not a bzip2 file (expected it to start with "BZh1".."BZh9", got ${hexPrefix(bytes)})`,
    });
  }
  const input = new Bunzip.Stream();
  let position = 0;
  input.readByte = () => {
    if (position >= bytes.length) throw new EndOfInput();
    const value = bytes[position] as number;
    position += 1;
    return value;
  };
  input.seek = (target: number) => {
    position = target;
  };
  input.eof = () => position >= bytes.length;
  try {
    return Bunzip.decode(input);
  } catch (error) {
    if (error instanceof EndOfInput) {
      throw new FileFormatError({ functionName, argument, message: `${path} is a truncated bzip2 stream (the data ended before the end-of-stream marker)` });
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new FileFormatError({ functionName, argument, message: `${path} is a corrupt bzip2 stream (${detail})`, cause: error });
  }
}

/** The first bytes of a buffer as hex, for error messages. */
export function hexPrefix(bytes: Uint8Array, count = 8): string {
  if (bytes.length === 0) return 'an empty file';
  return Array.from(bytes.subarray(0, count), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
