/**
 * The `fewshot` command as a library: run a one-shot vs few-shot experiment from a config,
 * write its report, and produce ground-truth tables by training architectures from scratch.
 *
 * @packageDocumentation
 */
export type {
  DataConfig,
  ExperimentConfig,
  GroundTruthSource,
  NetworkConfig,
  SplitConfig,
  TrainingConfig,
} from './config/experiment-config.js';
export { parseExperimentConfig, type ParseExperimentConfigOptions } from './config/parse-experiment-config.js';
export { loadExperimentData, type ExperimentData } from './data/load-experiment-data.js';
export { loadFullFashionMnistTest } from './data/load-full-fashion-mnist-test.js';
export { runExperiment, type RunExperimentOptions } from './pipeline/run-experiment.js';
export { loadGroundTruth, type LoadedGroundTruth } from './pipeline/load-ground-truth.js';
export type {
  ExperimentResults,
  SeedResult,
  Spread,
  VariantResult,
  VariantSummary,
} from './pipeline/experiment-results.js';
export { summaryTable, writeExperimentReport } from './report/write-experiment-report.js';
export {
  parseGroundTruthConfig,
  runGroundTruth,
  sampleGroundTruthArchitectures,
  type GroundTruthConfig,
  type RunGroundTruthOptions,
} from './ground-truth/run-ground-truth.js';
export type { StandaloneJobResult } from './workers/training-jobs.js';
export {
  groundTruthArchitectures,
  readGroundTruthTable,
  type GroundTruthEntry,
  type GroundTruthTable,
} from './ground-truth/ground-truth-table.js';
export { main } from './commands/main.js';
