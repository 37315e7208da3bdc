import { inflateRawSync } from 'node:zlib';
import { FileFormatError, UnsupportedError } from '@fewshot/core';

/** One entry of a ZIP archive. */
export interface ZipEntry {
  readonly name: string;
  /** Reads (and inflates if needed) the entry's bytes. */
  read(): Uint8Array;
}

/** True when the bytes start with a ZIP local file header (`PK\x03\x04`). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Lists the entries of a ZIP archive from its central directory (STORED and DEFLATE entries). */
export function readZipEntries(options: { functionName: string; argument: string; path: string; bytes: Uint8Array }): ZipEntry[] {
  const { functionName, argument, path, bytes } = options;
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument, message: `${path}: ${message}` });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let position = bytes.length - 22; position >= Math.max(0, bytes.length - 22 - 65_535); position -= 1) {
    if (view.getUint32(position, true) === 0x06054b50) {
      end = position;
      break;
    }
  }
  if (end < 0) fail('truncated ZIP archive (no end-of-central-directory record)');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new UnsupportedError({ functionName, argument, message: `${path} is a ZIP64 archive, which is not supported` });
  }
  if (directoryOffset + directorySize > end) fail('corrupt ZIP archive (the central directory lies outside the file)');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let position = directoryOffset;
  for (let entry = 0; entry < count; entry += 1) {
    if (position + 46 > end || view.getUint32(position, true) !== 0x02014b50) fail(`corrupt ZIP central directory at entry ${entry}`);
    const method = view.getUint16(position + 10, true);
    const compressedSize = view.getUint32(position + 20, true);
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    const localOffset = view.getUint32(position + 42, true);
    const name = decoder.decode(bytes.subarray(position + 46, position + 46 + nameLength));
    position += 46 + nameLength + extraLength + commentLength;
    entries.push({
      name,
      read() {
        if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50) fail(`corrupt ZIP local header of ${name}`);
        const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
        if (start + compressedSize > bytes.length) fail(`truncated ZIP entry ${name}`);
        const data = bytes.subarray(start, start + compressedSize);
        if (method === 0) return data;
        if (method === 8) {
          try {
            const inflated = inflateRawSync(data);
            return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
          } catch (error) {
            return fail(`corrupt DEFLATE data in ZIP entry ${name} (${error instanceof Error ? error.message : String(error)})`);
          }
        }
        throw new UnsupportedError({ functionName, argument, message: `${path}: ZIP entry ${name} uses compression method ${method}; only STORED (0) and DEFLATE (8) are supported` });
      },
    });
  }
  return entries;
}
