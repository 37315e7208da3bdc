/**
 * AutoGAN (Gong et al., ICCV 2019) on TensorFlow.js, one-shot and few-shot: the generator
 * search space (373,248 architectures, the original 14-integer encoding) as a core
 * `SearchSpace`; the weight-sharing generator, the spectral-normalised discriminator, hinge
 * losses, a name-keyed Adam and the generator EMA; the LSTM controller with REINFORCE
 * (faithful and clean losses); the search with multi-level architecture search, dynamic
 * reset, checkpoints and resume; few-shot forking of the shared generator; Inception Score
 * and Fréchet distance from any feature extractor, and a built-in Fashion-MNIST classifier
 * for classifier-based scores (not comparable with Inception-based numbers).
 *
 * @packageDocumentation
 */
export {
  autoGanCifar10Architecture,
  autoGanOptions,
  autoGanSpace,
  autoGanStageDecisions,
  describeAutoGanArchitecture,
  formatAutoGanArchitecture,
  parseAutoGanArchitecture,
  validateAutoGanArchitecture,
  type AutoGanCell,
  type AutoGanConvolution,
  type AutoGanNormalization,
  type AutoGanUpsampling,
  type DescribeAutoGanArchitectureOptions,
  type FormatAutoGanArchitectureOptions,
  type ParseAutoGanArchitectureOptions,
  type ValidateAutoGanArchitectureOptions,
} from './space/autogan-space.js';
export { countAutoGanGeneratorParameters, type CountAutoGanGeneratorParametersOptions } from './generator/generator-parameters.js';
export {
  createSharedGenerator,
  SharedGenerator,
  type GeneratorForwardOptions,
  type GeneratorVariablesOptions,
  type SharedGeneratorOptions,
} from './generator/shared-generator.js';
export { generateImages, type GenerateImagesOptions } from './generator/generate-images.js';
export { createDiscriminator, Discriminator, type DiscriminatorForwardOptions, type DiscriminatorOptions } from './discriminator/discriminator.js';
export { AdamOptimizer, createAdam, type AdamEntry, type AdamOptions, type AdamState } from './training/adam.js';
export { discriminatorHingeLoss, generatorHingeLoss, type DiscriminatorHingeLossOptions } from './training/hinge-loss.js';
export { createParameterAverage, ParameterAverage, type ParameterAverageOptions } from './training/parameter-average.js';
export { trainGanStep, type GanStepLosses, type TrainGanStepOptions } from './training/gan-step.js';
export {
  AutoGanController,
  createAutoGanController,
  type AutoGanControllerOptions,
  type ControllerSample,
  type ControllerScores,
  type ControllerState,
} from './controller/autogan-controller.js';
export { reinforceLoss, type ReinforceLoss, type ReinforceLossOptions } from './controller/reinforce-loss.js';
export {
  symmetricEigendecomposition,
  type SymmetricEigendecomposition,
  type SymmetricEigendecompositionOptions,
} from './metrics/symmetric-eigen.js';
export {
  computeFeatureStatistics,
  frechetDistance,
  type ComputeFeatureStatisticsOptions,
  type FeatureStatistics,
  type FrechetDistanceOptions,
} from './metrics/frechet-distance.js';
export { inceptionScore, type InceptionScore, type InceptionScoreOptions } from './metrics/inception-score.js';
export type { ExtractorOutputs, FeatureExtractor, ImageBytes } from './metrics/feature-extractor.js';
export type { NamedWeights } from './named-weights.js';
export { extractFeatures, type ExtractedFeatures, type ExtractFeaturesOptions } from './metrics/extract-features.js';
export {
  classifierAccuracy,
  createClassifierFeatureExtractor,
  createImageClassifier,
  ImageClassifier,
  trainImageClassifier,
  type ClassifierAccuracyOptions,
  type ClassifierFeatureExtractorOptions,
  type ClassifierOutputs,
  type ImageClassifierOptions,
  type ImageClassifierTraining,
  type TrainImageClassifierOptions,
} from './metrics/image-classifier.js';
export { evaluateGenerator, type EvaluateGeneratorOptions, type GeneratorScores } from './metrics/evaluate-generator.js';
export {
  trainAutoGanArchitecture,
  type TrainAutoGanArchitectureOptions,
  type TrainedAutoGanGenerator,
} from './training/train-autogan-architecture.js';
export type {
  AutoGanSearchOptions,
  ControllerSearchOptions,
  DynamicResetOptions,
  ReinforceMode,
  ResolvedAutoGanSearchOptions,
} from './search/search-options.js';
export type {
  AutoGanBeam,
  AutoGanCandidate,
  AutoGanIterationSummary,
  AutoGanSearchEvent,
  AutoGanSearchResult,
  AutoGanSearchTotals,
} from './search/search-types.js';
export { runAutoGanSearch, type RunAutoGanSearchOptions } from './search/run-autogan-search.js';
export type { AutoGanExperimentConfig, ClassifierConfig, FewShotBudget } from './experiment/experiment-config.js';
export {
  parseAutoGanExperimentConfig,
  type ParseAutoGanExperimentConfigOptions,
} from './experiment/parse-autogan-experiment-config.js';
export type {
  AutoGanExperimentEvent,
  AutoGanExperimentResult,
  ClassifierReport,
  ClassifierScores,
  FinalModel,
  MethodRun,
  MethodSummary,
  SeedStatistic,
} from './experiment/experiment-result.js';
export { runAutoGanExperiment, type RunAutoGanExperimentOptions } from './experiment/run-autogan-experiment.js';
export { formatAutoGanReport, writeAutoGanReport, type WriteAutoGanReportOptions } from './experiment/write-autogan-report.js';
