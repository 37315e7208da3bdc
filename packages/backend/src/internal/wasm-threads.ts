/**
 * Starting tfjs-backend-wasm 4.22's threaded SIMD build in Node.js.
 *
 * The package always uses its single-threaded build in Node, for three reasons, each
 * worked around here while the backend starts (and only then):
 *
 * 1. the flag `WASM_HAS_MULTITHREAD_SUPPORT` answers `false` whenever it runs in Node:
 *    it is set to `true`;
 * 2. the pthread worker script is handed to `worker_threads` as a `blob:` URL, which
 *    Node rejects, and the worker then loads the main script from a `Blob`, which it
 *    cannot read either: the worker script is written to a file in a temporary folder
 *    (removed when the process exits), with its main-script loading pointed at the
 *    package's own `tfjs-backend-wasm-threaded-simd.js`, and `URL.createObjectURL`
 *    returns that file's path while the backend starts;
 * 3. the C++ side caps the thread count at half the logical cores (it assumes
 *    hyper-threading): one thread on a 2-core machine. `os.cpus()` reports
 *    `2 * threads` cores while the backend starts.
 *
 * Every patched global is restored before {@link startWasmWithThreads} returns, and the thread
 * workers do not keep the process alive.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of the tfjs-backend-wasm module used here. */
interface WasmModule {
  readonly setThreadsCount?: (threads: number) => void;
  readonly getThreadsCount?: () => number;
}

/** What the worker script does with the main script in a browser, as tfjs-backend-wasm 4.22 ships it. */
const blobLoading =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

let workerScriptPath: string | undefined;

async function writeWorkerScript(): Promise<string> {
  if (workerScriptPath !== undefined) return workerScriptPath;
  const [{ createRequire }, { mkdtempSync, rmSync, writeFileSync }, { tmpdir }, { dirname, join }] = await Promise.all([
    import('node:module'),
    import('node:fs'),
    import('node:os'),
    import('node:path'),
  ]);
  const require = createRequire(import.meta.url);
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const { wasmWorkerContents } = require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  if (typeof wasmWorkerContents !== 'string' || !wasmWorkerContents.includes(blobLoading)) {
    throw new Error('the threaded worker script of this tfjs-backend-wasm version is not the one of 4.22');
  }
  // The package escapes newlines the same way before it makes its Blob.
  const script = wasmWorkerContents
    .replace(/\n/g, '\\n')
    .replace(blobLoading, `importScripts(${JSON.stringify(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'))});`);
  const directory = mkdtempSync(join(tmpdir(), 'fewshot-wasm-threads-'));
  const path = join(directory, 'tfjs-backend-wasm-threaded-simd.worker.cjs');
  writeFileSync(path, script);
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  workerScriptPath = path;
  return path;
}

/** What {@link startWasmWithThreads} did. */
export interface ThreadedStart {
  /** Whether the wasm backend runs (threaded, or single-threaded after a failed threaded start). */
  readonly started: boolean;
  /** Why the threaded build did not start, when the backend fell back to one thread. */
  readonly threadsProblem?: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the wasm backend (`tf.setBackend('wasm')`) with `threads` threads. The wasm
 * package must be loaded (`module`) and its backend not started yet. When the threaded
 * build cannot start (another tfjs-backend-wasm version, a platform without
 * `worker_threads`), it starts the single-threaded build instead and says why.
 */
export async function startWasmWithThreads(options: { readonly module: unknown; readonly threads: number }): Promise<ThreadedStart> {
  const { threads } = options;
  const module = options.module as WasmModule;
  let threadsProblem: string;
  try {
    if (await startThreaded(module, threads)) return { started: true };
    threadsProblem = 'the threaded build of tfjs-backend-wasm failed to start';
  } catch (error) {
    threadsProblem = messageOf(error);
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  module.setThreadsCount?.(1);
  return { started: await tf.setBackend('wasm'), threadsProblem };
}

async function startThreaded(module: WasmModule, threads: number): Promise<boolean> {
  if (typeof module.setThreadsCount !== 'function') {
    throw new Error('this tfjs-backend-wasm has no setThreadsCount');
  }
  const path = await writeWorkerScript();
  const os = (await import('node:os')).default as { cpus: () => unknown[] };
  const realCpus = os.cpus;
  const realCreateObjectUrl = URL.createObjectURL;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  module.setThreadsCount(threads);
  URL.createObjectURL = () => path;
  os.cpus = () => {
    const cores = realCpus();
    return Array.from({ length: 2 * threads }, (_unused, index) => cores[index % Math.max(1, cores.length)]);
  };
  let started: boolean;
  try {
    started = await tf.setBackend('wasm');
  } finally {
    URL.createObjectURL = realCreateObjectUrl;
    os.cpus = realCpus;
  }
  if (started) releaseThreadWorkers();
  return started;
}

/** The part of the Emscripten module (`BackendWasm.wasm`) that holds the pthread workers. */
interface ThreadedModule {
  readonly PThread?: {
    readonly runningWorkers?: readonly { unref?: () => void }[];
    readonly unusedWorkers?: readonly { unref?: () => void }[];
  };
}

/**
 * XNNPACK's thread pool keeps its threads alive for the life of the backend, and Emscripten
 * keeps a reference on the `worker_threads` worker of every running thread: a script would never
 * exit. The workers are released (`unref`), so the process ends when its own work does.
 */
function releaseThreadWorkers(): void {
  const module = (tf.backend() as unknown as { readonly wasm?: ThreadedModule }).wasm;
  const workers = [...(module?.PThread?.runningWorkers ?? []), ...(module?.PThread?.unusedWorkers ?? [])];
  for (const worker of workers) worker.unref?.();
}
