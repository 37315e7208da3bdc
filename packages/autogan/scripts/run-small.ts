/**
 * Runs the small AutoGAN experiment (one-shot vs few-shot on Fashion-MNIST padded to 32 x 32)
 * and writes `report.md` and `result.json` into its output folder.
 *
 *   npx tsx --conditions=@fewshot/source packages/autogan/scripts/run-small.ts \
 *     [--config packages/autogan/configs/small-fashion-mnist.json] [--workers 2] [--seeds 1,2,3] [--output runs/autogan-small]
 *
 * With `--workers N > 1`, the classifiers are trained first, then the seeds run in up to N
 * child processes (each caches its phases in the output folder), and a final pass in this
 * process collects the cached results into the report. Every phase is cached, so re-running
 * the same command after an interruption continues where it stopped.
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAutoGanExperimentConfig, runAutoGanExperiment, writeAutoGanReport, type AutoGanExperimentConfig, type AutoGanExperimentEvent } from '../src/index.js';

const argumentsMap = new Map<string, string>();
const rest = process.argv.slice(2);
for (let index = 0; index < rest.length; index += 2) argumentsMap.set(rest[index] as string, rest[index + 1] as string);
const here = dirname(fileURLToPath(import.meta.url));
const configPath = resolve(argumentsMap.get('--config') ?? resolve(here, '../configs/small-fashion-mnist.json'));
const workers = Number(argumentsMap.get('--workers') ?? '1');
const parsed = parseAutoGanExperimentConfig({ json: JSON.parse(await readFile(configPath, 'utf8')), directory: dirname(configPath) });
const seeds = argumentsMap.has('--seeds') ? (argumentsMap.get('--seeds') as string).split(',').map(Number) : parsed.seeds;
const output = argumentsMap.has('--output') ? resolve(argumentsMap.get('--output') as string) : parsed.output;
const config: AutoGanExperimentConfig = { ...parsed, seeds, output };
const childSeed = process.env['AUTOGAN_CHILD_SEED'];

const started = Date.now();
const stamp = (): string => `[${((Date.now() - started) / 60000).toFixed(1).padStart(5)} min${childSeed === undefined ? '' : ` seed ${childSeed}`}]`;
function log(event: AutoGanExperimentEvent): void {
  switch (event.type) {
    case 'phase-start':
      console.log(`${stamp()} start ${event.phase}${event.seed === undefined ? '' : ` (seed ${event.seed})`}`);
      break;
    case 'phase-end':
      console.log(`${stamp()} done  ${event.phase}${event.seed === undefined ? '' : ` (seed ${event.seed})`}: ${event.seconds.toFixed(0)} s${event.cached ? ' (cached)' : ''}`);
      break;
    case 'classifier-epoch':
      console.log(`${stamp()} ${event.role} classifier epoch ${event.epoch}/${event.epochs}: loss ${event.loss.toFixed(3)}, train accuracy ${event.trainAccuracy.toFixed(1)}%`);
      break;
    case 'search': {
      const inner = event.event;
      if (inner.type === 'iteration-end') {
        const s = inner.summary;
        console.log(
          `${stamp()} ${event.run} it ${s.iteration} stage ${s.stage}: D ${s.meanDiscriminatorLoss?.toFixed(3)} G ${s.meanGeneratorLoss?.toFixed(3)} reward ${s.meanReward?.toFixed(3)} entropy ${s.meanEntropy?.toFixed(2)}${s.reset ? ' RESET' : ''} (${s.seconds.toFixed(0)} s)`,
        );
      } else if (inner.type === 'stage-start') {
        console.log(`${stamp()} ${event.run} stage ${inner.stage}: beam ${inner.beam.map((entry) => entry.reward.toFixed(2)).join(', ')}`);
      } else if (inner.type === 'dynamic-reset') {
        console.log(`${stamp()} ${event.run} dynamic reset at iteration ${inner.iteration} (var G ${inner.generatorLossVariance.toExponential(2)}, var D ${inner.discriminatorLossVariance.toExponential(2)})`);
      }
      break;
    }
    case 'final-training':
      console.log(`${stamp()} training ${event.architecture.join(' ')}: G step ${event.generatorStep}/${event.generatorSteps}, D ${event.discriminatorLoss.toFixed(3)}, G ${event.generatorLoss.toFixed(3)}`);
      break;
    case 'model-evaluated':
      console.log(
        `${stamp()} ${event.method} ${event.model.architecture.join(' ')}: FD(B) ${event.model.evaluation.frechetDistance.toFixed(3)} IS(B) ${event.model.evaluation.inceptionScore.toFixed(2)} FD(A) ${event.model.reward.frechetDistance.toFixed(3)}${event.model.cached ? ' (cached)' : ''}`,
      );
      break;
  }
}

if (childSeed !== undefined) {
  await runAutoGanExperiment({ config: { ...config, seeds: [Number(childSeed)] }, output, onEvent: log });
  process.exit(0);
}

if (workers > 1 && seeds.length > 1) {
  // Classifiers first (in this process, so the children find them cached), then the seeds in parallel.
  await runAutoGanExperiment({ config: { ...config, seeds: [] }, output, onEvent: log });
  const queue = [...seeds];
  const runChild = (seed: number): Promise<void> =>
    new Promise((resolvePromise, reject) => {
      const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
        env: { ...process.env, AUTOGAN_CHILD_SEED: String(seed) },
        execArgv: process.execArgv,
      });
      child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`seed ${seed} exited with ${code}`))));
    });
  await Promise.all(
    Array.from({ length: Math.min(workers, seeds.length) }, async () => {
      for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) await runChild(seed);
    }),
  );
}
const result = await runAutoGanExperiment({ config, output, onEvent: log });
const path = await writeAutoGanReport({ result, directory: output });
console.log(`${stamp()} report: ${path}`);
for (const row of result.summary) {
  console.log(`${row.method}: FD(B) ${row.evaluationFrechetDistance.mean.toFixed(3)} ± ${row.evaluationFrechetDistance.standardDeviation.toFixed(3)}, IS(B) ${row.evaluationInceptionScore.mean.toFixed(2)}`);
}
