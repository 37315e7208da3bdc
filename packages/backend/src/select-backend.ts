import { InvalidArgumentError, UnsupportedError } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendCandidate, type BackendName, backendCandidates, backendNames, isBackendName } from './backend-name.js';
import { type GradientRegistration, registerGradients } from './gradients/register-gradients.js';
import { startWasmWithThreads } from './internal/wasm-threads.js';

/**
 * The environment variable that overrides the automatic choice of {@link selectBackend}:
 * one of {@link backendNames} or `auto`.
 *
 * @example
 * ```ts
 * // FEWSHOT_BACKEND=cpu node train.js
 * import { backendEnvironmentVariable } from '@fewshot/backend';
 * console.log(process.env[backendEnvironmentVariable] ?? 'auto');
 * ```
 */
export const backendEnvironmentVariable = 'FEWSHOT_BACKEND';

/**
 * The environment variable that sets the thread count of the wasm backend when
 * {@link SelectBackendOptions.wasmThreads} is not given: an integer from 1 to 64.
 *
 * @example
 * ```ts
 * // FEWSHOT_WASM_THREADS=2 node train.js
 * import { wasmThreadsEnvironmentVariable } from '@fewshot/backend';
 * console.log(process.env[wasmThreadsEnvironmentVariable] ?? '1');
 * ```
 */
export const wasmThreadsEnvironmentVariable = 'FEWSHOT_WASM_THREADS';

const maximumWasmThreads = 64;

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * The backend to use, or `'auto'` for the first available in the order of
   * {@link backendNames}. Takes precedence over the `FEWSHOT_BACKEND` environment
   * variable. Default: the environment variable, else `'auto'`.
   */
  readonly backend?: BackendName | 'auto';
  /**
   * Where to read `FEWSHOT_BACKEND` from. Default: `process.env` (an empty object
   * where there is no `process`).
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /**
   * Loads a backend package by name. Default: a dynamic `import()`. Replace it to
   * load backends through your bundler's mechanism, or in tests.
   */
  readonly importModule?: (packageName: string) => Promise<unknown>;
  /**
   * Threads of the wasm backend in Node.js (an integer from 1 to 64), opt-in. With more
   * than one, the threaded SIMD build of tfjs-backend-wasm is started through the
   * workarounds described in the backends guide (it is disabled in Node otherwise);
   * convolutions and matrix products then use the threads. It applies when the wasm
   * backend starts, so request it in the first `selectBackend` call of a process (later calls
   * keep the running thread count and say so in `wasm.threadsProblem`).
   * Default: the `FEWSHOT_WASM_THREADS` environment variable, else 1. Use one thread
   * per process when processes already share the cores (parallel training).
   */
  readonly wasmThreads?: number;
}

/** A backend that {@link selectBackend} tried and did not use, and why. */
export interface SkippedBackend {
  /** The backend that was tried. */
  readonly backend: BackendName;
  /** Why it was not used, e.g. `@tensorflow/tfjs-node is not installed`. */
  readonly reason: string;
}

/** The result of {@link selectBackend}. */
export interface BackendSelection {
  /** The backend now active. */
  readonly backend: BackendName;
  /** Its name inside TensorFlow.js (`tf.getBackend()`): `tensorflow`, `wasm` or `cpu`. */
  readonly tensorflowBackendName: string;
  /** Who chose it: the `backend` option, the `FEWSHOT_BACKEND` environment variable, or the automatic order. */
  readonly source: 'option' | 'environment' | 'automatic';
  /** Why this backend, in words. */
  readonly reason: string;
  /** The backends tried before it (automatic order), each with the reason it was skipped. */
  readonly skipped: readonly SkippedBackend[];
  /** For `wasm`: whether the SIMD build runs and how many threads it uses. */
  readonly wasm?: {
    /** True when the SIMD build of tfjs-backend-wasm runs. */
    readonly simd: boolean;
    /** Threads of the XNNPACK thread pool: 1 in Node.js unless `wasmThreads` asked for more. */
    readonly threads: number;
    /**
     * Why the wasm backend does not run with the requested thread count (`wasmThreads`): the
     * threaded build failed to start (the single-threaded build was started instead), or the
     * backend already ran in this process with another count.
     */
    readonly threadsProblem?: string;
  };
  /** The gradient registration (see {@link registerGradients}). */
  readonly gradients: GradientRegistration;
}

type Attempt =
  | { readonly ok: true; readonly module: unknown; readonly threadsProblem?: string }
  | { readonly ok: false; readonly reason: string };

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** True when `error` says that `packageName` itself (not something inside it) cannot be found. */
function isMissingPackage(error: unknown, packageName: string): boolean {
  const message = messageOf(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const namesPackage =
    message.includes(`'${packageName}'`) ||
    message.includes(`"${packageName}"`) ||
    message.includes(`url ${packageName} `) ||
    message.includes(`import ${packageName} `);
  const saysMissing =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /cannot find (package|module)|could not resolve|failed to (load|resolve)|does the file exist/i.test(message);
  return namesPackage && saysMissing;
}

function defaultEnvironment(): Readonly<Record<string, string | undefined>> {
  const candidate = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return candidate?.env ?? {};
}

const defaultImportModule = (packageName: string): Promise<unknown> => import(/* @vite-ignore */ packageName);

async function tryBackend(
  candidate: BackendCandidate,
  importModule: (packageName: string) => Promise<unknown>,
  wasmThreads: number | undefined,
): Promise<Attempt> {
  let module: unknown;
  try {
    module = await importModule(candidate.packageName);
  } catch (error) {
    if (isMissingPackage(error, candidate.packageName)) {
      return { ok: false, reason: `${candidate.packageName} is not installed` };
    }
    return { ok: false, reason: `${candidate.packageName} failed to load: ${messageOf(error)}` };
  }
  if (tf.findBackendFactory(candidate.tensorflowBackendName) === null) {
    return {
      ok: false,
      reason: `${candidate.packageName} loaded but registered no "${candidate.tensorflowBackendName}" backend`,
    };
  }
  const threaded = candidate.backend === 'wasm' && wasmThreads !== undefined && wasmThreads > 1;
  let initialised: boolean;
  let threadsProblem: string | undefined;
  if (candidate.backend === 'wasm' && wasmThreads !== undefined && wasmAlreadyStarted()) {
    const running = wasmThreadCount(module);
    if (running !== wasmThreads) {
      threadsProblem = `the wasm backend already runs with ${running} thread(s) in this process; request ${wasmThreads} in the first selectBackend call of a process`;
    }
  }
  try {
    if (threaded && !wasmAlreadyStarted()) {
      const start = await startWasmWithThreads({ module, threads: wasmThreads });
      initialised = start.started;
      threadsProblem = start.threadsProblem;
    } else {
      initialised = await tf.setBackend(candidate.tensorflowBackendName);
    }
  } catch (error) {
    return { ok: false, reason: `the "${candidate.tensorflowBackendName}" backend failed to start: ${messageOf(error)}` };
  }
  if (!initialised) {
    return { ok: false, reason: `the "${candidate.tensorflowBackendName}" backend failed to start` };
  }
  return threadsProblem === undefined ? { ok: true, module } : { ok: true, module, threadsProblem };
}

/** True when the wasm backend has been started in this process. */
function wasmAlreadyStarted(): boolean {
  return Object.prototype.hasOwnProperty.call(tf.engine().registry, 'wasm');
}

function wasmThreadCount(module: unknown): number {
  const getThreadsCount = (module as { getThreadsCount?: () => number } | undefined)?.getThreadsCount;
  try {
    return typeof getThreadsCount === 'function' ? getThreadsCount() : 1;
  } catch {
    return 1;
  }
}

async function wasmDetails(module: unknown): Promise<{ simd: boolean; threads: number }> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { simd, threads: wasmThreadCount(module) };
}

function parseWasmThreads(
  options: SelectBackendOptions,
  environment: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const functionName = 'selectBackend';
  const expected = `expected an integer from 1 to ${maximumWasmThreads}`;
  if (options.wasmThreads !== undefined) {
    const value: unknown = options.wasmThreads;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maximumWasmThreads) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.wasmThreads',
        message: `options.wasmThreads: ${expected}, got ${String(value)}`,
      });
    }
    return value;
  }
  const text = environment[wasmThreadsEnvironmentVariable]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < 1 || value > maximumWasmThreads) {
    throw new InvalidArgumentError({
      functionName,
      argument: wasmThreadsEnvironmentVariable,
      message: `${expected} in the environment variable ${wasmThreadsEnvironmentVariable}, got ${JSON.stringify(text)}`,
    });
  }
  return value;
}

/**
 * Chooses and activates the TensorFlow.js backend, and registers the gradients
 * this package provides.
 *
 * Order, unless the `backend` option or the `FEWSHOT_BACKEND` environment
 * variable names one: `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node` (each
 * only when installed: a missing package is a reason to skip it, not an error),
 * `@tensorflow/tfjs-backend-wasm`, `@tensorflow/tfjs-backend-cpu`. The result
 * says which backend is active and why the faster ones were skipped.
 *
 * @throws InvalidArgumentError when the option or `FEWSHOT_BACKEND` is not one of
 *   {@link backendNames} or `'auto'` (the error's `argument` names which).
 * @throws UnsupportedError when the requested backend cannot be used (not
 *   installed, fails to load or to start), naming the option or variable that
 *   requested it, or when no backend at all can start.
 * @example
 * ```ts
 * import { selectBackend } from '@fewshot/backend';
 *
 * const selection = await selectBackend();
 * console.log(selection.backend, selection.reason);
 * for (const { backend, reason } of selection.skipped) console.log(`skipped ${backend}: ${reason}`);
 * // FEWSHOT_BACKEND=cpu node train.js   -> forces the cpu backend
 * ```
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const functionName = 'selectBackend';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: 'expected an options object' });
  }
  const importModule = options.importModule ?? defaultImportModule;
  if (typeof importModule !== 'function') {
    throw new InvalidArgumentError({ functionName, argument: 'options.importModule', message: 'expected a function' });
  }
  const environment = options.environment ?? defaultEnvironment();
  const wasmThreads = parseWasmThreads(options, environment);
  const expected = `expected one of ${[...backendNames, 'auto'].map((name) => `"${name}"`).join(', ')}`;

  let requested: BackendName | undefined;
  let source: BackendSelection['source'] = 'automatic';
  let requestedBy = '';
  if (options.backend !== undefined) {
    if (options.backend !== 'auto' && !isBackendName(options.backend)) {
      throw new InvalidArgumentError({
        functionName,
        argument: 'options.backend',
        message: `${expected}, got ${JSON.stringify(options.backend)}`,
      });
    }
    if (options.backend !== 'auto') {
      requested = options.backend;
      source = 'option';
      requestedBy = `options.backend = "${requested}"`;
    }
  } else {
    const fromEnvironment = environment[backendEnvironmentVariable]?.trim().toLowerCase();
    if (fromEnvironment !== undefined && fromEnvironment !== '' && fromEnvironment !== 'auto') {
      if (!isBackendName(fromEnvironment)) {
        throw new InvalidArgumentError({
          functionName,
          argument: backendEnvironmentVariable,
          message: `${expected} in the environment variable ${backendEnvironmentVariable}, got ${JSON.stringify(
            environment[backendEnvironmentVariable],
          )}`,
        });
      }
      requested = fromEnvironment;
      source = 'environment';
      requestedBy = `${backendEnvironmentVariable}=${requested}`;
    }
  }

  if (requested !== undefined) {
    const candidate = backendCandidates.find((entry) => entry.backend === requested) as BackendCandidate;
    const attempt = await tryBackend(candidate, importModule, wasmThreads);
    if (!attempt.ok) {
      throw new UnsupportedError({
        functionName,
        argument: source === 'option' ? 'options.backend' : backendEnvironmentVariable,
        message: `${requestedBy} requests the "${candidate.backend}" backend, which is not available: ${attempt.reason}`,
      });
    }
    return finish(candidate, attempt, source, `requested by ${requestedBy}`, []);
  }

  const skipped: SkippedBackend[] = [];
  for (const candidate of backendCandidates) {
    const attempt = await tryBackend(candidate, importModule, wasmThreads);
    if (attempt.ok) {
      const reason =
        skipped.length === 0
          ? 'the fastest backend in the automatic order'
          : `the first available backend in the automatic order (${skipped.map((entry) => entry.backend).join(', ')} skipped)`;
      return finish(candidate, attempt, 'automatic', reason, skipped);
    }
    skipped.push({ backend: candidate.backend, reason: attempt.reason });
  }
  throw new UnsupportedError({
    functionName,
    message: `no TensorFlow.js backend could start: ${skipped.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ')}`,
  });
}

async function finish(
  candidate: BackendCandidate,
  attempt: Extract<Attempt, { ok: true }>,
  source: BackendSelection['source'],
  reason: string,
  skipped: readonly SkippedBackend[],
): Promise<BackendSelection> {
  const gradients = registerGradients();
  const base = {
    backend: candidate.backend,
    tensorflowBackendName: candidate.tensorflowBackendName,
    source,
    reason,
    skipped,
    gradients,
  };
  if (candidate.backend !== 'wasm') return base;
  const details = await wasmDetails(attempt.module);
  const wasm = attempt.threadsProblem === undefined ? details : { ...details, threadsProblem: attempt.threadsProblem };
  return { ...base, wasm };
  return base;
}
