import { FileFormatError, UnsupportedError } from '@fewshot/core';
import { crc32c } from './crc32c.js';
import { hexPrefix } from './bzip2.js';

/**
 * The container of our compact benchmark files (see docs/guides/benchmarks.md):
 *
 * | bytes | content |
 * |---|---|
 * | 0-7 | magic `FSBENCH\0` |
 * | 8-11 | container version, uint32 LE (1) |
 * | 12-15 | header length H, uint32 LE |
 * | 16 .. 16+H | header, UTF-8 JSON |
 * | .. | zero padding to a multiple of 8 |
 * | data | blocks at the header's offsets (relative to the data start, multiples of 8), little-endian |
 */
export const containerMagic = Uint8Array.of(0x46, 0x53, 0x42, 0x45, 0x4e, 0x43, 0x48, 0x00);
/** Container version written by this package. */
export const containerVersion = 1;

/** Element types of blocks. */
export type BlockType = 'float64' | 'uint8' | 'uint32';

type BlockArray = Float64Array | Uint8Array | Uint32Array;

/** A block to write. */
export interface BlockInput {
  readonly name: string;
  readonly data: BlockArray;
  /** Extra JSON fields stored with the block's entry (e.g. the column's query keys). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A block entry of the header. */
export interface BlockEntry {
  readonly name: string;
  readonly type: BlockType;
  readonly offset: number;
  readonly length: number;
  readonly [field: string]: unknown;
}

/** The header JSON. */
export interface ContainerHeader {
  readonly format: string;
  readonly formatVersion: number;
  readonly dataLength: number;
  readonly dataCrc32c: number;
  readonly blocks: readonly BlockEntry[];
  readonly [field: string]: unknown;
}

function typeOf(data: BlockArray): BlockType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Uint32Array) return 'uint32';
  return 'uint8';
}

const align = (value: number) => Math.ceil(value / 8) * 8;

/**
 * Encodes a container as a list of byte pieces to write in order (the block data
 * is not copied). `fields` go into the header next to `format` and the block list.
 */
export function encodeContainer(options: {
  format: string;
  formatVersion: number;
  fields: Readonly<Record<string, unknown>>;
  blocks: readonly BlockInput[];
}): { readonly pieces: readonly Uint8Array[]; readonly byteLength: number } {
  const entries: BlockEntry[] = [];
  const dataPieces: Uint8Array[] = [];
  let offset = 0;
  let crc = 0;
  for (const block of options.blocks) {
    entries.push({ ...block.meta, name: block.name, type: typeOf(block.data), offset, length: block.data.length });
    const bytes = new Uint8Array(block.data.buffer, block.data.byteOffset, block.data.byteLength);
    const padding = new Uint8Array(align(bytes.length) - bytes.length);
    crc = crc32c(padding, crc32c(bytes, crc));
    dataPieces.push(bytes, padding);
    offset += bytes.length + padding.length;
  }
  const header: ContainerHeader = {
    format: options.format,
    formatVersion: options.formatVersion,
    ...options.fields,
    dataLength: offset,
    dataCrc32c: crc,
    blocks: entries,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align(16 + headerBytes.length);
  const prelude = new Uint8Array(dataStart);
  prelude.set(containerMagic, 0);
  const view = new DataView(prelude.buffer);
  view.setUint32(8, containerVersion, true);
  view.setUint32(12, headerBytes.length, true);
  prelude.set(headerBytes, 16);
  return { pieces: [prelude, ...dataPieces], byteLength: dataStart + offset };
}

/** True when the bytes start with the container magic. */
export function isContainer(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && containerMagic.every((byte, position) => bytes[position] === byte);
}

/** A decoded container: the header and typed views of its blocks (sharing the file's memory). */
export interface DecodedContainer {
  readonly header: ContainerHeader;
  readonly blocks: ReadonlyMap<string, { readonly entry: BlockEntry; readonly data: BlockArray }>;
}

/** Decodes a container, checking magic, versions, bounds and (optionally) the CRC-32C of the data. */
export function decodeContainer(options: {
  functionName: string;
  argument: string;
  path: string;
  bytes: Uint8Array;
  format: string;
  formatVersion: number;
  verifyChecksum: boolean;
}): DecodedContainer {
  const { functionName, argument, path, format } = options;
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument, message: `${path}: ${message}` });
  };
  let bytes = options.bytes;
  if (!isContainer(bytes)) {
    throw new FileFormatError({ functionName, argument, message: `${path} is not a @fewshot/benchmarks compact file (expected the magic "FSBENCH\\0", got ${hexPrefix(bytes)})` });
  }
  if (bytes.length < 16) fail('truncated compact file (no header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== containerVersion) {
    throw new UnsupportedError({ functionName, argument, message: `${path} has container version ${version}; this version of @fewshot/benchmarks reads version ${containerVersion}` });
  }
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength > bytes.length) fail('truncated compact file (the header is cut off)');
  let header: ContainerHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength))) as ContainerHeader;
  } catch (error) {
    return fail(`corrupt header (${error instanceof Error ? error.message : String(error)})`);
  }
  if (header === null || typeof header !== 'object' || !Array.isArray(header.blocks) || typeof header.dataLength !== 'number') fail('corrupt header (missing fields)');
  if (header.format !== format) {
    throw new FileFormatError({ functionName, argument, message: `${path} is a compact ${String(header.format)} file, expected ${format}` });
  }
  if (header.formatVersion !== options.formatVersion) {
    throw new UnsupportedError({ functionName, argument, message: `${path} has ${format} format version ${String(header.formatVersion)}; this version reads ${options.formatVersion}` });
  }
  let dataStart = align(16 + headerLength);
  if (dataStart + header.dataLength > bytes.length) {
    fail(`truncated compact file (expected ${dataStart + header.dataLength} bytes, got ${bytes.length})`);
  }
  if (options.verifyChecksum && crc32c(bytes.subarray(dataStart, dataStart + header.dataLength)) !== header.dataCrc32c) {
    fail('the data does not match its CRC-32C (the file is corrupt)');
  }
  if ((bytes.byteOffset + dataStart) % 8 !== 0) {
    bytes = bytes.slice(dataStart, dataStart + header.dataLength);
    dataStart = 0;
  }
  const blocks = new Map<string, { entry: BlockEntry; data: BlockArray }>();
  for (const entry of header.blocks) {
    const size = entry.type === 'float64' ? 8 : entry.type === 'uint32' ? 4 : entry.type === 'uint8' ? 1 : 0;
    if (size === 0 || !Number.isInteger(entry.offset) || !Number.isInteger(entry.length) || entry.offset % 8 !== 0 || entry.offset + entry.length * size > header.dataLength) {
      fail(`corrupt block entry ${JSON.stringify(entry.name)}`);
    }
    const start = bytes.byteOffset + dataStart + entry.offset;
    const data =
      entry.type === 'float64'
        ? new Float64Array(bytes.buffer, start, entry.length)
        : entry.type === 'uint32'
          ? new Uint32Array(bytes.buffer, start, entry.length)
          : new Uint8Array(bytes.buffer, start, entry.length);
    blocks.set(entry.name, { entry, data });
  }
  return { header, blocks };
}
