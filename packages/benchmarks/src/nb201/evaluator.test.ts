import { createRng } from '@fewshot/core';
import { isNasBench201OutputReachable } from '@fewshot/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasNatsFixtures, hasNb201Csv, natsTopologyFolder, nb201CsvPath, nb201LatencyCsvPath, skipReason } from '../testing/shared-data.js';
import { createNasBench201CostModel } from './cost-model.js';
import { createNasBench201Evaluator } from './evaluator.js';
import { groupNasBench201ByCanonicalForm } from './isomorphism.js';
import { loadNasBench201Csv, type NasBench201CsvBenchmark } from './load-nb201-csv.js';
import type { NasBench201Benchmark } from './nb201-types.js';
import { openNatsBenchSimple } from './open-nats-simple.js';

const best = [3, 3, 3, 1, 3, 2];

describe(`createNasBench201Evaluator on the CSV table${skipReason(hasNb201Csv, 'nb201/nb201.csv')}`, () => {
  let benchmark: NasBench201CsvBenchmark;
  beforeAll(async () => {
    if (hasNb201Csv) benchmark = await loadNasBench201Csv({ path: nb201CsvPath, latencyPath: nb201LatencyCsvPath });
  });

  it.skipIf(!hasNb201Csv)('implements the Evaluator contract, with fidelity as hp', async () => {
    const evaluator = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test' });
    expect(evaluator.name).toBe('nas-bench-201 cifar10 test hp200');
    const [top, worst] = await evaluator.evaluate({ architectures: [best, benchmark.architectureAt(0)] });
    expect(top?.accuracy).toBeCloseTo(94.3733, 4);
    expect(top?.architecture).toEqual(best);
    expect(top?.cost).toBeUndefined(); // the CSV records no times
    expect(top?.metrics).toEqual({ index: 6111, params: benchmark.column('params_c10_M')[6111] });
    expect(worst?.architecture).toEqual(benchmark.architectureAt(0));
    const [short] = await evaluator.evaluate({ architectures: [best], fidelity: 12 });
    expect(short?.accuracy).toBe(benchmark.column('c10_test_12')[6111]);
    await expect(evaluator.evaluate({ architectures: [best], fidelity: 50 })).rejects.toThrow(/unknown hp 50; this benchmark holds 12, 200/);
    await expect(evaluator.evaluate({ architectures: [best, [0, 1]] })).rejects.toMatchObject({ argument: 'options.architectures[1]', code: 'invalid-argument' });
    const controller = new AbortController();
    controller.abort();
    await expect(evaluator.evaluate({ architectures: [best], signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it.skipIf(!hasNb201Csv)('counts epochs as cost on the CSV, and reports latency as an objective or constraint', async () => {
    const costModel = createNasBench201CostModel({ benchmark, dataset: 'cifar10', unit: 'epochs' });
    const evaluator = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'valid', costModel, latencyDevice: 'pixel3', maxLatencyMs: 10, infeasibleAccuracy: 0 });
    const [fast, slow] = await evaluator.evaluate({ architectures: [benchmark.architectureAt(0), best], fidelity: 12 });
    expect(fast?.cost).toBe(12);
    expect(fast?.metrics?.['latencyMs']).toBeCloseTo(3.60585, 10);
    expect(fast?.metrics?.['feasible']).toBe(1);
    expect(fast?.accuracy).toBe(benchmark.column('c10valid_valid_12')[0]);
    const slowLatency = benchmark.deviceLatency({ index: 6111, device: 'pixel3' });
    expect(slow?.metrics?.['latencyMs']).toBe(slowLatency);
    expect(slow?.metrics?.['feasible']).toBe(slowLatency <= 10 ? 1 : 0);
    if (slowLatency > 10) expect(slow?.accuracy).toBe(0);
    expect(() => createNasBench201CostModel({ benchmark, dataset: 'cifar10' }).cost({ index: 0 })).toThrow(/the CSV table records no training times for cifar10-valid at hp 200; use unit 'epochs'/);
    expect(() => createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', latencyDevice: 'tpu' })).toThrow(/unknown device "tpu"/);
    expect(() => createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', maxLatencyMs: 5 })).toThrow(/a latency constraint needs latencyDevice/);
    expect(() => createNasBench201Evaluator({ benchmark, dataset: 'mnist' as never, split: 'test' })).toThrow(/createNasBench201Evaluator: unknown dataset "mnist"/);
    await expect(createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', rng: createRng({ seed: 1 }) }).evaluate({ architectures: [best] })).rejects.toThrow(/holds no per-seed results/);
  });

  it.skipIf(!hasNb201Csv)('groups isomorphic cells; canonical mode gives every member the same answer', async () => {
    const groups = groupNasBench201ByCanonicalForm({ benchmark });
    const total = groups.reduce((sum, group) => sum + group.indices.length, 0);
    expect(total).toBe(15_625);
    // A class never mixes cells whose output is cut off from the input with cells whose output is not;
    // the cut-off classes hold exactly the 341 cells at 10% on CIFAR-10.
    const c10 = benchmark.column('c10_test_200_nats');
    let cutOff = 0;
    for (const group of groups) {
      const reachable = group.indices.map((index) => isNasBench201OutputReachable(benchmark.architectureAt(index)));
      expect(new Set(reachable).size).toBe(1);
      if (!reachable[0]) {
        cutOff += group.indices.length;
        expect(group.indices.every((index) => c10[index] === 10)).toBe(true);
      }
    }
    expect(cutOff).toBe(341);
    const group = groups.find((candidate) => candidate.indices.length > 2 && candidate.indices.some((index) => c10[index] !== c10[candidate.canonicalIndex]));
    expect(group).toBeDefined();
    const own = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test' });
    const canonical = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', isomorphism: 'canonical' });
    const members = (group?.indices ?? []).map((index) => benchmark.architectureAt(index));
    const ownScores = (await own.evaluate({ architectures: members })).map((evaluation) => evaluation.accuracy);
    const canonicalScores = (await canonical.evaluate({ architectures: members })).map((evaluation) => evaluation.accuracy);
    expect(new Set(ownScores).size).toBeGreaterThan(1);
    expect(new Set(canonicalScores)).toEqual(new Set([c10[group?.canonicalIndex as number]]));
  });
});

describe(`createNasBench201Evaluator on NATS records${skipReason(hasNatsFixtures, 'nats-bench fixtures')}`, () => {
  let benchmark: NasBench201Benchmark;
  beforeAll(async () => {
    if (hasNatsFixtures) benchmark = await openNatsBenchSimple({ path: natsTopologyFolder });
  });

  it.skipIf(!hasNatsFixtures)('reports recorded training seconds as cost and draws seeds from an Rng', async () => {
    const architecture = benchmark.architectureAt(11);
    const evaluator = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'valid' });
    const [full] = await evaluator.evaluate({ architectures: [architecture] });
    expect(full?.cost).toBeCloseTo(2492.411359151204, 8); // cifar10-valid, 200 epochs, mean over 3 seeds
    expect(full?.metrics).toMatchObject({ index: 11, flops: 113.95137, params: 0.802426 });
    const [short] = await evaluator.evaluate({ architectures: [architecture], fidelity: 12 });
    expect(short?.cost).toBeCloseTo(149.54468154907227, 8);
    const seeded = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', rng: createRng({ seed: 7 }) });
    const again = createNasBench201Evaluator({ benchmark, dataset: 'cifar10', split: 'test', rng: createRng({ seed: 7 }) });
    const draws = await seeded.evaluate({ architectures: Array.from({ length: 12 }, () => architecture) });
    const repeat = await again.evaluate({ architectures: Array.from({ length: 12 }, () => architecture) });
    expect(draws.map((evaluation) => evaluation.metrics?.['seed'])).toEqual(repeat.map((evaluation) => evaluation.metrics?.['seed']));
    expect(new Set(draws.map((evaluation) => evaluation.metrics?.['seed']))).toEqual(new Set([777, 888, 999]));
    for (const evaluation of draws) {
      expect(evaluation.accuracy).toBe(benchmark.query({ index: 11, dataset: 'cifar10', split: 'test', seed: evaluation.metrics?.['seed'] as number }).accuracy);
    }
    const withEvaluation = createNasBench201CostModel({ benchmark, dataset: 'cifar10', split: 'valid', includeEvaluation: true });
    // NATS simulate_train_eval: train-all-time + valid-per-time (cifar10-valid x-valid: 4.151 s per epoch).
    expect(withEvaluation.cost({ index: 11 })).toBeCloseTo(2492.411359151204 + 4.151251713434855, 8);
    expect(createNasBench201CostModel({ benchmark, dataset: 'cifar100', split: 'test' }).cost({ index: 11, epoch: 9, hp: 12 })).toBeCloseTo(24.924113591512043 * 10, 8);
  });
});
