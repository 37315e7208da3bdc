import { open } from 'node:fs/promises';
import { FileFormatError, NotFoundError } from '@fewshot/core';
import { isContainer } from './container.js';
import { maskedCrc32c } from './crc32c.js';
import { pathKind } from './read-file.js';
import { isZip } from './zip.js';

/** What a benchmark file or folder looks like from its first bytes. */
export type SniffedKind = 'folder' | 'compact' | 'nats-archive' | 'nb201-pth' | 'csv' | 'tfrecord' | 'unknown';

/** Reads the first bytes of a file and tells its kind. */
export async function sniffBenchmarkPath(functionName: string, argument: string, path: string): Promise<{ kind: SniffedKind; head: Uint8Array; format?: string }> {
  if ((await pathKind(functionName, argument, path)) === 'folder') return { kind: 'folder', head: new Uint8Array(0) };
  let head: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new NotFoundError({ functionName, argument, message: `no such file or folder: ${path}`, cause: error });
    throw new FileFormatError({ functionName, argument, message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  if (isContainer(head)) {
    const match = /"format":"([^"]*)"/.exec(new TextDecoder().decode(head.subarray(16)));
    return match?.[1] === undefined ? { kind: 'compact', head } : { kind: 'compact', head, format: match[1] };
  }
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return { kind: 'nats-archive', head };
  if (isZip(head) || (head[0] === 0x80 && head[1] === 0x02 && head[2] === 0x8a && head[3] === 0x0a)) return { kind: 'nb201-pth', head };
  const text = new TextDecoder().decode(head.subarray(0, 64)).replace(/^\uFEFF/, '');
  if (text.startsWith('index,arch_str')) return { kind: 'csv', head };
  if (head.length >= 12) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (maskedCrc32c(head.subarray(0, 8)) === view.getUint32(8, true)) return { kind: 'tfrecord', head };
  }
  return { kind: 'unknown', head };
}
