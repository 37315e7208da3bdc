import { availableParallelism } from 'node:os';
import { type BackendSelection, selectBackend, wasmThreadsEnvironmentVariable } from '@fewshot/backend';

/**
 * Chooses the backend of the process that drives an experiment. That process runs the phases
 * with a single job itself (the one-shot supernet of a one-seed run) while no worker process
 * runs, so it gives the wasm backend one thread per core; the worker processes, which share the
 * cores, keep one thread each. `FEWSHOT_WASM_THREADS`, when set, decides instead (for every
 * process).
 */
export async function selectMainProcessBackend(): Promise<BackendSelection> {
  if (process.env[wasmThreadsEnvironmentVariable] !== undefined) return selectBackend();
  const threads = Math.min(availableParallelism(), 64);
  return selectBackend(threads > 1 ? { wasmThreads: threads } : {});
}
