/**
 * The speed bench's reference for parallel scaling (`bench/speed.ts`, section 4): a fixed number
 * of passes of the reference loop (`reference-loop.ts`), timed in its own process. The bench runs
 * it alone and as two processes at once, next to each round of the parallel-training
 * measurement. Prints one JSON line.
 */
import { referencePasses, referenceValues } from './reference-loop.js';

const values = referenceValues();
const started = performance.now();
referencePasses(values, 30_000);
const milliseconds = performance.now() - started;
process.stdout.write(`${JSON.stringify({ milliseconds, value: values[0] })}\n`);
