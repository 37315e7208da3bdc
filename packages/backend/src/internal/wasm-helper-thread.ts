/**
 * A second thread for our WebAssembly kernels on tfjs-backend-wasm's threaded build.
 *
 * That build keeps its tensors in a shared memory, and tfjs kernels run one at a time: while
 * one of our kernels runs on the main thread, the backend's own pthreads are idle. A helper
 * (a `worker_threads` worker, Node.js only) instantiates the same module on the same memory
 * and runs one call of an export while the main thread runs another; the two meet through
 * `Atomics` on a small shared control block, so a kernel stays synchronous.
 *
 * Control block (Int32Array): [0] job posted (1) or not (0); [1] job running (0), done (1) or
 * failed (2); [2] helper starting (0), ready (1) or failed to start (2); [3] argument count;
 * [4..] the export's arguments.
 */
import { decodeBase64, type WasmMemory } from './wasm-module-on-backend.js';

/** The parts of `node:worker_threads` the helper uses. */
interface WorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => {
    unref(): void;
    on(event: 'error', listener: (error: unknown) => void): void;
  };
}

const maximumArguments = 30;

const startTimeoutMilliseconds = 10_000;

const helperSource = `
const { workerData } = require('node:worker_threads');
const { memory, bytes, exportName, control } = workerData;
const state = new Int32Array(control);
let run;
try {
  run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports[exportName];
  Atomics.store(state, 2, typeof run === 'function' ? 1 : 2);
} catch {
  Atomics.store(state, 2, 2);
}
Atomics.notify(state, 2);
while (Atomics.load(state, 2) === 1) {
  Atomics.wait(state, 0, 0);
  const args = Array.from(state.subarray(4, 4 + state[3]));
  Atomics.store(state, 0, 0);
  let status = 1;
  try {
    run(...args);
  } catch {
    status = 2;
  }
  Atomics.store(state, 1, status);
  Atomics.notify(state, 1);
}
`;

/** A helper thread running one export of one module on one shared memory. */
export interface HelperThread {
  /** Starts `export(...args)` on the helper; call {@link HelperThread.finish} before the next start. */
  start(args: readonly number[]): void;
  /** Waits until the started call returns. */
  finish(): void;
}

function workerThreads(): WorkerThreads | undefined {
  const processObject = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  return processObject?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
}

/** The helpers started so far, by memory, module (base64 text) and export; null where none could start. */
const started = new WeakMap<WasmMemory, Map<string, Map<string, HelperThread | null>>>();

/**
 * The helper thread for `exportName` of the module `moduleBase64` on `memory`, started on first
 * use and kept for the memory's lifetime; undefined where there is none to be had (not Node.js,
 * a memory that is not shared, no SharedArrayBuffer, a worker that failed to start). The worker
 * does not keep the process alive.
 */
export function helperThreadFor(memory: WasmMemory, moduleBase64: string, exportName: string): HelperThread | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) return undefined;
  let byModule = started.get(memory);
  if (byModule === undefined) {
    byModule = new Map();
    started.set(memory, byModule);
  }
  let byExport = byModule.get(moduleBase64);
  if (byExport === undefined) {
    byExport = new Map();
    byModule.set(moduleBase64, byExport);
  }
  let helper = byExport.get(exportName);
  if (helper === undefined) {
    helper = startHelperThread(memory, decodeBase64(moduleBase64), exportName) ?? null;
    byExport.set(exportName, helper);
  }
  return helper ?? undefined;
}

function startHelperThread(memory: WasmMemory, bytes: Uint8Array, exportName: string): HelperThread | undefined {
  const threads = workerThreads();
  if (threads === undefined) return undefined;
  const control = new SharedArrayBuffer(4 * (4 + maximumArguments));
  const state = new Int32Array(control);
  const worker = new threads.Worker(helperSource, { eval: true, workerData: { memory, bytes, exportName, control } });
  worker.on('error', () => {
    // A worker that died while starting: the wait below times out and no helper is used.
  });
  worker.unref();
  Atomics.wait(state, 2, 0, startTimeoutMilliseconds);
  if (Atomics.load(state, 2) !== 1) return undefined;
  return {
    start(args) {
      if (args.length > maximumArguments) throw new Error(`helperThreadFor: at most ${maximumArguments} arguments`);
      state[3] = args.length;
      args.forEach((value, index) => {
        state[4 + index] = value;
      });
      Atomics.store(state, 1, 0);
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
    },
    finish() {
      while (Atomics.load(state, 1) === 0) Atomics.wait(state, 1, 0);
      if (Atomics.load(state, 1) === 2) throw new Error(`the wasm helper thread's ${exportName} call failed`);
    },
  };
}
