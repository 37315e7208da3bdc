/** Atomic file writes and a simple container for named float32 arrays plus JSON. */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileFormatError } from '@fewshot/core';

/** Writes to a temporary file next to `path`, then renames it over `path`. */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const magic = 'FSAG';

/**
 * One file: 4 magic bytes, a uint32 header length, the JSON header (with `arrays`: name,
 * offset, length), padding to 4 bytes, then the float32 data (little-endian).
 */
export function encodeBundle(json: unknown, arrays: Readonly<Record<string, Float32Array>>): Uint8Array {
  const names = Object.keys(arrays).sort();
  let offset = 0;
  const index = names.map((name) => {
    const length = (arrays[name] as Float32Array).length;
    const entry = { name, offset, length };
    offset += length;
    return entry;
  });
  const header = new TextEncoder().encode(JSON.stringify({ json, arrays: index }));
  const headerEnd = 8 + header.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const buffer = new ArrayBuffer(dataStart + offset * 4);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode(magic), 0);
  new DataView(buffer).setUint32(4, header.length, true);
  bytes.set(header, 8);
  // Float32Array uses the platform's byte order, little-endian on every platform Node.js supports.
  const data = new Float32Array(buffer, dataStart, offset);
  for (const entry of index) data.set(arrays[entry.name] as Float32Array, entry.offset);
  return bytes;
}

/** Inverse of {@link encodeBundle}. */
export function decodeBundle(functionName: string, path: string, bytes: Uint8Array): { json: unknown; arrays: Record<string, Float32Array> } {
  const fail = (message: string): never => {
    throw new FileFormatError({ functionName, argument: 'path', message: `${path}: ${message}` });
  };
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== magic) fail('not an @fewshot/autogan file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) fail('truncated header');
  let header: { json: unknown; arrays: { name: string; offset: number; length: number }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    return fail(`corrupt header (${(error as Error).message})`);
  }
  if (!Array.isArray(header?.arrays)) fail('corrupt header (no array index)');
  const dataStart = Math.ceil((8 + headerLength) / 4) * 4;
  const arrays: Record<string, Float32Array> = {};
  for (const entry of header.arrays) {
    const end = dataStart + (entry.offset + entry.length) * 4;
    if (!Number.isSafeInteger(entry.offset) || !Number.isSafeInteger(entry.length) || end > bytes.length) fail(`truncated data for ${entry.name}`);
    const start = bytes.byteOffset + dataStart + entry.offset * 4;
    arrays[entry.name] = new Float32Array(bytes.buffer.slice(start, start + entry.length * 4));
  }
  return { json: header.json, arrays };
}

/** Writes a bundle atomically. */
export async function writeBundle(path: string, json: unknown, arrays: Readonly<Record<string, Float32Array>>): Promise<void> {
  await writeFileAtomically(path, encodeBundle(json, arrays));
}

/** Reads a bundle; undefined when the file does not exist. */
export async function readBundle(functionName: string, path: string): Promise<{ json: unknown; arrays: Record<string, Float32Array> } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeBundle(functionName, path, bytes);
}

/** Removes stray temporary files of {@link writeFileAtomically} in a folder. */
export async function removeTemporaryFiles(directory: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  await Promise.all(names.filter((name) => name.startsWith('.') && name.endsWith('.tmp')).map((name) => rm(join(directory, name), { force: true })));
}
