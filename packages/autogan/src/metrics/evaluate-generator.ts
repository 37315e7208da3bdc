import type { Architecture, Rng } from '@fewshot/core';
import { generateImages } from '../generator/generate-images.js';
import type { SharedGenerator } from '../generator/shared-generator.js';
import { integerOption, requireOptions } from '../internal/validate.js';
import { checkExtractor, extractFeatures } from './extract-features.js';
import type { FeatureExtractor } from './feature-extractor.js';
import { computeFeatureStatistics, frechetDistance, type FeatureStatistics } from './frechet-distance.js';
import { inceptionScore, type InceptionScore } from './inception-score.js';

/**
 * Options of {@link evaluateGenerator}.
 *
 * @example
 * ```ts
 * const options: EvaluateGeneratorOptions = { generator, architecture, extractor, reference, count: 10_000, rng: createRng({ seed: 9 }) };
 * ```
 */
export interface EvaluateGeneratorOptions {
  /** The generator to sample (eval mode). */
  readonly generator: SharedGenerator;
  /** The architecture to generate with. */
  readonly architecture: Architecture;
  /** Features and logits: an Inception model, or the built-in classifier. */
  readonly extractor: FeatureExtractor;
  /** Statistics of real images' features (e.g. the test split): with them, a Fréchet distance is computed. */
  readonly reference?: FeatureStatistics;
  /** Generated images (the sample size: keep it fixed across comparisons). */
  readonly count: number;
  /** Draws z (use the same seed for every generator compared). */
  readonly rng: Rng;
  /** Default 10. */
  readonly splits?: number;
  /** Default 100. */
  readonly batchSize?: number;
}

/**
 * Scores of generated images under one feature extractor.
 *
 * @example
 * ```ts
 * const scores: GeneratorScores = { count: 10000, inceptionScore: { mean: 7.9, standardDeviation: 0.08, splits: 10 }, frechetDistance: 12.3 };
 * ```
 */
export interface GeneratorScores {
  /** Images scored. */
  readonly count: number;
  /** When the extractor gives logits. */
  readonly inceptionScore?: InceptionScore;
  /** When a reference was given. */
  readonly frechetDistance?: number;
}

/**
 * Generates `count` images (eval mode, quantised to bytes) and scores them: the Inception
 * Score of the extractor's class probabilities and the Fréchet distance of its features to
 * `reference`. With an Inception network this is the published protocol (use 50,000
 * images); with the built-in classifier these are classifier scores, not comparable with
 * published Inception-based numbers.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { evaluateGenerator } from '@fewshot/autogan';
 * const scores = await evaluateGenerator({ generator, architecture, extractor, reference, count: 2000, rng: createRng({ seed: 3 }) });
 * console.log(scores.frechetDistance, scores.inceptionScore?.mean);
 * ```
 */
export async function evaluateGenerator(options: EvaluateGeneratorOptions): Promise<GeneratorScores> {
  const functionName = 'evaluateGenerator';
  requireOptions(functionName, options, '{ generator, architecture, extractor, reference?, count, rng, splits?, batchSize? }');
  const extractor = checkExtractor(functionName, 'options.extractor', options.extractor);
  const count = integerOption(functionName, 'options.count', options.count, { minimum: 2 });
  const splits = integerOption(functionName, 'options.splits', options.splits, { minimum: 1, maximum: count, fallback: 10 });
  const images = await generateImages({ generator: options.generator, architecture: options.architecture, count, rng: options.rng, batchSize: options.batchSize ?? 100 });
  const extracted = await extractFeatures({ extractor, images });
  const result: { count: number; inceptionScore?: InceptionScore; frechetDistance?: number } = { count };
  if (extracted.probabilities !== undefined && extracted.classes !== undefined) {
    result.inceptionScore = inceptionScore({ probabilities: extracted.probabilities, classes: extracted.classes, splits });
  }
  if (options.reference !== undefined) {
    result.frechetDistance = frechetDistance({ first: computeFeatureStatistics({ features: extracted.features, dimension: extracted.dimension }), second: options.reference });
  }
  return result;
}
