import { join } from 'node:path';
import { writeFileAtomically } from '../internal/write-file-atomically.js';
import type { ExperimentResults, Spread, VariantResult } from '../pipeline/experiment-results.js';
import { formatSeconds } from '../progress/progress-board.js';
import { groupedBarChart, lineChart, scatterChart } from './svg-charts.js';

function formatSpread(spread: Spread, digits: number): string {
  if (spread.values.length <= 1) return spread.mean.toFixed(digits);
  return `${spread.mean.toFixed(digits)} ± ${spread.standardDeviation.toFixed(digits)}`;
}

function fileName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The report's summary table (also printed by `fewshot run`): one row per variant with the
 * mean ± standard deviation over seeds.
 *
 * @example
 * ```ts
 * process.stdout.write(summaryTable(results));
 * ```
 */
export function summaryTable(results: ExperimentResults): string {
  const lines = [
    '| variant | training steps | Kendall tau | Spearman | precision@k | top pick: true accuracy |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of results.summary) {
    lines.push(
      `| ${row.name} | ${row.trainingSteps.toLocaleString('en-US')} | ${formatSpread(row.kendallTau, 3)} | ${formatSpread(row.spearman, 3)} | ` +
        `${formatSpread(row.precisionAtK, 2)} | ${formatSpread(row.topPickTrueAccuracy, 2)}% |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `results.json`, `report.md` and its SVG plots (estimate vs truth per variant, per-region
 * Kendall tau, training curves) into `directory`, each file atomically. Returns the path of
 * `report.md`.
 *
 * @example
 * ```ts
 * const reportPath = await writeExperimentReport({ results, directory: 'runs/default' }); // 'runs/default/report.md'
 * ```
 */
export async function writeExperimentReport(options: {
  /** What {@link runExperiment} returned. */
  readonly results: ExperimentResults;
  /** The folder to write into (created when missing); existing files of the same names are replaced. */
  readonly directory: string;
}): Promise<string> {
  const { results, directory } = options;
  await writeFileAtomically({ file: join(directory, 'results.json'), text: `${JSON.stringify(results, null, 1)}\n` });
  const first = results.seeds[0];
  const figures: string[] = [];
  if (first !== undefined) {
    const regionNames = [...new Set(first.variants[0]?.perRegion.map((region) => String(region.group)) ?? [])];
    for (const variant of first.variants) {
      const svg = scatterChart({
        title: `${variant.name} (seed ${first.seed}): tau ${variant.metrics.kendallTau?.toFixed(3) ?? 'n/a'}`,
        xLabel: 'estimated accuracy (%)',
        yLabel: 'true accuracy (%)',
        points: variant.estimates.map((estimate, index) => ({
          x: estimate,
          y: truthOf(results, index),
          group: Math.max(0, regionNames.indexOf(regionOf(results, index))),
        })),
        groups: regionNames,
      });
      const file = `scatter-${fileName(variant.name)}.svg`;
      await writeFileAtomically({ file: join(directory, file), text: svg });
      figures.push(`![${variant.name}: estimate vs truth](${file})`);
    }
    const perRegion = groupedBarChart({
      title: `Kendall tau inside each region (mean over ${results.seeds.length} seed(s))`,
      yLabel: 'Kendall tau',
      categories: regionNames,
      series: first.variants.map((variant) => ({
        name: variant.name,
        values: regionNames.map((region) => meanRegionTau(results, variant.name, region)),
      })),
    });
    await writeFileAtomically({ file: join(directory, 'per-region-tau.svg'), text: perRegion });
    figures.push('![Kendall tau per region](per-region-tau.svg)');
    const curves = lineChart({
      title: `Training loss (seed ${first.seed})`,
      xLabel: 'epoch of the supernet',
      yLabel: 'training loss',
      series: uniqueCurves(first.variants).map((curve) => ({
        name: curve.name,
        points: curve.history.map((record, index) => [index + 1, record.loss] as const),
      })),
    });
    await writeFileAtomically({ file: join(directory, 'training-curves.svg'), text: curves });
    figures.push('![Training curves](training-curves.svg)');
  }
  const markdown = reportMarkdown(results, figures);
  await writeFileAtomically({ file: join(directory, 'report.md'), text: markdown });
  return join(directory, 'report.md');
}

function truthOf(results: ExperimentResults, index: number): number {
  return results.groundTruth.accuracies[index] ?? Number.NaN;
}

function regionOf(results: ExperimentResults, index: number): string {
  return results.groundTruth.regions[index] ?? '';
}

function meanRegionTau(results: ExperimentResults, variantName: string, region: string): number | null {
  const values = results.seeds
    .map((seed) => seed.variants.find((variant) => variant.name === variantName)?.perRegion.find((group) => String(group.group) === region)?.kendallTau)
    .filter((value): value is number => typeof value === 'number');
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function uniqueCurves(variants: readonly VariantResult[]): { name: string; history: VariantResult['curves'][number]['history'] }[] {
  const seen = new Map<string, VariantResult['curves'][number]['history']>();
  for (const variant of variants) for (const curve of variant.curves) if (!seen.has(curve.name)) seen.set(curve.name, curve.history);
  return [...seen].map(([name, history]) => ({ name, history }));
}

function reportMarkdown(results: ExperimentResults, figures: readonly string[]): string {
  const { config } = results;
  const lines: string[] = [];
  lines.push(`# ${config.name}: one-shot vs few-shot`, '');
  lines.push(
    `${results.groundTruth.count} architectures from \`${results.groundTruth.file}\` (truth: ${results.groundTruth.scoredOn}); ` +
      `seeds ${config.seeds.join(', ')}; ${formatSeconds(results.seconds)} on ${results.machine.cpus} cores ` +
      `(${results.machine.backend}, ${results.machine.workers} worker process(es), Node ${results.machine.node}).`,
    '',
  );
  lines.push('## Summary', '', summaryTable(results));
  lines.push(
    'Training steps count every supernet step behind a variant (the one-shot supernet plus its sub-supernets). ' +
      'The equal-budget one-shot supernet continues the one-shot supernet for as many steps as the first split\'s sub-supernets took together.',
    '',
  );
  lines.push('## Per region (paper split of edge 1<-0)', '');
  lines.push('Kendall tau inside each region, and the mean estimate next to the mean truth (calibration across regions).', '');
  const regions = results.seeds[0]?.variants[0]?.perRegion.map((region) => String(region.group)) ?? [];
  lines.push(`| variant | ${regions.map((region) => `tau ${region}`).join(' | ')} |`);
  lines.push(`|---|${regions.map(() => '---:').join('|')}|`);
  for (const variant of results.seeds[0]?.variants ?? []) {
    lines.push(`| ${variant.name} | ${regions.map((region) => meanRegionTau(results, variant.name, region)?.toFixed(3) ?? 'n/a').join(' | ')} |`);
  }
  lines.push('');
  lines.push(`| variant (seed ${results.seeds[0]?.seed}) | ${regions.map((region) => `mean estimate / truth ${region}`).join(' | ')} |`);
  lines.push(`|---|${regions.map(() => '---:').join('|')}|`);
  for (const variant of results.seeds[0]?.variants ?? []) {
    lines.push(
      `| ${variant.name} | ${variant.perRegion.map((region) => `${region.meanPredicted.toFixed(1)} / ${region.meanTruth.toFixed(1)}`).join(' | ')} |`,
    );
  }
  lines.push('');
  lines.push('## Per seed', '');
  lines.push('| seed | variant | supernets | steps | tau | Spearman | p@k | top pick | its truth (rank) |', '|---:|---|---:|---:|---:|---:|---:|---|---:|');
  for (const seed of results.seeds) {
    for (const variant of seed.variants) {
      lines.push(
        `| ${seed.seed} | ${variant.name} | ${variant.supernets} | ${variant.trainingSteps.toLocaleString('en-US')} | ${variant.metrics.kendallTau?.toFixed(3) ?? 'n/a'} | ` +
          `${variant.metrics.spearman?.toFixed(3) ?? 'n/a'} | ${variant.metrics.precisionAtK.toFixed(2)} | \`${variant.topPick.architecture}\` | ` +
          `${variant.topPick.trueAccuracy.toFixed(2)}% (${variant.topPick.trueRank}) |`,
      );
    }
  }
  lines.push('');
  const withPlans = results.seeds[0]?.variants.filter((variant) => variant.plans.length > 0) ?? [];
  if (withPlans.length > 0) {
    lines.push(`## Split decisions (seed ${results.seeds[0]?.seed})`, '');
    for (const variant of withPlans) {
      lines.push(`### ${variant.name}`, '');
      for (const plan of variant.plans) {
        lines.push(`- level ${plan.level}, region \`${plan.region}\`: split ${plan.decision} into ${plan.groups.map((group) => `{${group}}`).join(' ')} — ${plan.reason}`);
      }
      lines.push('');
    }
  }
  lines.push('## Figures', '', ...figures.flatMap((figure) => [figure, '']));
  lines.push('## Configuration', '', '```json', JSON.stringify(config, null, 2), '```', '');
  return lines.join('\n');
}
