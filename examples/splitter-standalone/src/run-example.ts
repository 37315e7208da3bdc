/**
 * The whole few-shot flow with @fewshot/splitter and only what it builds on: a tiny supernet,
 * a short one-shot warm-up on real Fashion-MNIST (8x8), a gradient-matching split plan, the
 * sub-supernets, routing, and the few-shot ensemble as an Evaluator.
 */
import { createRng, type Architecture, type Evaluation } from '@fewshot/core';
import { loadEmbeddedFashionMnist, selectPerClass } from '@fewshot/datasets';
import { nasBench201 } from '@fewshot/search-space';
import {
  applySplitPlan,
  assertRegionPartition,
  createFewShotEnsemble,
  planFixedEdgeSplit,
  planGradientMatchingSplit,
  routeArchitecture,
  splitPlanFromJson,
  splitSupernet,
  type SplitPlan,
} from '@fewshot/splitter';
import { createSupernet } from '@fewshot/supernet';
import { evaluateArchitectures, trainSupernet } from '@fewshot/trainers';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** What the example found, for printing and for its test. */
export interface ExampleResult {
  readonly fixedPlan: SplitPlan;
  readonly gradientPlan: SplitPlan;
  readonly childSizes: readonly number[];
  readonly routes: readonly number[];
  readonly architectures: readonly Architecture[];
  readonly ensembleEvaluations: readonly Evaluation[];
  readonly directEvaluations: readonly Evaluation[];
}

/** Runs the example; `log` receives one line per step. */
export async function runExample(log: (line: string) => void = () => {}): Promise<ExampleResult> {
  await tf.setBackend('cpu');
  const rng = createRng({ seed: 2022 });
  const { train, test } = await loadEmbeddedFashionMnist({ resize: { height: 8, width: 8 } });
  const trainSubset = selectPerClass({ dataset: train, perClass: 8, rng });
  const testSubset = selectPerClass({ dataset: test, perClass: 4, rng });

  // 1. A tiny one-shot supernet (C = 4, N = 1, 8x8 grey images), warmed up for one epoch.
  const supernet = createSupernet({ channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 1], rng });
  await trainSupernet({ supernet, data: { dataset: trainSubset, batchSize: 16 }, epochs: 1, seed: 1, learningRate: { initial: 0.05, final: 0.01 } });
  log(`warm-up done: ${supernet.trainableVariables().length} trainable variables`);

  // 2. Plans: few-shot NAS's fixed edge, and GM-NAS's gradient matching (serialisable JSON).
  const fixedPlan = planFixedEdgeSplit({ region: supernet.region });
  log(fixedPlan.reason);
  const gradientPlan = await planGradientMatchingSplit({
    supernet,
    data: { dataset: trainSubset, batchSize: 16 },
    batchCount: 2,
    rng: rng.fork('gradient-matching'),
  });
  log(gradientPlan.reason);
  const restored = splitPlanFromJson({ space: nasBench201, json: JSON.parse(JSON.stringify(gradientPlan)) });
  const childRegions = applySplitPlan({ region: supernet.region, plan: restored });
  assertRegionPartition({ parent: supernet.region, children: childRegions });

  // 3. Split: sub-supernets that start as exact copies of the parent's weights.
  const children = splitSupernet({ supernet, plan: restored, initialization: 'copy' });
  try {
    const childSizes = children.map((child) => child.region.size);
    log(`children: ${children.map((child) => `${child.region.label} (${child.region.size})`).join('; ')}`);

    // 4. Route and evaluate through the ensemble (an Evaluator any search strategy can use).
    const architectures: Architecture[] = [[3, 3, 3, 1, 3, 2], [1, 0, 0, 0, 0, 1], [2, 4, 1, 3, 0, 3], [0, 1, 2, 3, 4, 0]];
    const routes = architectures.map((architecture) => routeArchitecture({ members: children, architecture }));
    const data = { dataset: testSubset, batchSize: 20 };
    const ensemble = createFewShotEnsemble({ members: children, data, partitionOf: supernet.region });
    const ensembleEvaluations = await ensemble.evaluate({ architectures });
    const directEvaluations = (
      await Promise.all(architectures.map((architecture, index) => evaluateArchitectures({ supernet: children[routes[index]!]!.supernet, architectures: [architecture], data })))
    ).flat();
    ensembleEvaluations.forEach((evaluation, index) =>
      log(`${nasBench201.encode(evaluation.architecture)} -> member ${routes[index]}: ${evaluation.accuracy.toFixed(1)}% (loss ${evaluation.loss?.toFixed(3)})`),
    );
    return { fixedPlan, gradientPlan, childSizes, routes, architectures, ensembleEvaluations, directEvaluations };
  } finally {
    children.forEach((child) => child.supernet.dispose());
    supernet.dispose();
  }
}
