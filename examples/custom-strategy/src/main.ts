/**
 * Runs the user-written hill climber with the package's driver on NAS-Bench-201 with a
 * made-up, data-free score (so that the example runs anywhere), and prints the result.
 *
 *   npm start --workspace @fewshot/example-custom-strategy
 */
import type { Evaluator } from '@fewshot/core';
import { nasBench201 } from '@fewshot/search-space';
import { checkStrategyConformance, runSearch } from '@fewshot/strategies';
import { createHillClimbing } from './hill-climbing.js';

// A stand-in for a benchmark or a supernet: rewards 3x3 convolutions, penalises `none`.
const weights = [0, 1, 2, 3, 1.5]; // none, skip, conv1x1, conv3x3, avg_pool
export const toyEvaluator: Evaluator = {
  name: 'toy score',
  evaluate: async ({ architectures }) =>
    architectures.map((architecture) => ({
      architecture,
      accuracy: 70 + architecture.reduce((sum, option, edge) => sum + (weights[option] as number) * (edge + 1) * 0.4, 0),
    })),
};

const report = checkStrategyConformance({ space: nasBench201, create: (from) => createHillClimbing({ space: nasBench201, ...from }) });
console.log(`conformance: ${report.passed ? 'passed' : `FAILED\n  ${report.failures.join('\n  ')}`}`);

const strategy = createHillClimbing({ space: nasBench201, seed: 1 });
const result = await runSearch({
  strategy,
  evaluator: toyEvaluator,
  budget: { evaluations: 200 },
  onEvent: (event) => {
    if (event.type === 'best-change') console.log(`evaluation ${event.point.evaluations}: ${event.best.accuracy.toFixed(2)} ${nasBench201.encode(event.best.architecture)}`);
  },
});
console.log(`best after ${result.evaluations} evaluations (${result.distinctArchitectures} distinct): ${result.best?.accuracy.toFixed(2)}`);
