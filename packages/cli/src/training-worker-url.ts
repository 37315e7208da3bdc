import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The worker entry file and the Node flags it needs. This module sits at the package's source
 * root, and bundles into files at `dist/`'s root, so that the worker is found next to it both
 * from source (`src/training-worker.ts`, run through tsx) and from the build
 * (`dist/training-worker.js`).
 */
export function trainingWorkerEntry(): { readonly path: URL; readonly execArgv: readonly string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const path = new URL(fromSource ? './training-worker.ts' : './training-worker.js', import.meta.url);
  if (!fromSource) return { path, execArgv: [] };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { path, execArgv: ['--import', pathToFileURL(tsxLoader).href, '--conditions=@fewshot/source'] };
}
