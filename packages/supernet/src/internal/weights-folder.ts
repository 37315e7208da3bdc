/**
 * The on-disk form of a network's weights: a folder with `manifest.json` and `weights.bin`
 * (all variables as little-endian float32, concatenated in manifest order). Written to a
 * temporary sibling folder first and renamed into place.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ChecksumError,
  FileFormatError,
  InvalidArgumentError,
  NotFoundError,
  type RegionJson,
} from '@fewshot/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ResolvedNetworkOptions } from '../network-options.js';
import type { CellBatchNorm } from '../supernet-options.js';

export const weightsFormat = '@fewshot/supernet weights';
export const weightsFormatVersion = 1;
export const manifestFileName = 'manifest.json';
export const weightsFileName = 'weights.bin';

export interface ManifestVariable {
  readonly key: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
  readonly trainable: boolean;
  readonly byteOffset: number;
}

export interface WeightsManifest {
  readonly format: typeof weightsFormat;
  readonly version: typeof weightsFormatVersion;
  readonly kind: 'supernet' | 'standalone-network';
  readonly network: ResolvedNetworkOptions;
  /** Supernets only. */
  readonly cellBatchNorm?: CellBatchNorm;
  /** Supernets only: the region whose weights the supernet holds (`null` = whole space). */
  readonly region?: RegionJson | null;
  /** Standalone networks only. */
  readonly architecture?: readonly number[];
  readonly weights: { readonly file: typeof weightsFileName; readonly byteLength: number; readonly sha256: string };
  readonly variables: readonly ManifestVariable[];
}

export type ManifestHeader = Pick<WeightsManifest, 'kind' | 'network' | 'cellBatchNorm' | 'region' | 'architecture'>;

let temporaryCounter = 0;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

async function isReplaceable(directory: string): Promise<boolean> {
  const entries = await readdir(directory);
  if (entries.length === 0) return true;
  try {
    const manifest = JSON.parse(await readFile(join(directory, manifestFileName), 'utf8')) as { format?: unknown };
    return manifest.format === weightsFormat;
  } catch {
    return false;
  }
}

/** Writes `manifest.json` + `weights.bin` for the variables (in the given order) atomically. */
export async function writeWeightsFolder(options: {
  readonly directory: string;
  readonly header: ManifestHeader;
  readonly variables: readonly (readonly [string, tf.Variable])[];
  readonly functionName: string;
}): Promise<void> {
  const { header, functionName } = options;
  if (typeof options.directory !== 'string' || options.directory.length === 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.directory',
      message: `expected a folder path, got ${JSON.stringify(options.directory) ?? String(options.directory)}`,
    });
  }
  const directory = resolve(options.directory);
  const entries: ManifestVariable[] = [];
  const chunks: Float32Array[] = [];
  let byteLength = 0;
  for (const [key, variable] of options.variables) {
    const values = (await variable.data()) as Float32Array;
    entries.push({ key, shape: [...variable.shape], dtype: 'float32', trainable: variable.trainable, byteOffset: byteLength });
    chunks.push(values);
    byteLength += values.length * 4;
  }
  const bytes = new Uint8Array(byteLength);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const chunk of chunks) {
    for (let index = 0; index < chunk.length; index += 1) {
      view.setFloat32(offset, chunk[index] as number, true);
      offset += 4;
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const manifest: WeightsManifest = {
    format: weightsFormat,
    version: weightsFormatVersion,
    ...header,
    weights: { file: weightsFileName, byteLength, sha256 },
    variables: entries,
  };

  const parent = dirname(directory);
  await mkdir(parent, { recursive: true });
  temporaryCounter += 1;
  const suffix = `${process.pid}-${Date.now()}-${temporaryCounter}`;
  const temporary = join(parent, `.${basename(directory)}.tmp-${suffix}`);
  const previous = join(parent, `.${basename(directory)}.old-${suffix}`);
  await mkdir(temporary);
  try {
    await writeFile(join(temporary, weightsFileName), bytes);
    await writeFile(join(temporary, manifestFileName), `${JSON.stringify(manifest, null, 1)}\n`);
    let replaced = false;
    try {
      const info = await stat(directory);
      if (!info.isDirectory() || !(await isReplaceable(directory))) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.directory',
          message: `${directory} exists and is not an empty folder or a folder of saved weights; refusing to replace it`,
        });
      }
      await rename(directory, previous);
      replaced = true;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    await rename(temporary, directory);
    if (replaced) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

function formatError(functionName: string, message: string, cause?: unknown): FileFormatError {
  return new FileFormatError({ functionName, argument: 'options.directory', message, cause });
}

/** Reads and checks a weights folder; returns the manifest and each variable's values. */
export async function readWeightsFolder(options: {
  readonly directory: string;
  readonly functionName: string;
}): Promise<{ readonly manifest: WeightsManifest; readonly values: Map<string, Float32Array> }> {
  const { functionName } = options;
  if (typeof options.directory !== 'string' || options.directory.length === 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.directory',
      message: `expected a folder path, got ${JSON.stringify(options.directory) ?? String(options.directory)}`,
    });
  }
  const directory = resolve(options.directory);
  const manifestPath = join(directory, manifestFileName);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
      throw new NotFoundError({ functionName, argument: 'options.directory', message: `no ${manifestFileName} in ${directory}`, cause: error });
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw formatError(functionName, `${manifestPath} is not valid JSON`, error);
  }
  const manifest = parsed as WeightsManifest;
  if (typeof parsed !== 'object' || parsed === null || manifest.format !== weightsFormat) {
    throw formatError(functionName, `${manifestPath} is not a ${weightsFormat} manifest`);
  }
  if (manifest.version !== weightsFormatVersion) {
    throw formatError(functionName, `${manifestPath} has format version ${String(manifest.version)}; this package reads version ${weightsFormatVersion}`);
  }
  if (!Array.isArray(manifest.variables) || typeof manifest.weights !== 'object' || manifest.weights === null) {
    throw formatError(functionName, `${manifestPath} lacks "variables" or "weights"`);
  }
  const weightsPath = join(directory, weightsFileName);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new NotFoundError({ functionName, argument: 'options.directory', message: `no ${weightsFileName} in ${directory}`, cause: error });
    }
    throw error;
  }
  if (bytes.length !== manifest.weights.byteLength) {
    throw formatError(functionName, `${weightsPath} has ${bytes.length} bytes, the manifest says ${String(manifest.weights.byteLength)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== manifest.weights.sha256) {
    throw new ChecksumError({
      functionName,
      argument: 'options.directory',
      message: `${weightsPath}: SHA-256 ${sha256} does not match the manifest's ${String(manifest.weights.sha256)}`,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<string, Float32Array>();
  for (const variable of manifest.variables) {
    const valid =
      typeof variable?.key === 'string' &&
      Array.isArray(variable.shape) &&
      variable.shape.every((dimension: number) => Number.isSafeInteger(dimension) && dimension >= 0) &&
      variable.dtype === 'float32' &&
      Number.isSafeInteger(variable.byteOffset);
    if (!valid) throw formatError(functionName, `${manifestPath}: bad variable entry ${JSON.stringify(variable)}`);
    const size = variable.shape.reduce((product: number, dimension: number) => product * dimension, 1);
    if (variable.byteOffset < 0 || variable.byteOffset + size * 4 > bytes.length) {
      throw formatError(functionName, `${manifestPath}: variable ${variable.key} lies outside ${weightsFileName}`);
    }
    if (values.has(variable.key)) throw formatError(functionName, `${manifestPath}: variable ${variable.key} appears twice`);
    const array = new Float32Array(size);
    for (let index = 0; index < size; index += 1) array[index] = view.getFloat32(variable.byteOffset + index * 4, true);
    values.set(variable.key, array);
  }
  return { manifest, values };
}

/** Checks that loaded values cover exactly the expected keys with the expected shapes. */
export function checkValuesMatch(options: {
  readonly manifest: WeightsManifest;
  readonly expected: readonly { readonly key: string; readonly shape: readonly number[] }[];
  readonly functionName: string;
  readonly directory: string;
}): void {
  const { manifest, expected, functionName, directory } = options;
  const saved = new Map(manifest.variables.map((variable) => [variable.key, variable.shape]));
  const missing = expected.filter((spec) => !saved.has(spec.key)).map((spec) => spec.key);
  const wanted = new Set(expected.map((spec) => spec.key));
  const extra = manifest.variables.filter((variable) => !wanted.has(variable.key)).map((variable) => variable.key);
  if (missing.length > 0 || extra.length > 0) {
    throw formatError(
      functionName,
      `${directory} holds other variables than this network: missing [${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}], unexpected [${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', ...' : ''}]`,
    );
  }
  for (const spec of expected) {
    const shape = saved.get(spec.key) as readonly number[];
    if (shape.length !== spec.shape.length || shape.some((dimension, index) => dimension !== spec.shape[index])) {
      throw formatError(functionName, `${directory}: variable ${spec.key} has shape [${shape.join(', ')}], expected [${spec.shape.join(', ')}]`);
    }
  }
}
