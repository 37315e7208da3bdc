import { FileFormatError } from '@fewshot/core';
import { BufferReader, NameRegistry, Parser } from 'pickleparser';

/** A numpy dtype as reconstructed from a pickle: its type string (e.g. `f8`, `<i8`). */
export interface PickledDtype {
  readonly numpyDtype: string;
}

/** An object of a Python class we do not reconstruct (kept so that normalisers can name it). */
export interface UnknownPythonObject {
  readonly pythonClass: string;
  readonly args: readonly unknown[];
}

function dtypeOf(type: unknown): PickledDtype {
  return { numpyDtype: typeof type === 'string' ? type : String(type) };
}

function numpyScalar(dtype: unknown, data: unknown): number | UnknownPythonObject {
  const type = (dtype as PickledDtype | undefined)?.numpyDtype?.replace(/^[<=|]/, '');
  if (data instanceof Uint8Array) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (type === 'f8' && data.length === 8) return view.getFloat64(0, true);
    if (type === 'f4' && data.length === 4) return view.getFloat32(0, true);
    if (type === 'i8' && data.length === 8) return Number(view.getBigInt64(0, true));
    if (type === 'i4' && data.length === 4) return view.getInt32(0, true);
  }
  return { pythonClass: `numpy scalar of dtype ${type ?? '?'}`, args: [dtype, data] };
}

function encodeText(text: unknown, encoding: unknown): Uint8Array | UnknownPythonObject {
  if (typeof text === 'string' && (encoding === 'latin1' || encoding === 'latin-1' || encoding === 'iso-8859-1')) {
    return Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);
  }
  return { pythonClass: '_codecs.encode', args: [text, encoding] };
}

function createRegistry(): NameRegistry {
  const registry = new NameRegistry();
  const orderedDict = () => new Map();
  const set = (items?: Iterable<unknown>) => new Set(items ?? []);
  registry.register('collections', 'OrderedDict', orderedDict);
  registry.register('builtins', 'set', set);
  registry.register('__builtin__', 'set', set);
  registry.register('builtins', 'frozenset', set);
  registry.register('__builtin__', 'frozenset', set);
  for (const module of ['numpy', 'numpy.core.multiarray', 'numpy._core.multiarray']) {
    registry.register(module, 'dtype', dtypeOf);
  }
  // Protocol 2 has no bytes opcode: Python 3 writes bytes as _codecs.encode(text, 'latin1').
  registry.register('_codecs', 'encode', encodeText);
  registry.register('numpy.core.multiarray', 'scalar', numpyScalar);
  registry.register('numpy._core.multiarray', 'scalar', numpyScalar);
  return registry;
}

/** A pickle parser that builds `Map` dictionaries (tuple keys) and `Set`s, and reconstructs numpy scalars. */
export function createPickleParser(): Parser {
  return new Parser({
    nameResolver: createRegistry(),
    unpicklingTypeOfDictionary: 'Map',
    unpicklingTypeOfSet: 'Set',
    persistentResolver: {
      resolve: (id: unknown) => {
        throw new PersistentIdError(id);
      },
    },
  });
}

/** Raised inside the parser when a pickle refers to an external object (a tensor storage). */
export class PersistentIdError extends Error {
  constructor(readonly persistentId: unknown) {
    super('persistent id');
  }
}

/** Parses one pickle from `reader` (or from the start of `bytes`), mapping every failure to a `FileFormatError`. */
export function unpickle(options: {
  readonly functionName: string;
  readonly argument: string;
  readonly path: string;
  readonly bytes?: Uint8Array;
  readonly reader?: BufferReader;
  readonly what?: string;
}): unknown {
  const { functionName, argument, path } = options;
  const reader = options.reader ?? new BufferReader(options.bytes ?? new Uint8Array(0));
  const what = options.what ?? 'pickle';
  try {
    return createPickleParser().read(reader);
  } catch (error) {
    if (error instanceof PersistentIdError) {
      throw new FileFormatError({
        functionName,
        argument,
        message: `${path}: the ${what} refers to external storage (persistent id ${JSON.stringify(String(error.persistentId))}); benchmark files hold no tensors`,
      });
    }
    const detail = error instanceof Error ? error.message : String(error);
    const truncated = /end of file|more bytes|end of line/i.test(detail);
    throw new FileFormatError({
      functionName,
      argument,
      message: `${path}: ${truncated ? 'truncated' : 'corrupt or unsupported'} ${what} (${detail})`,
      cause: error,
    });
  }
}
