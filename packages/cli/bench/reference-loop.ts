/**
 * The speed bench's reference work for parallel scaling: a floating-point loop over a 256 KB
 * array, which stays in a core's own cache, with no memory traffic between cores. Two copies of
 * it in two processes show how much of 2x this machine's two cores give at a moment; on a
 * virtual machine the other core's neighbours come and go. Used by `core-scaling-probe.ts`
 * (timed once) and `paced-child.ts` (run without end, its passes counted).
 */

/** The array the loop works on (256 KB of float32). */
export function referenceValues(): Float32Array {
  return new Float32Array(65_536).fill(1);
}

/** Runs `passes` passes of the loop over `values`, in place. */
export function referencePasses(values: Float32Array, passes: number): void {
  for (let pass = 0; pass < passes; pass += 1) {
    for (let index = 0; index < values.length; index += 1) values[index] = (values[index] as number) * 0.999 + 0.001;
  }
}
