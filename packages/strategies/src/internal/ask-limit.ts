import type { AskOptions } from '../contracts/strategy.js';
import { requireNumber, requireObject } from './validate.js';

/** Reads `options.limit` of an `ask` call: a positive integer or undefined. */
export function readLimit(functionName: string, options: AskOptions | undefined): number | undefined {
  if (options === undefined) return undefined;
  const object = requireObject(functionName, 'options', options);
  if (object['limit'] === undefined) return undefined;
  return requireNumber(functionName, 'options.limit', object['limit'], { integer: true, minimum: 1 });
}
