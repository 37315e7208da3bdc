/**
 * Runs a WebAssembly module of our own (wasm/*.wat, assembled by scripts/assemble-wasm.mjs) on
 * tfjs-backend-wasm's memory: the module imports that memory, so its kernels read and write
 * the backend's tensors in place, at the byte offsets the backend keeps for them.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** A WebAssembly memory, as far as these kernels use it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The WebAssembly JavaScript API, as far as these kernels use it (the project's TypeScript libs omit it). */
interface WasmApi {
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

const webAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The parts of tfjs-backend-wasm's `BackendWasm` and its Emscripten module our kernels use. */
export interface WasmBackendParts {
  readonly wasm: {
    readonly asm?: { readonly memory?: unknown };
    readonly wasmMemory?: unknown;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
  };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/** One of our modules in its two assembled variants (base64). */
export interface AssembledModule {
  /** Imports a plain memory (tfjs-backend-wasm's single-threaded builds). */
  readonly plain: string;
  /** Imports a shared memory (its threaded build). */
  readonly shared: string;
}

/** The bytes of a base64 text (browsers and Node.js alike). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The memory of a tfjs-backend-wasm backend (`asm.memory`; `wasmMemory` in the threaded build). */
export function memoryOf(backend: WasmBackendParts): WasmMemory | undefined {
  const candidate = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  return webAssembly !== undefined && candidate instanceof webAssembly.Memory ? candidate : undefined;
}

/**
 * Instantiates `assembled` on backends' memories, once per memory, and returns the exports
 * for a backend, or undefined when this runtime cannot run the module there (no WebAssembly
 * SIMD, or a backend whose memory cannot be found).
 */
export function moduleOnBackendMemory<Exports>(assembled: AssembledModule): (backend: WasmBackendParts) => Exports | undefined {
  const compiled = new Map<'plain' | 'shared', object | null>();
  const instances = new WeakMap<WasmMemory, Exports>();
  const moduleFor = (kind: 'plain' | 'shared'): object | null => {
    if (!compiled.has(kind)) {
      const bytes = decodeBase64(assembled[kind]);
      compiled.set(kind, webAssembly?.validate(bytes) === true ? new webAssembly.Module(bytes) : null);
    }
    return compiled.get(kind) ?? null;
  };
  return (backend) => {
    const memory = memoryOf(backend);
    if (memory === undefined || webAssembly === undefined) return undefined;
    let exports = instances.get(memory);
    if (exports === undefined) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const module = moduleFor(shared ? 'shared' : 'plain');
      if (module === null) return undefined;
      exports = new webAssembly.Instance(module, { env: { memory } }).exports as Exports;
      instances.set(memory, exports);
    }
    return exports;
  };
}

/** A float32 view of `length` values at byte offset `pointer` (make it after any allocation: growth replaces the buffer). */
export function float32View(memory: WasmMemory, pointer: number, length: number): Float32Array {
  return new Float32Array(memory.buffer, pointer, length);
}

/** A float64 view of `length` values at byte offset `pointer`. */
export function float64View(memory: WasmMemory, pointer: number, length: number): Float64Array {
  return new Float64Array(memory.buffer, pointer, length);
}
