/**
 * Which decisions (edges) a criterion may split.
 *
 * - `'unsplit'` (default): decisions whose every option is still allowed in the region — edges
 *   no earlier split has touched. This is the GM-NAS release's rule (it only considers edges whose
 *   encoding is all ones).
 * - `'splittable'`: every decision with at least `groupCount` allowed options, so an edge that was
 *   split into `{a, b, c}` and `{d, e}` may be split again inside the first child.
 * - a list of decision indices: exactly those (each needs at least `groupCount` allowed options).
 *
 * @example
 * ```ts
 * const onlyTheLastEdges: CandidateDecisions = [3, 4, 5];
 * ```
 */
export type CandidateDecisions = 'unsplit' | 'splittable' | readonly number[];
