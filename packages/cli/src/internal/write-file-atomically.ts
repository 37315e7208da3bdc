import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `text` to a temporary file next to `file`, then renames it over `file`. */
export async function writeFileAtomically(options: { readonly file: string; readonly text: string }): Promise<void> {
  await mkdir(dirname(options.file), { recursive: true });
  const temporary = `${options.file}.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`;
  await writeFile(temporary, options.text);
  await rename(temporary, options.file);
}
