import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Node flags of every worker process. A worker runs one job at a time on one wasm thread, next
 * to the other workers, one per core: `--single-threaded-gc` keeps V8's garbage collector on
 * the worker's own thread instead of helper threads that would preempt the worker on the other
 * core. It changes no result; on the 2-core development machine, two processes training the
 * main job's supernet side by side (three sets of six rounds) ran 0.06x to 0.11x faster
 * together with it than without it (median throughput over one process).
 */
const workerFlags = ['--single-threaded-gc'] as const;

/**
 * The worker entry file and the Node flags it needs. This module sits at the package's source
 * root, and bundles into files at `dist/`'s root, so that the worker is found next to it both
 * from source (`src/training-worker.ts`, run through tsx) and from the build
 * (`dist/training-worker.js`).
 */
export function trainingWorkerEntry(): { readonly path: URL; readonly execArgv: readonly string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const path = new URL(fromSource ? './training-worker.ts' : './training-worker.js', import.meta.url);
  if (!fromSource) return { path, execArgv: [...workerFlags] };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { path, execArgv: [...workerFlags, '--import', pathToFileURL(tsxLoader).href, '--conditions=@fewshot/source'] };
}
