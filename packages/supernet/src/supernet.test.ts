import { createRng, InvalidArgumentError, StateError, type Architecture } from '@fewshot/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupernet, type Supernet } from './supernet.js';
import { bitIdentical, deterministicBatch, maxAbsoluteDifference } from './testing/tensors.js';

const tiny = { channels: 4, cellsPerStage: 1, classes: 10, inputShape: [8, 8, 3] } as const;
const best: Architecture = [3, 3, 3, 1, 3, 2]; // NB201 index 6111
const indexZero: Architecture = [4, 2, 1, 2, 1, 1];
const allNone: Architecture = [0, 0, 0, 0, 0, 0];

function oneHot(architecture: Architecture): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([...architecture], 'int32'), 5), 'float32') as tf.Tensor2D);
}

function disposeOutputs(outputs: { logits: tf.Tensor; features: tf.Tensor; layerOutputs: readonly tf.Tensor[] }): void {
  tf.dispose([outputs.logits, outputs.features, ...outputs.layerOutputs]);
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('Supernet (C=4, N=1, 8x8x3, batch 2)', () => {
  let supernet: Supernet;
  let input: tf.Tensor4D;

  beforeAll(() => {
    supernet = createSupernet({ ...tiny, rng: createRng({ seed: 1 }) });
    input = deterministicBatch([2, 8, 8, 3]);
  });
  afterAll(() => {
    supernet.dispose();
    input.dispose();
  });

  it('gives the exact layer output shapes for several architectures', () => {
    for (const architecture of [best, indexZero, allNone, [2, 4, 1, 3, 0, 4]]) {
      const outputs = supernet.forwardDetailed({ input, training: false, architecture });
      expect(outputs.layerOutputs.map((layer) => layer.shape)).toEqual([
        [2, 8, 8, 4], // stem
        [2, 8, 8, 4], // cell 0
        [2, 4, 4, 8], // reduction 0
        [2, 4, 4, 8], // cell 1
        [2, 2, 2, 16], // reduction 1
        [2, 2, 2, 16], // cell 2
      ]);
      expect(outputs.features.shape).toEqual([2, 16]);
      expect(outputs.logits.shape).toEqual([2, 10]);
      disposeOutputs(outputs);
    }
  });

  it('accepts any input size divisible by 4, grayscale, and N = 2 (3N + 3 layers)', () => {
    const gray = createSupernet({ channels: 4, cellsPerStage: 2, classes: 3, inputShape: [12, 8, 1] });
    const x = deterministicBatch([1, 12, 8, 1]);
    const outputs = gray.forwardDetailed({ input: x, training: false, architecture: best });
    expect(outputs.layerOutputs.map((layer) => layer.shape)).toEqual([
      [1, 12, 8, 4],
      [1, 12, 8, 4],
      [1, 12, 8, 4],
      [1, 6, 4, 8],
      [1, 6, 4, 8],
      [1, 6, 4, 8],
      [1, 3, 2, 16],
      [1, 3, 2, 16],
      [1, 3, 2, 16],
    ]);
    expect(outputs.logits.shape).toEqual([1, 3]);
    expect(gray.cellCount).toBe(6);
    disposeOutputs(outputs);
    x.dispose();
    gray.dispose();
  });

  it('single path equals per-cell with the same architecture in every cell (bit for bit)', async () => {
    for (const architecture of [best, indexZero]) {
      const single = supernet.forward({ input, training: false, architecture });
      const perCell = supernet.forward({ input, training: false, architecturesPerCell: [architecture, architecture, architecture] });
      expect(await bitIdentical(single, perCell)).toBe(true);
      tf.dispose([single, perCell]);
    }
  });

  it('per-cell mode runs each cell with its own architecture', async () => {
    const other: Architecture = [1, 2, 4, 0, 2, 1];
    const perCell = supernet.forwardDetailed({ input, training: false, architecturesPerCell: [best, other, other] });
    const singleBest = supernet.forwardDetailed({ input, training: false, architecture: best });
    const singleOther = supernet.forwardDetailed({ input, training: false, architecture: other });
    // Cell 0 sees the same stem output, so it matches the single path of its own architecture only.
    expect(await bitIdentical(perCell.layerOutputs[1]!, singleBest.layerOutputs[1]!)).toBe(true);
    expect(await maxAbsoluteDifference(perCell.layerOutputs[1]!, singleOther.layerOutputs[1]!)).toBeGreaterThan(1e-3);
    expect(await maxAbsoluteDifference(perCell.logits, singleBest.logits)).toBeGreaterThan(1e-4);
    expect(await maxAbsoluteDifference(perCell.logits, singleOther.logits)).toBeGreaterThan(1e-4);
    [perCell, singleBest, singleOther].forEach(disposeOutputs);
  });

  it('mixed forward with one-hot weights equals the single path (shared and per-cell weights, GDAS)', async () => {
    const architectures: Architecture[] = [best, indexZero, [0, 4, 2, 1, 0, 3]];
    for (const architecture of architectures) {
      const weights = oneHot(architecture);
      const single = supernet.forward({ input, training: false, architecture });
      const mixed = supernet.forward({ input, training: false, mixingWeights: weights });
      const gdas = supernet.forward({ input, training: false, mixingWeights: weights, activeOperations: architecture });
      expect(await maxAbsoluteDifference(single, mixed)).toBeLessThan(1e-5);
      expect(await maxAbsoluteDifference(single, gdas)).toBeLessThan(1e-5);
      tf.dispose([weights, single, mixed, gdas]);
    }
    const perCellWeights = architectures.map(oneHot);
    const perCell = supernet.forward({ input, training: false, architecturesPerCell: architectures });
    const mixedPerCell = supernet.forward({ input, training: false, mixingWeights: perCellWeights });
    expect(await maxAbsoluteDifference(perCell, mixedPerCell)).toBeLessThan(1e-5);
    tf.dispose([...perCellWeights, perCell, mixedPerCell]);
  });

  it('mixes op outputs linearly with the weights', async () => {
    // Two architectures that differ only on edge 3<-2, whose output goes straight into the cell output.
    const a: Architecture = [3, 1, 2, 1, 4, 3];
    const b: Architecture = [3, 1, 2, 1, 4, 2];
    const weights = tf.tidy(() => tf.add(tf.mul(oneHot(a), 0.3), tf.mul(oneHot(b), 0.7)) as tf.Tensor2D);
    const mixed = supernet.forwardDetailed({ input, training: false, mixingWeights: weights });
    const outputA = supernet.forwardDetailed({ input, training: false, architecture: a });
    const outputB = supernet.forwardDetailed({ input, training: false, architecture: b });
    const expected = tf.tidy(() => tf.add(tf.mul(outputA.layerOutputs[1]!, 0.3), tf.mul(outputB.layerOutputs[1]!, 0.7)));
    expect(await maxAbsoluteDifference(mixed.layerOutputs[1]!, expected)).toBeLessThan(1e-5);
    expect(await maxAbsoluteDifference(outputA.layerOutputs[1]!, outputB.layerOutputs[1]!)).toBeGreaterThan(1e-2);
    [mixed, outputA, outputB].forEach(disposeOutputs);
    tf.dispose([weights, expected]);
  });

  it('gives zeros where every edge into the output node is none', async () => {
    for (const architecture of [allNone, [3, 3, 3, 0, 0, 0]]) {
      const outputs = supernet.forwardDetailed({ input, training: false, architecture });
      for (const cell of [1, 3, 5]) {
        const values = await outputs.layerOutputs[cell]!.data();
        expect(values.every((value) => value === 0)).toBe(true);
      }
      // Zero features: the logits are exactly the classifier's bias.
      expect((await outputs.features.data()).every((value) => value === 0)).toBe(true);
      const bias = supernet.namedVariables().get('head/linear/bias')!;
      const logits = await outputs.logits.data();
      const biasValues = await bias.data();
      expect(Array.from(logits)).toEqual([...Array.from(biasValues), ...Array.from(biasValues)]);
      disposeOutputs(outputs);
    }
  });

  it('builds an all-none node from no input: zeros without a zero gradient for the cell input', async () => {
    // Node 1 receives only none (edge 1<-0); nodes 2 and 3 read it through convolutions.
    const architecture: Architecture = [0, 3, 3, 3, 2, 3];
    const labels = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([1, 4], 'int32'), 10), 'float32'));
    const variables = supernet.trainableVariables(architecture);
    const step = () =>
      tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input, training: true, architecture })) as tf.Scalar,
        variables,
      );
    const profile = await tf.profile(() => {
      const { value, grads } = step();
      tf.dispose([value, ...Object.values(grads)]);
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toContain('Fill');
    expect(names).not.toContain('ZerosLike');
    const { value, grads } = step();
    expect(Number.isFinite((await value.data())[0])).toBe(true);
    // The convolutions that read the zero node still get gradients (their BN's shift is live).
    expect(Object.keys(grads).some((name) => name.includes('edge2-1/nor_conv_3x3/conv/kernel'))).toBe(true);
    tf.dispose([value, ...Object.values(grads), labels]);
  });

  it('lists only the variables an architecture uses', () => {
    const id = supernet.id;
    const names = (architecture?: Architecture | readonly Architecture[]) =>
      supernet.trainableVariables(architecture).map((variable) => variable.name.slice(id.length + 1));
    const shared = [
      'stem/conv/kernel',
      'stem/bn/scale',
      'stem/bn/offset',
      ...[0, 1].flatMap((r) => [
        `reduction${r}/conv-a/kernel`,
        `reduction${r}/bn-a/scale`,
        `reduction${r}/bn-a/offset`,
        `reduction${r}/conv-b/kernel`,
        `reduction${r}/bn-b/scale`,
        `reduction${r}/bn-b/offset`,
        `reduction${r}/shortcut/kernel`,
      ]),
      'head/bn/scale',
      'head/bn/offset',
      'head/linear/kernel',
      'head/linear/bias',
    ];
    // none, skip_connect and avg_pool_3x3 have no weights.
    expect(new Set(names([0, 1, 4, 0, 1, 4]))).toEqual(new Set(shared));
    const bestNames = names(best);
    expect(bestNames).toHaveLength(shared.length + 3 * 5);
    expect(new Set(bestNames)).toEqual(
      new Set([
        ...shared,
        ...[0, 1, 2].flatMap((cell) => [
          `cell${cell}/edge1-0/nor_conv_3x3/conv/kernel`,
          `cell${cell}/edge2-0/nor_conv_3x3/conv/kernel`,
          `cell${cell}/edge2-1/nor_conv_3x3/conv/kernel`,
          `cell${cell}/edge3-1/nor_conv_3x3/conv/kernel`,
          `cell${cell}/edge3-2/nor_conv_1x1/conv/kernel`,
        ]),
      ]),
    );
    // Per cell: the union over the cells of each cell's own ops.
    const perCell = names([best, [0, 0, 0, 0, 0, 2], [1, 1, 1, 1, 1, 1]]);
    expect(perCell.filter((name) => name.startsWith('cell'))).toEqual([
      'cell0/edge1-0/nor_conv_3x3/conv/kernel',
      'cell0/edge2-0/nor_conv_3x3/conv/kernel',
      'cell0/edge2-1/nor_conv_3x3/conv/kernel',
      'cell0/edge3-1/nor_conv_3x3/conv/kernel',
      'cell0/edge3-2/nor_conv_1x1/conv/kernel',
      'cell1/edge3-2/nor_conv_1x1/conv/kernel',
    ]);
    // Everything: 21 shared + 3 cells x 6 edges x 2 conv ops.
    expect(names()).toHaveLength(shared.length + 36);
    expect(supernet.trainableVariables(best).every((variable) => variable.trainable)).toBe(true);
    expect(supernet.trainableVariables(best).find((v) => v.name.endsWith('edge1-0/nor_conv_3x3/conv/kernel'))?.shape).toEqual([3, 3, 4, 4]);
    expect(supernet.trainableVariables(best).find((v) => v.name.endsWith('cell2/edge3-2/nor_conv_1x1/conv/kernel'))?.shape).toEqual([1, 1, 16, 16]);
  });

  it('rejects bad architectures, inputs and option combinations with typed errors naming forward and the argument', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3] }), 'options.architecture', /expected 6 op indices/],
      [() => supernet.forward({ input, training: false, architecture: [3, 3, 3, 1, 3, 5] }), 'options.architecture', /edge 3<-2: expected an op index in 0\.\.4/],
      [() => supernet.forward({ input, training: false, architecture: [3, 3, 1.5, 1, 3, 2] }), 'options.architecture', /edge 2<-1/],
      [() => supernet.forward({ input, training: false, architecturesPerCell: [best, best] }), 'options.architecturesPerCell', /one architecture per cell \(3\)/],
      [() => supernet.forward({ input, training: false, architecturesPerCell: [best, best, [9, 0, 0, 0, 0, 0]] }), 'options.architecturesPerCell[2]', /edge 1<-0/],
      [() => supernet.forward({ input, training: undefined as unknown as boolean, architecture: best }), 'options.training', /expected true/],
      [() => supernet.forward({ input, training: false, architecture: best, mixingWeights: input } as never), 'options', /exactly one of/],
      [() => supernet.forward({ input, training: false } as never), 'options', /exactly one of/],
      [() => supernet.forward({ input, training: false, mixingWeights: input as unknown as tf.Tensor2D }), 'options.mixingWeights', /shape \[6, 5\]/],
    ];
    for (const [run, argument, message] of cases) {
      const error = catchError(run) as InvalidArgumentError;
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.functionName).toBe('Supernet.forward');
      expect(error.argument).toBe(argument);
      expect(error.message).toMatch(message);
    }
    const odd = deterministicBatch([2, 6, 6, 3]);
    const gray = deterministicBatch([2, 8, 8, 1]);
    const flat = tf.zeros([2, 64]);
    for (const [bad, message] of [
      [odd, /divisible by 4.*got 6x6/],
      [gray, /expected 3 input channels .* got 1/],
      [flat, /rank-4/],
    ] as const) {
      const error = catchError(() => supernet.forward({ input: bad as tf.Tensor4D, training: false, architecture: best })) as InvalidArgumentError;
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/^Supernet\.forward: /);
      expect(error.argument).toBe('options.input');
      expect(error.message).toMatch(message);
    }
    tf.dispose([odd, gray, flat]);
    const bad = catchError(() => supernet.trainableVariables([1, 2, 3])) as InvalidArgumentError;
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect(bad.functionName).toBe('Supernet.trainableVariables');
    expect(() => createSupernet({ inputShape: [30, 32, 3] })).toThrow(/createSupernet: height and width must be divisible by 4/);
    expect(() => createSupernet({ channels: 0 })).toThrow(InvalidArgumentError);
    expect(() => createSupernet({ cellBatchNorm: 'affine' as never })).toThrow(/options.cellBatchNorm|'batch-statistics'/);
  });
});

describe('Supernet gradients', () => {
  it('flow exactly to the variables of the active path (single path and per cell)', async () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 2 }) });
    const input = deterministicBatch([3, 8, 8, 3], 3);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 4, 7], 'int32'), 10));
    const all = supernet.trainableVariables();
    const cases: (Architecture | Architecture[])[] = [best, [0, 1, 4, 2, 0, 3], [best, [2, 0, 0, 0, 2, 1], [4, 4, 4, 4, 4, 4]]];
    for (const path of cases) {
      const forward = Array.isArray(path[0])
        ? { architecturesPerCell: path as Architecture[] }
        : { architecture: path as Architecture };
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input, training: true, ...forward })) as tf.Scalar,
        all,
      );
      const expected = supernet.trainableVariables(path).map((variable) => variable.name);
      const missing = expected.filter((name) => !(name in grads));
      const extra = Object.keys(grads).filter((name) => !expected.includes(name));
      expect({ path, missing, extra }).toEqual({ path, missing: [], extra: [] });
      for (const name of expected) {
        const norm = tf.tidy(() => tf.sum(tf.abs(grads[name]!)));
        expect((await norm.data())[0], name).toBeGreaterThan(0);
        norm.dispose();
      }
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([input, labels]);
    supernet.dispose();
  });

  it('skip ops whose output cannot reach the cell output (listed, but without gradient)', () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 2 }) });
    const input = deterministicBatch([2, 8, 8, 3], 3);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 4], 'int32'), 10));
    // Node 1 = conv1x1(node 0) feeds only none edges: a dead end.
    const deadEnd: Architecture = [2, 1, 0, 1, 0, 3];
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input, training: true, architecture: deadEnd })) as tf.Scalar,
      supernet.trainableVariables(deadEnd),
    );
    const listed = supernet.trainableVariables(deadEnd).map((variable) => variable.name);
    const missing = listed.filter((name) => !(name in grads)).map((name) => name.slice(supernet.id.length + 1));
    expect(missing).toEqual([0, 1, 2].map((cell) => `cell${cell}/edge1-0/nor_conv_1x1/conv/kernel`));
    tf.dispose([value, ...Object.values(grads), input, labels]);
    supernet.dispose();
  });

  it('flow to every op and to the mixing weights in mixed mode', async () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 3 }) });
    const input = deterministicBatch([2, 8, 8, 3], 4);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 9], 'int32'), 10));
    const alphas = tf.tidy(() => tf.variable(tf.mul(tf.reshape(deterministicBatch([1, 1, 6, 5], 6), [6, 5]), 0.1), true, 'test-alphas'));
    const { value, grads } = tf.variableGrads(() => {
      const weights = tf.softmax(alphas) as tf.Tensor2D;
      return tf.losses.softmaxCrossEntropy(labels, supernet.forward({ input, training: true, mixingWeights: weights })) as tf.Scalar;
    }, [...supernet.trainableVariables(), alphas]);
    expect(Object.keys(grads)).toHaveLength(supernet.trainableVariables().length + 1);
    const alphaGradient = await grads['test-alphas']!.data();
    expect(alphaGradient.some((entry) => Math.abs(entry) > 1e-6)).toBe(true);
    tf.dispose([value, ...Object.values(grads), input, labels, alphas]);
    supernet.dispose();
  });
});

describe('Supernet lifecycle', () => {
  it('initialises deterministically from the rng', async () => {
    const input = deterministicBatch([2, 8, 8, 3]);
    const a = createSupernet({ ...tiny, rng: createRng({ seed: 5 }) });
    const b = createSupernet({ ...tiny, rng: createRng({ seed: 5 }) });
    const c = createSupernet({ ...tiny, rng: createRng({ seed: 6 }) });
    const [outA, outB, outC] = [a, b, c].map((supernet) => supernet.forward({ input, training: false, architecture: best }));
    expect(await bitIdentical(outA!, outB!)).toBe(true);
    expect(await maxAbsoluteDifference(outA!, outC!)).toBeGreaterThan(1e-4);
    // Several supernets coexist: distinct ids, distinct variable names.
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    const names = [a, b, c].flatMap((supernet) => supernet.trainableVariables().map((variable) => variable.name));
    expect(new Set(names).size).toBe(names.length);
    tf.dispose([input, outA!, outB!, outC!]);
    [a, b, c].forEach((supernet) => supernet.dispose());
  });

  it('frees every tensor on dispose and refuses use afterwards', () => {
    const before = tf.memory().numTensors;
    const supernet = createSupernet({ ...tiny, cellBatchNorm: 'running-statistics' });
    const variableCount = supernet.namedVariables().size;
    expect(variableCount).toBeGreaterThan(57);
    expect(tf.memory().numTensors - before).toBe(variableCount);
    supernet.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(supernet.disposed).toBe(true);
    const input = deterministicBatch([1, 8, 8, 3]);
    for (const run of [
      () => supernet.forward({ input, training: false, architecture: best }),
      () => supernet.trainableVariables(best),
      () => supernet.clone(),
      () => supernet.namedVariables(),
    ]) {
      const error = catchError(run) as StateError;
      expect(error).toBeInstanceOf(StateError);
      expect(error.message).toMatch(/was disposed/);
    }
    expect(() => supernet.dispose()).not.toThrow();
    input.dispose();
    // Symbol.dispose, as `using` calls it.
    const other = createSupernet(tiny);
    other[Symbol.dispose]();
    expect(other.disposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('clones with bit-identical, independent weights', async () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 8 }) });
    const copy = supernet.clone();
    const input = deterministicBatch([2, 8, 8, 3], 9);
    const original = supernet.forward({ input, training: false, architecture: best });
    const cloned = copy.forward({ input, training: false, architecture: best });
    expect(await bitIdentical(original, cloned)).toBe(true);
    expect(copy.id).not.toBe(supernet.id);
    const kernel = copy.namedVariables().get('cell0/edge1-0/nor_conv_3x3/conv/kernel')!;
    tf.tidy(() => kernel.assign(tf.zerosLike(kernel)));
    const changed = copy.forward({ input, training: false, architecture: best });
    const again = supernet.forward({ input, training: false, architecture: best });
    expect(await maxAbsoluteDifference(changed, original)).toBeGreaterThan(1e-4);
    expect(await bitIdentical(again, original)).toBe(true);
    tf.dispose([input, original, cloned, changed, again]);
    copy.dispose();
    supernet.dispose();
  });
});

describe('Supernet cell batch normalisation modes', () => {
  it("'batch-statistics' (default) has no cell running statistics and depends on the evaluation batch", async () => {
    const supernet = createSupernet({ ...tiny, rng: createRng({ seed: 10 }) });
    expect(supernet.cellBatchNorm).toBe('batch-statistics');
    expect([...supernet.namedVariables().keys()].filter((key) => key.startsWith('cell') && key.includes('/bn/'))).toEqual([]);
    const batch = deterministicBatch([4, 8, 8, 3], 11);
    const first = tf.slice(batch, [0, 0, 0, 0], [2, 8, 8, 3]);
    const full = supernet.forward({ input: batch, training: false, architecture: best });
    const half = supernet.forward({ input: first, training: false, architecture: best });
    const fullFirst = tf.slice(full, [0, 0], [2, 10]);
    expect(await maxAbsoluteDifference(fullFirst, half)).toBeGreaterThan(1e-4);
    tf.dispose([batch, first, full, half, fullFirst]);
    supernet.dispose();
  });

  it("'running-statistics' updates the used ops' running statistics in training and uses them at evaluation", async () => {
    const supernet = createSupernet({ ...tiny, cellBatchNorm: 'running-statistics', rng: createRng({ seed: 12 }) });
    const named = supernet.namedVariables();
    const used = named.get('cell0/edge1-0/nor_conv_3x3/bn/running-mean')!;
    const unused = named.get('cell0/edge1-0/nor_conv_1x1/bn/running-mean')!;
    expect(used.trainable).toBe(false);
    expect(named.has('cell0/edge1-0/nor_conv_3x3/bn/scale')).toBe(false);
    const input = deterministicBatch([2, 8, 8, 3], 13);
    const before = supernet.forward({ input, training: false, architecture: best });
    const training = supernet.forward({ input, training: true, architecture: best });
    expect(Array.from(await used.data()).some((value) => value !== 0)).toBe(true);
    expect(Array.from(await unused.data()).every((value) => value === 0)).toBe(true);
    const after = supernet.forward({ input, training: false, architecture: best });
    expect(await maxAbsoluteDifference(before, after)).toBeGreaterThan(1e-5);
    // Evaluation with running statistics does not depend on the rest of the batch.
    const single = tf.slice(input, [0, 0, 0, 0], [1, 8, 8, 3]);
    const alone = supernet.forward({ input: single, training: false, architecture: best });
    const firstOfAfter = tf.slice(after, [0, 0], [1, 10]);
    expect(await maxAbsoluteDifference(alone, firstOfAfter)).toBeLessThan(1e-5);
    tf.dispose([input, before, training, after, single, alone, firstOfAfter]);
    supernet.dispose();
  });
});
