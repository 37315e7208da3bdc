/**
 * How a gradient-based method trains the supernet's weights: SGD (PyTorch's formulation, from
 * `@fewshot/trainers`) with a cosine learning-rate schedule evaluated per iteration over the whole
 * run. Every field is optional; each method documents its own defaults (the NAS-Bench-201
 * release's).
 *
 * @example
 * ```ts
 * const weights: WeightTrainingOptions = { learningRate: { initial: 0.025, final: 0.001 }, weightDecay: 5e-4, gradientClipNorm: 5 };
 * ```
 */
export interface WeightTrainingOptions {
  /** Cosine schedule from `initial` to `final` over all steps. */
  readonly learningRate?: {
    /** Learning rate of the first step (> 0); the method's default, 0.025 for most (ENAS: 0.05). */
    readonly initial?: number;
    /** Learning rate reached at the last step (>= 0); the method's default, 0.001 for most (ENAS: 0.0005). */
    readonly final?: number;
  };
  /** Momentum factor. Default 0.9. */
  readonly momentum?: number;
  /** Nesterov momentum. Default true (the release's configs). */
  readonly nesterov?: boolean;
  /** L2 penalty. */
  readonly weightDecay?: number;
  /** Global-norm gradient clipping of the weight gradients; 0 disables it. */
  readonly gradientClipNorm?: number;
}

/**
 * How a DARTS-family method trains its architecture parameters: Adam keyed by variable name
 * (see {@link createAdamOptimizer}), initial values `initialScale * N(0, 1)`. Defaults are the
 * release's: learning rate 3e-4, betas 0.5 / 0.999, epsilon 1e-8, weight decay 1e-3, scale 1e-3.
 *
 * @example
 * ```ts
 * const architecture: ArchitectureOptimizerOptions = { learningRate: 6e-4, weightDecay: 1e-3 };
 * ```
 */
export interface ArchitectureOptimizerOptions {
  /** Adam step size. Default 3e-4. */
  readonly learningRate?: number;
  /** Adam beta1. Default 0.5. */
  readonly beta1?: number;
  /** Adam beta2. Default 0.999. */
  readonly beta2?: number;
  /** Adam epsilon. Default 1e-8. */
  readonly epsilon?: number;
  /** L2 penalty on the architecture parameters. Default 1e-3. */
  readonly weightDecay?: number;
  /** Standard deviation of the initial values. Default 1e-3. */
  readonly initialScale?: number;
}
