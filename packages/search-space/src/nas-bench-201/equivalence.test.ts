import { describe, expect, it } from 'vitest';
import type { Architecture } from '@fewshot/core';
import {
  createSimulatorWeights,
  maximumDifference,
  randomInput,
  simulateNasBench201Cell,
  type SimulatorShape,
  type SimulatorWeights,
} from '../testing/nas-bench-201-simulator.js';
import { parseNasBench201Architecture as parse } from './architecture-string.js';
import {
  canonicalNasBench201Architecture,
  canonicalNasBench201Computation,
  enumerateCanonicalNasBench201Architectures,
  nasBench201EquivalenceKey,
} from './equivalence.js';
import { nasBench201, nasBench201ArchitectureIndex } from './space.js';

const shape: SimulatorShape = { batch: 2, channels: 2, height: 4, width: 4 };
const input = randomInput({ seed: 11, shape });
const all: Architecture[] = [...nasBench201.enumerate()];

function edgeWeights(seed: number, mode: 'train' | 'eval'): SimulatorWeights[] {
  return Array.from({ length: 6 }, (_, edge) => createSimulatorWeights({ seed: seed * 10 + edge, channels: shape.channels, mode }));
}

function run(architecture: Architecture, weights: readonly SimulatorWeights[]): Float64Array {
  return simulateNasBench201Cell({ architecture, input, edgeWeights: weights, shape });
}

/** Kind-preserving bijections between the live instances of two cells (shift <-> shift of any kernel). */
function* bijections(
  from: readonly { edge: number; kind: string }[],
  to: readonly { edge: number; kind: string }[],
): Generator<Map<number, number>> {
  if (from.length !== to.length) return;
  const used = new Array<boolean>(to.length).fill(false);
  const mapping = new Map<number, number>();
  function* extend(position: number): Generator<Map<number, number>> {
    if (position === from.length) {
      yield new Map(mapping);
      return;
    }
    const source = from[position]!;
    for (let candidate = 0; candidate < to.length; candidate += 1) {
      if (used[candidate] || to[candidate]!.kind !== source.kind) continue;
      used[candidate] = true;
      mapping.set(source.edge, to[candidate]!.edge);
      yield* extend(position + 1);
      used[candidate] = false;
      mapping.delete(source.edge);
    }
  }
  yield* extend(0);
}

/** Weights for `target` that give each mapped edge the weights of its source edge; junk elsewhere. */
function transport(sourceWeights: readonly SimulatorWeights[], mapping: ReadonlyMap<number, number>, junkSeed: number, mode: 'train' | 'eval'): SimulatorWeights[] {
  const weights = edgeWeights(junkSeed, mode);
  for (const [sourceEdge, targetEdge] of mapping) weights[targetEdge] = sourceWeights[sourceEdge]!;
  return weights;
}

describe('nasBench201EquivalenceKey / canonicalNasBench201Architecture', () => {
  const equivalentPairs: [string, string, string][] = [
    [
      'edges into node 2 are dead when 3<-2 is none',
      '|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|none~2|',
      '|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_3x3~1|none~2|',
    ],
    [
      'nodes 1 and 2 swap when 2<-1 is none',
      '|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|',
      '|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|',
    ],
    [
      'node 1 = skip(x) equals node 0, so 2<-0 and 2<-1 are interchangeable',
      '|skip_connect~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|',
      '|skip_connect~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|skip_connect~2|',
    ],
    [
      'avg_pool is linear: A(x + c) = A x + A c',
      '|nor_conv_3x3~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|',
      '|nor_conv_3x3~0|+|none~0|none~1|+|avg_pool_3x3~0|avg_pool_3x3~1|none~2|',
    ],
    [
      'skip and avg_pool of an exactly-zero node contribute nothing',
      '|none~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|avg_pool_3x3~1|skip_connect~2|',
      '|none~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|',
    ],
    [
      'a convolution of an exactly-zero node is BN(0), whatever its kernel size',
      '|none~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|skip_connect~2|',
      '|none~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|',
    ],
  ];

  it.each(equivalentPairs)('identifies provably equivalent cells: %s', (_, first, second) => {
    expect(nasBench201EquivalenceKey(parse(first))).toBe(nasBench201EquivalenceKey(parse(second)));
    expect(canonicalNasBench201Architecture(parse(first))).toEqual(canonicalNasBench201Architecture(parse(second)));
  });

  const differentPairs: [string, string, string][] = [
    [
      // x + BN(0) vs x: with beta = 1 the outputs differ by 1 everywhere. The common
      // rule "edges on no input->output path become none" wrongly merges these.
      'a convolution fed by a zero node adds the constant BN(0)',
      '|none~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|',
      '|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|',
    ],
    ['identity vs average pooling (no weights at all; x != A x)', '|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|', '|none~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|'],
    ['2x vs x (no weights at all)', '|skip_connect~0|+|none~0|none~1|+|skip_connect~0|skip_connect~1|none~2|', '|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|'],
    [
      // conv_a(x) + conv_b(x) has two weight sets, 2 conv(x) one: no one-to-one weight map.
      'two convolutions of x vs one convolution counted twice',
      '|skip_connect~0|+|none~0|none~1|+|nor_conv_3x3~0|nor_conv_3x3~1|none~2|',
      '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|none~0|skip_connect~1|skip_connect~2|',
    ],
    [
      // Same expression tree A c + conv(c) with c = conv(x), but shared vs separate c.
      'one shared convolution vs two separate ones with the same tree',
      '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|none~0|avg_pool_3x3~1|skip_connect~2|',
      '|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|',
    ],
    ['conv1x1 vs conv3x3 on a non-zero input', '|none~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|', '|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|'],
    ['two cut-off cells: output 0 vs output BN(0)', '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', '|none~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|skip_connect~2|'],
  ];

  it.each(differentPairs)('keeps cells that are not equivalent apart: %s', (_, first, second) => {
    expect(nasBench201EquivalenceKey(parse(first))).not.toBe(nasBench201EquivalenceKey(parse(second)));
  });

  it('shows numerically that the common "dead edge" rule merges different functions', () => {
    const weights = edgeWeights(3, 'train');
    const withShift = run(parse(differentPairs[0]![1]), weights);
    const without = run(parse(differentPairs[0]![2]), weights);
    // They differ by beta of edge 2<-1 on every element.
    expect(maximumDifference(withShift, without)).toBeGreaterThan(0.1);
  });

  it('is a class invariant with the smallest index as representative, 5,234 classes', () => {
    const representatives = new Map<string, number>();
    for (const architecture of all) {
      const key = nasBench201EquivalenceKey(architecture);
      const canonical = canonicalNasBench201Architecture(architecture);
      expect(nasBench201EquivalenceKey(canonical)).toBe(key);
      expect(canonicalNasBench201Architecture(canonical)).toEqual(canonical);
      expect(nasBench201ArchitectureIndex(canonical)).toBeLessThanOrEqual(nasBench201ArchitectureIndex(architecture));
      if (!representatives.has(key)) representatives.set(key, nasBench201ArchitectureIndex(architecture));
      expect(nasBench201ArchitectureIndex(canonical)).toBe(representatives.get(key));
    }
    expect(representatives.size).toBe(5234);
    const listed = [...enumerateCanonicalNasBench201Architectures()];
    expect(listed.length).toBe(5234);
    expect(listed.map(nasBench201ArchitectureIndex)).toEqual([...representatives.values()]);
  });

  it('rejects what is not an architecture, naming the function', () => {
    expect(() => nasBench201EquivalenceKey([0, 0, 0])).toThrow(/nasBench201EquivalenceKey: expected 6 option indices/);
    expect(() => canonicalNasBench201Architecture([0, 0, 0, 0, 0, 5])).toThrow(/canonicalNasBench201Architecture: decision 5 \(3<-2\) has options 0..4, got 5/);
  });

  describe.each(['train', 'eval'] as const)('numerically, with batch normalisation in %s mode', (mode) => {
    it('every cell computes the same function as its representative under the canonical weight map', () => {
      const computations = all.map((architecture) => canonicalNasBench201Computation(architecture));
      const representative = new Map<string, number>();
      const representativeOutput = new Map<string, Float64Array>();
      const sourceWeights = edgeWeights(101, mode);
      let worst = 0;
      all.forEach((architecture, index) => {
        const { key, instances } = computations[index]!;
        const first = representative.get(key);
        if (first === undefined) {
          representative.set(key, index);
          representativeOutput.set(key, run(architecture, sourceWeights));
          return;
        }
        const source = computations[first]!.instances;
        expect(instances.map((instance) => instance.kind)).toEqual(source.map((instance) => instance.kind));
        // Live edge p of the representative -> live edge p of this cell; junk weights on dead edges.
        const mapping = new Map(source.map((instance, p) => [instance.edge, instances[p]!.edge] as const));
        const output = run(architecture, transport(sourceWeights, mapping, 7_000 + index, mode));
        worst = Math.max(worst, maximumDifference(output, representativeOutput.get(key)!));
      });
      expect(worst).toBeLessThan(1e-9);
    });
  });

  it('misses no equivalence: classes that agree under shared weights differ under every weight map', () => {
    // Equivalent cells agree for every weight value, in training mode (batch statistics)
    // and in inference mode (running statistics). Shared weights (one kernel per kind,
    // one batch norm) are a special case of every kind-preserving weight map, so cells
    // whose shared-weight outputs differ are certainly not equivalent. Only classes with
    // equal shared-weight outputs need the exhaustive check over all weight maps.
    const shared = Array.from({ length: 6 }, () => createSimulatorWeights({ seed: 5, channels: shape.channels, mode: 'eval' }));
    // Group cells whose shared-weight outputs are equal (up to rounding): sort by a
    // random projection and chain neighbours closer than 1e-7, then compare vectors.
    const projection = randomInput({ seed: 77, shape });
    const entries = all.map((architecture) => {
      const output = run(architecture, shared);
      let value = 0;
      for (let i = 0; i < output.length; i += 1) value += output[i]! * projection[i]!;
      return { architecture, output, value, key: nasBench201EquivalenceKey(architecture) };
    });
    entries.sort((a, b) => a.value - b.value);
    const buckets: Map<string, Architecture>[] = [];
    let current = new Map<string, Architecture>();
    entries.forEach((entry, index) => {
      const previous = entries[index - 1];
      if (previous !== undefined && entry.value - previous.value > 1e-7) {
        buckets.push(current);
        current = new Map();
      }
      if (!current.has(entry.key)) current.set(entry.key, entry.architecture);
    });
    buckets.push(current);
    let pairsChecked = 0;
    let mapsTried = 0;
    for (const bucket of buckets) {
      const members = [...bucket.values()];
      for (let i = 0; i < members.length; i += 1) {
        for (let j = i + 1; j < members.length; j += 1) {
          const a = canonicalNasBench201Computation(members[i]!);
          const b = canonicalNasBench201Computation(members[j]!);
          pairsChecked += 1;
          const evalWeights = edgeWeights(900 + pairsChecked, 'eval');
          const trainWeights = edgeWeights(900 + pairsChecked, 'train');
          const evalA = run(members[i]!, evalWeights);
          const trainA = run(members[i]!, trainWeights);
          for (const mapping of bijections(a.instances, b.instances)) {
            mapsTried += 1;
            const evalB = run(members[j]!, transport(evalWeights, mapping, 50_000 + mapsTried, 'eval'));
            const trainB = run(members[j]!, transport(trainWeights, mapping, 50_000 + mapsTried, 'train'));
            if (maximumDifference(evalA, evalB) <= 1e-6 && maximumDifference(trainA, trainB) <= 1e-6) {
              throw new Error(`missed equivalence: ${nasBench201.encode(members[i]!)} ~ ${nasBench201.encode(members[j]!)}\n${a.key}\n${b.key}`);
            }
          }
        }
      }
    }
    expect(pairsChecked).toBeGreaterThan(0);
    console.info(`equivalence completeness: ${buckets.length} groups of equal shared-weight outputs, ${pairsChecked} class pairs and ${mapsTried} weight maps checked`);
  });
});
