import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { FileFormatError, NotFoundError } from '@fewshot/core';

function mapError(functionName: string, argument: string, path: string, error: unknown): never {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOENT') throw new NotFoundError({ functionName, argument, message: `no such file or folder: ${path}`, cause: error });
  if (code === 'EISDIR') throw new FileFormatError({ functionName, argument, message: `${path} is a folder, expected a file`, cause: error });
  if (code === 'ENOTDIR') throw new NotFoundError({ functionName, argument, message: `no such file or folder: ${path}`, cause: error });
  if (code === 'EACCES') throw new NotFoundError({ functionName, argument, message: `cannot read ${path}: permission denied`, cause: error });
  throw new FileFormatError({ functionName, argument, message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
}

/** Reads a whole file, with typed errors naming the path. */
export async function readWholeFile(functionName: string, argument: string, path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    return mapError(functionName, argument, path, error);
  }
}

/** Synchronous {@link readWholeFile} (lazy per-architecture loads). */
export function readWholeFileSync(functionName: string, argument: string, path: string): Uint8Array {
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    return mapError(functionName, argument, path, error);
  }
}

/** `file`, `folder` or a typed NotFoundError. */
export async function pathKind(functionName: string, argument: string, path: string): Promise<'file' | 'folder'> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'folder' : 'file';
  } catch (error) {
    return mapError(functionName, argument, path, error);
  }
}

/** The names in a folder, with typed errors. */
export async function listFolder(functionName: string, argument: string, path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    return mapError(functionName, argument, path, error);
  }
}
