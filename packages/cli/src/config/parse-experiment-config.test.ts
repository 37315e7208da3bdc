import { FewshotError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from './parse-experiment-config.js';

const groundTruth = { kind: 'table', file: 'truth.json' };

function errorOf(json: unknown): FewshotError {
  try {
    parseExperimentConfig({ json, directory: '/configs' });
  } catch (error) {
    if (FewshotError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected parseExperimentConfig to throw');
}

describe('parseExperimentConfig', () => {
  it('fills in the defaults and resolves paths against the config folder', () => {
    const config = parseExperimentConfig({ json: { name: 'x', groundTruth }, directory: '/configs' });
    expect(config.seeds).toEqual([1]);
    expect(config.network).toEqual({ channels: 8, cellsPerStage: 1, cellBatchNorm: 'batch-statistics' });
    expect(config.oneShot.epochs).toBe(8);
    expect(config.subSupernets.epochs).toBe(2);
    expect(config.oneShot.sampling).toBe('per-cell');
    expect(config.splits.map((split) => split.criterion)).toEqual(['fixed-edge', 'gradient-matching']);
    expect(config.groundTruth).toEqual({ kind: 'table', file: '/configs/truth.json' });
    expect(config.data).toEqual({ source: 'embedded-fashion-mnist', resize: { height: 16, width: 16 }, augmentation: { padding: 2, horizontalFlip: true } });
    expect(config.output).toBe('runs/x');
  });

  it('names the offending field of every bad value', () => {
    expect(errorOf({ groundTruth, oneShot: { epochs: 0 } }).argument).toBe('config.oneShot.epochs');
    expect(errorOf({ groundTruth, oneShot: { epochs: 0 } }).message).toMatch(/config.oneShot.epochs: expected an integer >= 1, got 0/);
    expect(errorOf({ groundTruth, oneShotEpochs: 3 }).message).toMatch(/config.oneShotEpochs: unknown field/);
    expect(errorOf({ groundTruth, splits: [{ criterion: 'fixed-edge', edge: '4<-0' }] }).argument).toBe('config.splits[0].edge');
    expect(errorOf({ groundTruth, splits: [{ criterion: 'fixed-edge', groups: [['none'], ['none', 'skip_connect']] }] }).message).toMatch(
      /every operation of 1<-0 exactly once/,
    );
    expect(errorOf({ groundTruth, splits: [{ criterion: 'magic' }] }).argument).toBe('config.splits[0].criterion');
    expect(errorOf({ groundTruth, data: { resize: { height: 18, width: 16 } } }).message).toMatch(/divisible by 4/);
    expect(errorOf({ groundTruth, data: { source: 'cifar10' } }).argument).toBe('config.data.directory');
    expect(errorOf({ groundTruth, seeds: [1, 1] }).message).toMatch(/distinct seeds/);
    expect(errorOf({}).argument).toBe('config.groundTruth');
    expect(errorOf('not an object').message).toMatch(/config: expected an object/);
    expect(errorOf({ groundTruth, oneShot: { momentum: 0 } }).argument).toBe('config.oneShot.nesterov');
  });

  it('accepts every split criterion with its options', () => {
    const config = parseExperimentConfig({
      json: {
        groundTruth,
        splits: [
          { name: 'pairs', criterion: 'fixed-edge', edge: '3<-2', groups: [['none', 'skip_connect'], ['nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']] },
          { name: 'gm', criterion: 'gradient-matching', levels: 3, groups: 2, batches: 8, distance: 'mse', initialization: 'reinitialize' },
          { name: 'random', criterion: 'random', levels: 1, groups: 3 },
        ],
      },
      directory: '/',
    });
    expect(config.splits).toEqual([
      { name: 'pairs', criterion: 'fixed-edge', edge: '3<-2', groups: [['none', 'skip_connect'], ['nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']], initialization: 'copy' },
      { name: 'gm', criterion: 'gradient-matching', levels: 3, groups: 2, batches: 8, distance: 'mse', initialization: 'reinitialize' },
      { name: 'random', criterion: 'random', levels: 1, groups: 3, initialization: 'copy' },
    ]);
  });
});
