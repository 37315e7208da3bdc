import type { DataConfig, NetworkConfig, TrainingConfig } from '../config/experiment-config.js';

/** 16x16 embedded Fashion-MNIST, 10 training images per class: a few steps per epoch. */
export const tinyData: DataConfig = {
  source: 'embedded-fashion-mnist',
  resize: { height: 16, width: 16 },
  trainPerClass: 10,
  augmentation: { padding: 2, horizontalFlip: true },
};

/** The smallest NAS-Bench-201 network. */
export const tinyNetwork: NetworkConfig = { channels: 4, cellsPerStage: 1, cellBatchNorm: 'batch-statistics' };

/** One epoch of 2 steps. */
export const tinyTraining: TrainingConfig = {
  epochs: 1,
  batchSize: 50,
  learningRate: { initial: 0.05, final: 0.001 },
  momentum: 0.9,
  nesterov: true,
  weightDecay: 1e-4,
  sampling: 'per-cell',
};
