import { join } from 'node:path';
import { InvalidArgumentError } from '@fewshot/core';
import { writeFileAtomically } from '../internal/files.js';
import { describeValue, requireOptions } from '../internal/validate.js';
import { autoGanSpace, formatAutoGanArchitecture } from '../space/autogan-space.js';
import type { AutoGanExperimentResult, SeedStatistic } from './experiment-result.js';

/**
 * Options of {@link writeAutoGanReport}.
 *
 * @example
 * ```ts
 * const options: WriteAutoGanReportOptions = { result, directory: 'runs/autogan-small' };
 * ```
 */
export interface WriteAutoGanReportOptions {
  /** What runAutoGanExperiment returned. */
  readonly result: AutoGanExperimentResult;
  /** The folder to write `report.md` and `result.json` into (created if needed). */
  readonly directory: string;
}

const fixed = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
const meanSd = (value: SeedStatistic, digits = 2): string => (value.values.length < 2 ? fixed(value.mean, digits) : `${fixed(value.mean, digits)} ± ${fixed(value.standardDeviation, digits)}`);
const minutes = (seconds: number): string => `${(seconds / 60).toFixed(1)} min`;

/**
 * Renders an experiment result as Markdown (the text of `report.md`).
 *
 * @example
 * ```ts
 * import { formatAutoGanReport } from '@fewshot/autogan';
 * console.log(formatAutoGanReport({ result }));
 * ```
 */
export function formatAutoGanReport(options: { readonly result: AutoGanExperimentResult }): string {
  requireOptions('formatAutoGanReport', options, '{ result }');
  const { result } = options;
  if (typeof result !== 'object' || result === null || result.kind !== 'autogan') {
    throw new InvalidArgumentError({ functionName: 'formatAutoGanReport', argument: 'options.result', message: `expected an AutoGAN experiment result, got ${describeValue(result)}` });
  }
  const { config } = result;
  const lines: string[] = [];
  const arch = (architecture: readonly number[]) => `\`${formatAutoGanArchitecture({ architecture })}\``;
  lines.push(`# AutoGAN experiment: ${result.name}`, '');
  lines.push(
    `Backend \`${result.backend}\`; data ${result.data.source} (${result.data.trainImages} training, ${result.data.testImages} test images, padded to 32 x 32); seeds ${config.seeds.join(', ')}.`,
    `Started ${result.startedAt}, finished ${result.finishedAt}; this call took ${minutes(result.seconds)}; the compute of all phases (cached ones included) was ${minutes(result.computeSeconds)}.`,
    '',
  );
  lines.push(
    '> **These are classifier scores, not Inception scores.** IS and FD below are computed with small CNNs trained on',
    '> Fashion-MNIST (penultimate features, test split as reference). They are not comparable with published',
    '> Inception-based IS/FID (e.g. AutoGAN\'s 8.55 / 12.42 on CIFAR-10), only with each other at the same classifier,',
    `> sample size (${config.metrics.samples} images) and preprocessing.`,
    '',
  );
  lines.push('## Classifiers and the real-data reference', '');
  lines.push('| classifier | widths | epochs | seed | test accuracy | IS of real test images | FD floor (train vs test) | training |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const classifier of result.classifiers) {
    lines.push(
      `| ${classifier.role === 'reward' ? 'A (search reward)' : 'B (evaluation)'} | ${classifier.widths.join('/')} | ${classifier.epochs} | ${classifier.seed} | ${fixed(classifier.testAccuracy)}% | ${fixed(
        classifier.realTest.inceptionScore,
      )} ± ${fixed(classifier.realTest.inceptionScoreStandardDeviation)} | ${fixed(classifier.floor, 3)} | ${minutes(classifier.trainingSeconds)} |`,
    );
  }
  lines.push('');
  lines.push('## Results over seeds (the selected final model of each method)', '');
  lines.push('Mean ± sample standard deviation over seeds. FD: lower is better; IS: higher is better (at most 10).', '');
  lines.push('| method | seeds | FD (B) | IS (B) | FD (A) | IS (A) | search compute | D steps | reward images |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const row of result.summary) {
    lines.push(
      `| ${row.method} | ${row.seeds} | ${meanSd(row.evaluationFrechetDistance)} | ${meanSd(row.evaluationInceptionScore)} | ${meanSd(row.rewardFrechetDistance)} | ${meanSd(row.rewardInceptionScore)} | ${minutes(
        row.searchSeconds.mean,
      )} | ${fixed(row.discriminatorSteps.mean, 0)} | ${fixed(row.rewardImages.mean, 0)} |`,
    );
  }
  lines.push('');
  if (result.pairedDifferences.length > 0) {
    lines.push('Paired per seed, few-shot minus one-shot FD under classifier B (negative: few-shot better):', '');
    for (const difference of result.pairedDifferences) {
      lines.push(`- ${difference.method}: ${meanSd(difference.evaluationFrechetDistance, 3)} (per seed: ${difference.evaluationFrechetDistance.values.map((value) => fixed(value, 3)).join(', ')})`);
    }
    lines.push('');
  }
  lines.push('## Per seed', '');
  for (const entry of result.seeds) {
    lines.push(`### Seed ${entry.seed}`, '');
    lines.push('| method | final model | search reward | FD (B) | IS (B) | FD (A) | IS (A) | resets | search compute | training |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const run of entry.methods) {
      for (const model of run.finalModels) {
        const chosen = run.selected === model ? ' (selected)' : '';
        lines.push(
          `| ${run.method}${chosen} | ${arch(model.architecture)}${model.subSupernet === undefined ? '' : ` (sub ${model.subSupernet + 1})`} | ${fixed(model.searchReward)} | ${fixed(model.evaluation.frechetDistance, 3)} | ${fixed(
            model.evaluation.inceptionScore,
          )} | ${fixed(model.reward.frechetDistance, 3)} | ${fixed(model.reward.inceptionScore)} | ${run.resets} | ${minutes(run.totals.seconds)} | ${minutes(model.trainingSeconds)} |`,
        );
      }
    }
    lines.push('');
    for (const run of entry.methods) {
      if (run.subSupernets === undefined) continue;
      lines.push(`${run.method}: sub-supernets`, '');
      for (const sub of run.subSupernets) {
        lines.push(`- ${sub.region}: best ${arch(sub.best.architecture)} (reward ${fixed(sub.best.rescoredReward)}), ${sub.totals.discriminatorSteps} D steps, ${minutes(sub.totals.seconds)}, ${sub.resets} resets`);
      }
      lines.push('');
    }
  }
  lines.push('## Configuration', '');
  const search = config.search;
  lines.push(
    `- Search: gf ${search.generator.channels}, df ${search.discriminator.channels}, ${search.maxIterations} iterations (grow at ${search.growSteps.join(' and ')}), ${
      search.sharedSteps === undefined ? `${search.sharedEpochs} epochs` : `${search.sharedSteps} D steps`
    } of shared training per iteration, batches ${search.discriminatorBatchSize}/${search.generatorBatchSize}, n_critic ${search.criticSteps}, Adam ${search.learningRate} (${search.beta1}, ${search.beta2}).`,
    `- Controller: LSTM ${search.controller.hiddenSize}, ${search.controller.steps} steps per iteration, ${search.controller.mode} REINFORCE, lr ${search.controller.learningRate}, baseline decay ${search.controller.baselineDecay}, entropy ${search.controller.entropyCoefficient}; reward = classifier-A IS of ${search.rewardSamples} images; top ${search.beamWidth} of ${search.candidates}; re-scored on ${search.rescoreSamples} images.`,
    `- Dynamic reset: ${search.dynamicReset.enabled ? `window ${search.dynamicReset.window}, variance threshold ${search.dynamicReset.threshold}` : 'off'}.`,
    `- Few-shot: ${config.fewShot.enabled ? `split ${autoGanSpace.decisions[config.fewShot.decision]?.label ?? config.fewShot.decision} into one sub-supernet per option after ${config.fewShot.forkIteration} one-shot iterations; budgets ${config.fewShot.budgets.join(', ')}` : 'off'}.`,
    `- Final training: top ${config.finalTraining.architectures} per method, gf ${config.finalTraining.generatorChannels}, df ${config.finalTraining.discriminatorChannels}, ${config.finalTraining.generatorSteps} G steps (n_critic ${config.finalTraining.criticSteps}), batches ${config.finalTraining.discriminatorBatchSize}/${config.finalTraining.generatorBatchSize}, EMA ${config.finalTraining.averageDecay}; the selected model of a method is its lowest FD under classifier A.`,
    `- Metrics: ${config.metrics.samples} generated images against ${config.metrics.samples} test images, IS over ${config.metrics.splits} splits.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `report.md` (see {@link formatAutoGanReport}) and `result.json` into a folder,
 * each to a temporary file first and then renamed. Returns the report's path.
 *
 * @example
 * ```ts
 * import { writeAutoGanReport } from '@fewshot/autogan';
 * const path = await writeAutoGanReport({ result, directory: 'runs/autogan-small' });
 * ```
 */
export async function writeAutoGanReport(options: WriteAutoGanReportOptions): Promise<string> {
  requireOptions('writeAutoGanReport', options, '{ result, directory }');
  if (typeof options.directory !== 'string' || options.directory === '') {
    throw new InvalidArgumentError({ functionName: 'writeAutoGanReport', argument: 'options.directory', message: `expected a folder path, got ${describeValue(options.directory)}` });
  }
  const report = formatAutoGanReport({ result: options.result });
  const path = join(options.directory, 'report.md');
  await writeFileAtomically(join(options.directory, 'result.json'), `${JSON.stringify(options.result, null, 2)}\n`);
  await writeFileAtomically(path, report);
  return path;
}
