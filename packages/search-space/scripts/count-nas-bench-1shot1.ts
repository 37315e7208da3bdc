/**
 * Counts the three NAS-Bench-1Shot1 spaces under every definition of
 * `countNasBench1Shot1Architectures` and prints a Markdown table with the time
 * each took. Heavy (space 3 hashes ~10^5 cells); run it alone:
 *
 *   flock /tmp/fewshot-heavy.lock npx tsx --conditions=@fewshot/source \
 *     packages/search-space/scripts/count-nas-bench-1shot1.ts
 */
import { countNasBench1Shot1Architectures, enumerateUniqueNasBench1Shot1Cells } from '../src/index.js';

const paper = { 1: 6_240, 2: 29_160, 3: 363_648 } as const;
const format = (value: number): string => value.toLocaleString('en-US');

console.log('| space | configurations | ignoring ops of dangling blocks | distinct pruned cells | unique NB101 hashes | paper | count time | unique-cell generator check |');
console.log('|---|---|---|---|---|---|---|---|');
for (const searchSpace of [1, 2, 3] as const) {
  const started = performance.now();
  const counts = countNasBench1Shot1Architectures({ searchSpace });
  const countSeconds = (performance.now() - started) / 1000;
  const generatorStarted = performance.now();
  let generated = 0;
  for (const _ of enumerateUniqueNasBench1Shot1Cells({ searchSpace })) generated += 1;
  const generatorSeconds = (performance.now() - generatorStarted) / 1000;
  const check = generated === counts.uniqueCells ? 'agrees' : `DISAGREES (${format(generated)})`;
  console.log(
    `| ${searchSpace} | ${format(counts.configurations)} | ${format(counts.ignoringOperationsOfDanglingBlocks)} | ${format(counts.distinctPrunedCells)} | ${format(counts.uniqueCells)} | ${format(paper[searchSpace])} | ${countSeconds.toFixed(1)} s | ${check} in ${generatorSeconds.toFixed(1)} s |`,
  );
}
console.log(`\nNode ${process.version}, ${new Date().toISOString()}`);
