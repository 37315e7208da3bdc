/**
 * An architecture of any `@fewshot` search space: one option index per decision,
 * in the order of {@link SearchSpace.decisions}.
 *
 * For NAS-Bench-201 that is six op indices, one per edge `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`.
 *
 * @example
 * ```ts
 * // |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|
 * const best: Architecture = [3, 3, 3, 1, 3, 2];
 * ```
 */
export type Architecture = readonly number[];

/**
 * One decision of a search space (an edge of a cell, a block type, ...) and its options.
 *
 * @example
 * ```ts
 * const edge: Decision = { label: '1<-0', options: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] };
 * ```
 */
export interface Decision {
  /** A short, unique label such as `1<-0` or `cell1.upsample`. */
  readonly label: string;
  /** Names of the options; an architecture stores the index into this list. */
  readonly options: readonly string[];
}
