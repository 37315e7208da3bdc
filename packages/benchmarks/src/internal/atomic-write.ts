import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileFormatError, NotFoundError } from '@fewshot/core';

/** Writes a file atomically from pieces: to a temporary file in the same folder, then renamed over the target. */
export async function writeFileAtomically(options: { functionName: string; argument: string; path: string; pieces: readonly Uint8Array[] }): Promise<void> {
  const { functionName, argument, path, pieces } = options;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const handle = await open(temporary, 'w');
    try {
      for (const piece of pieces) {
        let written = 0;
        while (written < piece.length) {
          const { bytesWritten } = await handle.write(piece, written, piece.length - written);
          written += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as { code?: string } | null)?.code;
    if (code === 'ENOENT') throw new NotFoundError({ functionName, argument, message: `cannot write ${path}: its folder does not exist`, cause: error });
    throw new FileFormatError({ functionName, argument, message: `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
}
