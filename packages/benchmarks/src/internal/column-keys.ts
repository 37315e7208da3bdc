import type { RawSet } from './benchmark-backend.js';

/** Key of an accuracy column: one value per architecture. */
export function accuracyKey(hp: string, dataset: string, set: RawSet | string, seed: number | 'mean', epoch: number): string {
  return `accuracy|${hp}|${dataset}|${set}|${seed}|${epoch}`;
}

/** Key of a column of training seconds for all `hp` epochs (NATS `train-all-time` at the last epoch). */
export function trainTimeKey(hp: string, dataset: string, seed: number | 'mean'): string {
  return `train-seconds-total|${hp}|${dataset}|${seed}`;
}

/** Key of an evaluation-seconds-per-epoch column (mean over seeds). */
export function evaluationTimeKey(hp: string, dataset: string, set: string): string {
  return `evaluation-seconds-per-epoch|${hp}|${dataset}|${set}`;
}

/** Key of a params / flops / latency column (millions, millions, seconds). */
export function costKey(kind: 'params' | 'flops' | 'latency', hp: string, dataset: string): string {
  return `${kind}|${hp}|${dataset}`;
}

/** Key of a device latency column (milliseconds). */
export function deviceKey(device: string): string {
  return `device-latency-ms|${device}`;
}

/** The parts of a key. */
export function parseKey(key: string): string[] {
  return key.split('|');
}
