/**
 * Training on TensorFlow.js for few-shot NAS: uniform single-path supernet training over a
 * region (one-shot or one sub-supernet), training a standalone architecture from scratch,
 * SGD with Nesterov momentum and a per-iteration cosine schedule, atomic checkpoints with exact
 * resume, and evaluators that score architectures with a supernet.
 *
 * @packageDocumentation
 */
export { trainSupernet, type PathSampling, type TrainSupernetOptions } from './training/train-supernet.js';
export { trainStandaloneNetwork, type TrainStandaloneNetworkOptions } from './training/train-standalone-network.js';
export type { EvaluationData, TrainingData } from './training/training-data.js';
export type { EpochRecord, TrainingEvent, TrainingSummary } from './training/training-events.js';
export type { LearningRateOptions } from './training/learning-rate-options.js';
export { batchToTensors } from './training/batch-to-tensors.js';
export { crossEntropy } from './training/cross-entropy.js';
export {
  createSgdOptimizer,
  SgdOptimizer,
  type SgdOptimizerOptions,
  type SgdOptimizerState,
  type SgdStepOptions,
} from './optimizer/sgd-optimizer.js';
export { cosineLearningRate, type CosineLearningRateOptions } from './schedule/cosine-learning-rate.js';
export {
  readTrainingCheckpoint,
  writeTrainingCheckpoint,
  type CheckpointableNetwork,
  type CheckpointState,
  type TrainingCheckpoint,
} from './checkpoint/training-checkpoint.js';
export { evaluateArchitectures, type EvaluateArchitecturesOptions } from './evaluation/evaluate-architectures.js';
export { evaluateNetwork } from './evaluation/evaluate-network.js';
export { createSupernetEvaluator, type CreateSupernetEvaluatorOptions } from './evaluation/create-supernet-evaluator.js';
