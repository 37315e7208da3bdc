/** Test helper: asserts the values of nats-bench/fixture-summary.json through any benchmark. */
import { expect } from 'vitest';
import type { NasBench201Benchmark, NasBench201Dataset, NasBench201Split } from '../nb201/nb201-types.js';

export interface FixtureEntry {
  readonly seeds: number[];
  readonly final_acc_mean: Record<string, number>;
  readonly flop_M: number;
  readonly params_M: number;
  readonly latency_s: number[];
}
export type FixtureSummary = Record<string, { arch_str: string } & Record<'hp12' | 'hp200', Record<NasBench201Dataset, FixtureEntry>>>;

/** Asserts every value of fixture-summary.json through a benchmark; returns how many values were checked. */
export function assertFixtureSummary(benchmark: NasBench201Benchmark, summary: FixtureSummary): number {
  let checked = 0;
  for (const [indexText, entry] of Object.entries(summary)) {
    const index = Number(indexText);
    expect(benchmark.architectureString(index)).toBe(entry.arch_str);
    expect(benchmark.indexOf(entry.arch_str)).toBe(index);
    checked += 1;
    for (const hpKey of ['hp12', 'hp200'] as const) {
      const hp = hpKey.slice(2);
      for (const [dataset, expected] of Object.entries(entry[hpKey]) as [NasBench201Dataset, FixtureEntry][]) {
        const info = benchmark.costInfo({ index, dataset, hp });
        expect(info.seeds).toEqual(expected.seeds);
        expect(info.flops).toBeCloseTo(expected.flop_M, 10);
        expect(info.params).toBeCloseTo(expected.params_M, 10);
        const meanLatency = expected.latency_s.reduce((sum, value) => sum + value, 0) / expected.latency_s.length;
        expect(info.latency).toBeCloseTo(meanLatency, 12);
        checked += 3 + expected.seeds.length + expected.latency_s.length;
        for (const [split, accuracy] of Object.entries(expected.final_acc_mean)) {
          const result = benchmark.query({ index, dataset, split: split as NasBench201Split, hp });
          expect(result.accuracy).toBeCloseTo(accuracy, 10);
          expect(result.seeds).toEqual(expected.seeds);
          expect(result.epoch).toBe(Number(hp) - 1);
          checked += 1;
        }
      }
    }
  }
  return checked;
}

