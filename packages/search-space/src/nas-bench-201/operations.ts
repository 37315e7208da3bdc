/**
 * The five NAS-Bench-201 operations, in the benchmark's own order; an
 * architecture stores the index into this tuple for each edge.
 *
 * - `none`: the zero operation (the edge carries nothing);
 * - `skip_connect`: identity;
 * - `nor_conv_1x1`, `nor_conv_3x3`: ReLU, convolution (no bias), batch normalisation;
 * - `avg_pool_3x3`: 3x3 average pooling, stride 1, padding excluded from the average.
 *
 * @example
 * ```ts
 * import { nasBench201Operations } from '@fewshot/search-space';
 * nasBench201Operations.indexOf('nor_conv_3x3'); // 3
 * ```
 */
export const nasBench201Operations = Object.freeze([
  'none',
  'skip_connect',
  'nor_conv_1x1',
  'nor_conv_3x3',
  'avg_pool_3x3',
] as const);

/**
 * One of the {@link nasBench201Operations} names.
 *
 * @example
 * ```ts
 * const operation: NasBench201Operation = 'avg_pool_3x3';
 * ```
 */
export type NasBench201Operation = (typeof nasBench201Operations)[number];

/**
 * One edge of the NAS-Bench-201 cell: node `to` receives `operation(node from)`.
 * Node 0 is the cell input and node 3 the cell output.
 *
 * @example
 * ```ts
 * const edge: NasBench201Edge = { label: '3<-1', from: 1, to: 3 };
 * ```
 */
export interface NasBench201Edge {
  /** `to<-from`, the decision label used by {@link nasBench201}. */
  readonly label: '1<-0' | '2<-0' | '2<-1' | '3<-0' | '3<-1' | '3<-2';
  /** The source node (0, 1 or 2). */
  readonly from: number;
  /** The target node (1, 2 or 3). */
  readonly to: number;
}

/**
 * The six edges in architecture-vector order: `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`
 * (grouped by target node, as in the official architecture string).
 *
 * @example
 * ```ts
 * import { nasBench201Edges } from '@fewshot/search-space';
 * nasBench201Edges.map((edge) => edge.label); // ['1<-0', '2<-0', '2<-1', '3<-0', '3<-1', '3<-2']
 * ```
 */
export const nasBench201Edges: readonly NasBench201Edge[] = Object.freeze(
  (
    [
      ['1<-0', 0, 1],
      ['2<-0', 0, 2],
      ['2<-1', 1, 2],
      ['3<-0', 0, 3],
      ['3<-1', 1, 3],
      ['3<-2', 2, 3],
    ] as const
  ).map(([label, from, to]) => Object.freeze({ label, from, to })),
);

/** Position of edge `to<-from` in the architecture vector. */
export function nasBench201EdgeIndex(from: number, to: number): number {
  return (to * (to - 1)) / 2 + from;
}
