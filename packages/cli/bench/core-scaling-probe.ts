/**
 * The speed bench's reference for parallel scaling (`bench/speed.ts`, section 4): a fixed
 * floating-point loop over a 256 KB array, which stays in a core's own cache, timed in its own
 * process. The bench runs it alone and as two processes at once, next to each round of the
 * parallel-training measurement, to show how well this machine's two cores run two processes at
 * that moment: on a virtual machine the other core's neighbours come and go. Prints one JSON line.
 */
const values = new Float32Array(65_536).fill(1);
const passes = 30_000;
const started = performance.now();
for (let pass = 0; pass < passes; pass += 1) {
  for (let index = 0; index < values.length; index += 1) values[index] = (values[index] as number) * 0.999 + 0.001;
}
const milliseconds = performance.now() - started;
process.stdout.write(`${JSON.stringify({ milliseconds, value: values[0] })}\n`);
