/**
 * Prints a Markdown summary of a ground-truth table (for docs/results/ground-truth.md):
 *
 *   npx tsx --conditions=@fewshot/source packages/cli/scripts/summarize-ground-truth.ts <table.json>
 */
import { kendallTau } from '@fewshot/benchmarks';
import { readGroundTruthTable } from '../src/ground-truth/ground-truth-table.js';
import { formatSeconds } from '../src/progress/progress-board.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: summarize-ground-truth.ts <table.json>\n');
  process.exit(2);
}
const table = await readGroundTruthTable({ file });
const accuracies = table.entries.map((entry) => entry.accuracy);
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const deviation = (values: readonly number[]): number => {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / Math.max(1, values.length - 1));
};
const lines: string[] = [];
lines.push(`Table \`${file}\`: ${table.entries.length} architectures x ${table.config.seeds.length} seed(s), scored on ${table.scoredOn}.`, '');
lines.push(`- Command: \`${table.command}\``);
lines.push(`- Machine: ${table.machine.cpus} cores, Node ${table.machine.node}, backend ${table.machine.backend}, ${table.machine.workers} worker process(es)`);
lines.push(`- Time: ${formatSeconds(table.seconds)} wall clock (${table.started} to ${table.finished}); ${formatSeconds(table.processSeconds)} of training added over processes`);
lines.push(
  `- Training: ${table.config.training.epochs} epochs, batch ${table.config.training.batchSize}, SGD lr ${table.config.training.learningRate.initial} -> ${table.config.training.learningRate.final} (cosine per step), momentum ${table.config.training.momentum}${table.config.training.nesterov ? ' (Nesterov)' : ''}, weight decay ${table.config.training.weightDecay}`,
);
lines.push(`- Network: C=${table.config.network.channels}, N=${table.config.network.cellsPerStage}; data ${table.config.data.source}${table.config.data.resize ? ` resized to ${table.config.data.resize.height}x${table.config.data.resize.width}` : ''}`, '');
lines.push(`Accuracy over all architectures: mean ${mean(accuracies).toFixed(2)}%, standard deviation ${deviation(accuracies).toFixed(2)}, min ${Math.min(...accuracies).toFixed(2)}%, max ${Math.max(...accuracies).toFixed(2)}%.`, '');
lines.push('| region | architectures | mean | std | min | max |', '|---|---:|---:|---:|---:|---:|');
for (const region of [...new Set(table.entries.map((entry) => entry.region))]) {
  const values = table.entries.filter((entry) => entry.region === region).map((entry) => entry.accuracy);
  lines.push(`| ${region} | ${values.length} | ${mean(values).toFixed(2)} | ${deviation(values).toFixed(2)} | ${Math.min(...values).toFixed(2)} | ${Math.max(...values).toFixed(2)} |`);
}
if (table.config.seeds.length > 1) {
  const differences = table.entries.map((entry) => Math.abs((entry.runs[0]?.accuracy ?? 0) - (entry.runs[1]?.accuracy ?? 0)));
  lines.push('', `Seed-to-seed difference of the same architecture: mean ${mean(differences).toFixed(2)} points, max ${Math.max(...differences).toFixed(2)}.`);
}
const agreement = table.entries.map((entry) => mean(entry.runs.map((run) => run.testAccuracy)));
lines.push('', `Mean accuracy on the experiment's own test set (${table.config.data.source}): ${mean(agreement).toFixed(2)}%.`);
lines.push(
  `Kendall tau between the table's accuracy and the accuracy on the experiment's own test set: ${kendallTau({ x: accuracies, y: agreement }).toFixed(3)} ` +
    '(how much the ranking depends on which test images score it).',
);
if (table.config.seeds.length > 1) {
  const first = table.entries.map((entry) => entry.runs[0]?.accuracy ?? Number.NaN);
  const second = table.entries.map((entry) => entry.runs[1]?.accuracy ?? Number.NaN);
  lines.push(`Kendall tau between seed ${table.config.seeds[0]} and seed ${table.config.seeds[1]}: ${kendallTau({ x: first, y: second }).toFixed(3)} (the ceiling any estimator faces).`);
}
process.stdout.write(`${lines.join('\n')}\n`);
