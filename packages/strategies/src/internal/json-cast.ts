import type { JsonValue } from '../contracts/json.js';

/** Types a plain-data value (interfaces have no index signature) as JSON. Data only: no Maps, undefined or non-finite numbers. */
export function asJson(value: unknown): JsonValue {
  return value as JsonValue;
}
