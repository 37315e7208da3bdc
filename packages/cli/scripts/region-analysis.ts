/**
 * Where does a variant's ranking come from: the placement of the regions, or the order inside them?
 * Reads the `results.json` of `fewshot run` and prints, per variant and seed, Kendall tau-b against
 * the truth of (a) the estimates, (b) every estimate replaced by its region's mean estimate
 * ("between regions"), and (c) every region's estimates shifted so that their mean equals the
 * region's true mean ("within regions"). Regions are those of the ground-truth table (the paper's
 * split of edge 1<-0 for the shipped tables). Used for docs/results/few-shot-vs-one-shot.md:
 *
 *   npx tsx --conditions=@fewshot/source packages/cli/scripts/region-analysis.ts runs/three-seeds/results.json
 */
import { readFileSync } from 'node:fs';
import { kendallTau } from '@fewshot/benchmarks';
import type { ExperimentResults } from '../src/pipeline/experiment-results.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: region-analysis.ts <results.json>\n');
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as ExperimentResults;
const truth = results.groundTruth.accuracies;
const regions = results.groundTruth.regions;
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const deviation = (values: readonly number[]): number => {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / Math.max(1, values.length - 1));
};
const regionMeans = (values: readonly number[]): Map<string, number> =>
  new Map([...new Set(regions)].map((region) => [region, mean(values.filter((_, index) => regions[index] === region))]));
const trueMeans = regionMeans(truth);

const rows = new Map<string, { whole: number[]; between: number[]; within: number[] }>();
for (const seed of results.seeds) {
  for (const variant of seed.variants) {
    const estimates = variant.estimates;
    const estimatedMeans = regionMeans(estimates);
    const between = estimates.map((_, index) => estimatedMeans.get(regions[index] as string) as number);
    const within = estimates.map(
      (value, index) => value - (estimatedMeans.get(regions[index] as string) as number) + (trueMeans.get(regions[index] as string) as number),
    );
    const row = rows.get(variant.name) ?? { whole: [], between: [], within: [] };
    row.whole.push(kendallTau({ x: estimates, y: truth }));
    row.between.push(kendallTau({ x: between, y: truth }));
    row.within.push(kendallTau({ x: within, y: truth }));
    rows.set(variant.name, row);
  }
}
const best = kendallTau({ x: regions.map((region) => trueMeans.get(region) as number), y: truth });
const lines = [
  `${file}: seeds ${results.seeds.map((seed) => seed.seed).join(', ')}; "between regions" with the regions in their true order: ${best.toFixed(3)}`,
  '',
  '| variant | tau per seed | tau | between regions | within regions |',
  '|---|---|---:|---:|---:|',
];
const format = (values: readonly number[]): string => `${mean(values).toFixed(3)} ± ${deviation(values).toFixed(3)}`;
for (const [name, row] of rows) {
  lines.push(`| ${name} | ${row.whole.map((value) => value.toFixed(3)).join(', ')} | ${format(row.whole)} | ${format(row.between)} | ${format(row.within)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
