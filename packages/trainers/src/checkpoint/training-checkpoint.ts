import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileFormatError, type RngState } from '@fewshot/core';
import type { SgdOptimizerState } from '../optimizer/sgd-optimizer.js';

const format = 'fewshot-training-checkpoint';
const version = 1;

/**
 * Anything whose weights a checkpoint can hold (a `Supernet` or a `StandaloneNetwork`).
 *
 * @example
 * ```ts
 * const network: CheckpointableNetwork = supernet;
 * ```
 */
export interface CheckpointableNetwork {
  /** Writes the weights into a folder. */
  save(options: {
    /** The folder to write (created; existing weights in it are replaced). */
    readonly directory: string;
  }): Promise<void>;
  /** Reads weights written by `save` into this network. */
  load(options: {
    /** A folder written by `save` of a network with the same variables. */
    readonly directory: string;
  }): Promise<void>;
}

/**
 * The numbers a training checkpoint stores next to the weights.
 *
 * @example
 * ```ts
 * const state: CheckpointState = { fingerprint: 'abc', completedEpochs: 3, step: 300, rngState, history: [] };
 * ```
 */
export interface CheckpointState<History = unknown> {
  /** Identifies the run configuration; resuming with another configuration is refused. */
  readonly fingerprint: string;
  /** Epochs finished when the checkpoint was written. */
  readonly completedEpochs: number;
  /** Optimiser steps taken so far. */
  readonly step: number;
  /** The trainer's generator state after the last completed epoch. */
  readonly rngState: RngState;
  /** Per-epoch records so far. */
  readonly history: readonly History[];
}

interface StoredState<History> extends CheckpointState<History> {
  readonly format: typeof format;
  readonly version: number;
  readonly optimizer: readonly { readonly name: string; readonly shape: readonly number[]; readonly offset: number }[];
}

/**
 * Writes a checkpoint (weights, optimiser state, generator state, epoch) into
 * `<directory>/checkpoint` atomically: everything is written into a temporary folder first,
 * which then replaces the previous checkpoint by renames, so that a run killed at any moment
 * leaves a complete checkpoint behind (the new one or the previous one).
 *
 * @example
 * ```ts
 * await writeTrainingCheckpoint({ directory: 'runs/one-shot', network: supernet, optimizer: optimizer.getState(), state });
 * ```
 */
export async function writeTrainingCheckpoint<History>(options: {
  /** The run's checkpoint folder (created); the checkpoint goes to `<directory>/checkpoint`. */
  readonly directory: string;
  /** The network whose current weights are saved (not changed). */
  readonly network: CheckpointableNetwork;
  /** The optimiser's momentum buffers, e.g. `optimizer.getState()`. */
  readonly optimizer: SgdOptimizerState;
  /** The run's progress: fingerprint, epochs, steps, generator state and history. */
  readonly state: CheckpointState<History>;
}): Promise<void> {
  const { directory, network, optimizer, state } = options;
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `checkpoint.tmp-${process.pid}`);
  const final = join(directory, 'checkpoint');
  const previous = join(directory, 'checkpoint.old');
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  await network.save({ directory: join(temporary, 'network') });

  const entries: { name: string; shape: readonly number[]; offset: number }[] = [];
  let length = 0;
  for (const [name, buffer] of optimizer.buffers) {
    entries.push({ name, shape: buffer.shape, offset: length });
    length += buffer.values.length;
  }
  const values = new Float32Array(length);
  for (const [index, [, buffer]] of [...optimizer.buffers].entries()) values.set(buffer.values, entries[index]!.offset);
  await writeFile(join(temporary, 'optimizer.bin'), new Uint8Array(values.buffer));
  const stored: StoredState<History> = { format, version, ...state, optimizer: entries };
  await writeFile(join(temporary, 'state.json'), `${JSON.stringify(stored)}\n`);

  await rm(previous, { recursive: true, force: true });
  if (existsSync(final)) await rename(final, previous);
  await rename(temporary, final);
  await rm(previous, { recursive: true, force: true });
}

/**
 * What {@link readTrainingCheckpoint} returns.
 *
 * @example
 * ```ts
 * const checkpoint: TrainingCheckpoint | undefined = await readTrainingCheckpoint({ directory });
 * ```
 */
export interface TrainingCheckpoint<History = unknown> {
  /** The stored numbers. */
  readonly state: CheckpointState<History>;
  /** The optimiser's momentum buffers. */
  readonly optimizer: SgdOptimizerState;
  /** The folder holding the network weights, for `network.load({ directory })`. */
  readonly networkDirectory: string;
}

/**
 * Reads the checkpoint in `<directory>/checkpoint` (or the previous one, when a run was killed
 * between the two renames of {@link writeTrainingCheckpoint}); undefined when there is none.
 *
 * @example
 * ```ts
 * const checkpoint = await readTrainingCheckpoint({ directory: 'runs/one-shot' });
 * if (checkpoint) await supernet.load({ directory: checkpoint.networkDirectory });
 * ```
 */
export async function readTrainingCheckpoint<History = unknown>(options: {
  /** The folder given to {@link writeTrainingCheckpoint} as `directory`. */
  readonly directory: string;
}): Promise<TrainingCheckpoint<History> | undefined> {
  const candidates = [join(options.directory, 'checkpoint'), join(options.directory, 'checkpoint.old')];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'state.json')));
  if (found === undefined) return undefined;
  const statePath = join(found, 'state.json');
  let stored: StoredState<History>;
  try {
    stored = JSON.parse(await readFile(statePath, 'utf8')) as StoredState<History>;
  } catch (error) {
    throw new FileFormatError({
      functionName: 'readTrainingCheckpoint',
      argument: 'options.directory',
      message: `${statePath} is not valid JSON`,
      cause: error,
    });
  }
  if (stored.format !== format || stored.version !== version) {
    throw new FileFormatError({
      functionName: 'readTrainingCheckpoint',
      argument: 'options.directory',
      message: `${statePath} is not a version ${version} ${format} (format ${String(stored.format)}, version ${String(stored.version)})`,
    });
  }
  const bytes = await readFile(join(found, 'optimizer.bin'));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const buffers = new Map<string, { shape: readonly number[]; values: Float32Array }>();
  for (const entry of stored.optimizer) {
    const size = entry.shape.reduce((product, dimension) => product * dimension, 1);
    if (entry.offset + size > values.length) {
      throw new FileFormatError({
        functionName: 'readTrainingCheckpoint',
        argument: 'options.directory',
        message: `${join(found, 'optimizer.bin')} is truncated: buffer "${entry.name}" ends at ${entry.offset + size} of ${values.length} values`,
      });
    }
    buffers.set(entry.name, { shape: entry.shape, values: values.slice(entry.offset, entry.offset + size) });
  }
  const { fingerprint, completedEpochs, step, rngState, history } = stored;
  return {
    state: { fingerprint, completedEpochs, step, rngState, history },
    optimizer: { buffers },
    networkDirectory: join(found, 'network'),
  };
}
