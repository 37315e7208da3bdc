/** Seeded test values without test-framework dependencies (shared by tests and the bench). */
import { createRng } from '@fewshot/core';

/** Seeded standard-normal values for a tensor of `shape`. */
export function normalValues(shape: readonly number[], seed: number): Float32Array {
  const rng = createRng({ seed });
  const size = shape.reduce((product, extent) => product * extent, 1);
  const values = new Float32Array(size);
  for (let index = 0; index < size; index += 1) values[index] = rng.normal();
  return values;
}
