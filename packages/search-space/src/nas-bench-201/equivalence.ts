import type { Architecture } from '@fewshot/core';
import { checkArchitecture } from '../internal/product-space.js';
import { mixedRadixDigits } from '../internal/mixed-radix.js';
import { nasBench201Decisions } from './decisions.js';
import { nasBench201EdgeIndex } from './operations.js';

/*
 * The computation a NAS-Bench-201 cell performs, written as an expression DAG.
 *
 * node 0 = x, node i = sum over j < i of op_ij(node j), output = node 3, with
 *   none(v) = 0, skip_connect(v) = v, avg_pool_3x3(v) = A v (A is a fixed LINEAR
 *   map: a 3x3 mean over the in-image neighbours), nor_conv_kxk(v) = BN(conv_k(ReLU(v))).
 *
 * Every node value is therefore a sum of terms `count * A^pools * source`, where a
 * source is the input x or one convolution instance (each conv edge is its own
 * instance with its own weights). A convolution instance is described by its kind
 * and its input sum. Distributing A over sums and flattening skip connections are
 * exact identities (linearity, identity), so the DAG of live instances together
 * with the output sum IS the function of the cell. Two cells whose DAGs are
 * isomorphic (a kind-preserving bijection of instances that maps inputs and the
 * output sum onto each other) compute the same function for every value of the
 * weights: give each instance of one cell the weights of its image in the other.
 *
 * Two further exact identities: a convolution whose input is exactly zero outputs
 * BN(0), a per-channel constant that depends only on the BN parameters, not on the
 * kernel (no bias), so both kernel sizes are then the same `shift` instance; and
 * averaging a per-channel constant (BN(0), or a 1x1 convolution of constants)
 * returns it unchanged, so `A` disappears in front of such a source.
 */

type InstanceKind = 'conv1x1' | 'conv3x3' | 'shift';

interface Term {
  readonly pools: number;
  /** -1 for the cell input x, otherwise the instance id. */
  readonly source: number;
  readonly count: number;
}

/** A sum of terms; keyed by `${pools}:${source}`. */
type Combination = ReadonlyMap<string, Term>;

interface Instance {
  readonly kind: InstanceKind;
  readonly input: Combination;
  /** True when the instance outputs a per-channel constant (independent of the input and of position). */
  readonly constant: boolean;
  /** The architecture position of the convolution edge this instance is. */
  readonly edge: number;
}

interface CellExpression {
  readonly instances: readonly Instance[];
  readonly output: Combination;
}

function addTerm(target: Map<string, Term>, pools: number, source: number, count: number): void {
  const key = `${pools}:${source}`;
  const existing = target.get(key);
  target.set(key, { pools, source, count: (existing?.count ?? 0) + count });
}

function buildExpression(architecture: Architecture): CellExpression {
  const instances: Instance[] = [];
  const nodes: Combination[] = [new Map([['0:-1', { pools: 0, source: -1, count: 1 }]])];
  for (let to = 1; to <= 3; to += 1) {
    const value = new Map<string, Term>();
    for (let from = 0; from < to; from += 1) {
      const operation = architecture[nasBench201EdgeIndex(from, to)];
      const input = nodes[from] as Combination;
      if (operation === 1) {
        for (const term of input.values()) addTerm(value, term.pools, term.source, term.count);
      } else if (operation === 4) {
        for (const term of input.values()) {
          // Averaging a per-channel constant returns it unchanged.
          const constant = term.source >= 0 && (instances[term.source] as Instance).constant;
          addTerm(value, constant ? term.pools : term.pools + 1, term.source, term.count);
        }
      } else if (operation === 2 || operation === 3) {
        const kind: InstanceKind = input.size === 0 ? 'shift' : operation === 2 ? 'conv1x1' : 'conv3x3';
        // BN(0) is a per-channel constant, and so is a 1x1 convolution of constants
        // (a 3x3 convolution is not: zero padding changes the border).
        const constant =
          kind === 'shift' ||
          (kind === 'conv1x1' && [...input.values()].every((term) => term.source >= 0 && (instances[term.source] as Instance).constant));
        instances.push({ kind, input, constant, edge: nasBench201EdgeIndex(from, to) });
        addTerm(value, 0, instances.length - 1, 1);
      }
    }
    nodes.push(value);
  }
  return { instances, output: nodes[3] as Combination };
}

function liveInstances(expression: CellExpression): number[] {
  const live = new Set<number>();
  const visit = (combination: Combination): void => {
    for (const term of combination.values()) {
      if (term.source >= 0 && !live.has(term.source)) {
        live.add(term.source);
        visit((expression.instances[term.source] as Instance).input);
      }
    }
  };
  visit(expression.output);
  return [...live];
}

function* permutations(items: readonly number[]): Generator<number[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i += 1) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i] as number, ...tail];
  }
}

function* orderings(groups: readonly (readonly number[])[]): Generator<number[]> {
  if (groups.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = groups;
  for (const head of permutations(first as readonly number[])) {
    for (const tail of orderings(rest)) yield [...head, ...tail];
  }
}

/**
 * The canonical text of the expression DAG (see the comment at the top of the
 * file) and the live convolution instances in canonical numbering.
 */
function canonicalForm(expression: CellExpression): { readonly key: string; readonly order: readonly number[] } {
  const live = liveInstances(expression);
  // A structural key that ignores sharing: invariant under isomorphism, used to sort.
  const treeKeys = new Map<number, string>();
  const treeKey = (id: number): string => {
    const known = treeKeys.get(id);
    if (known !== undefined) return known;
    const instance = expression.instances[id] as Instance;
    const key = `${instance.kind}(${combinationTreeKey(instance.input)})`;
    treeKeys.set(id, key);
    return key;
  };
  const combinationTreeKey = (combination: Combination): string =>
    [...combination.values()]
      .map((term) => `${term.count}*A${term.pools}*${term.source < 0 ? 'x' : treeKey(term.source)}`)
      .sort()
      .join('+') || '0';
  live.sort((a, b) => (treeKey(a) < treeKey(b) ? -1 : treeKey(a) > treeKey(b) ? 1 : 0));
  const groups: number[][] = [];
  for (const id of live) {
    const last = groups[groups.length - 1];
    if (last !== undefined && treeKey(last[0] as number) === treeKey(id)) last.push(id);
    else groups.push([id]);
  }
  // Sharing is captured by numbering the instances; the minimum over all numberings
  // consistent with the structural order is canonical.
  let best: string | undefined;
  let bestOrder: number[] = [];
  for (const order of orderings(groups)) {
    const position = new Map(order.map((id, index) => [id, index] as const));
    const combinationKey = (combination: Combination): string =>
      [...combination.values()]
        .map((term) => `${term.count}*A${term.pools}*${term.source < 0 ? 'x' : `#${position.get(term.source) as number}`}`)
        .sort()
        .join('+') || '0';
    const text = `${order
      .map((id) => {
        const instance = expression.instances[id] as Instance;
        return `#${position.get(id) as number}=${instance.kind}(${combinationKey(instance.input)})`;
      })
      .join(';')}=>${combinationKey(expression.output)}`;
    if (best === undefined || text < best) {
      best = text;
      bestOrder = order;
    }
  }
  return { key: best as string, order: bestOrder };
}

function expressionKey(expression: CellExpression): string {
  return canonicalForm(expression).key;
}

/**
 * Internal (tests): the equivalence key and, in canonical numbering, the edge
 * position and kind of each live convolution instance. For two equivalent cells,
 * mapping `instances[p]` of one to `instances[p]` of the other is a weight
 * correspondence under which they compute the same function.
 */
export function canonicalNasBench201Computation(architecture: Architecture): {
  readonly key: string;
  readonly instances: readonly { readonly edge: number; readonly kind: InstanceKind }[];
} {
  const expression = buildExpression(architecture);
  const { key, order } = canonicalForm(expression);
  return {
    key,
    instances: order.map((id) => {
      const instance = expression.instances[id] as Instance;
      return { edge: instance.edge, kind: instance.kind };
    }),
  };
}

/**
 * A string that is equal for two NAS-Bench-201 cells exactly when
 * {@link canonicalNasBench201Architecture} treats them as equivalent: the
 * canonical form of the cell's computation (see that function for the rule).
 * Readable: `#0=conv3x3(1*A0*x)=>1*A0*#0+1*A0*x` is `output = conv3x3(x) + x`.
 *
 * @example
 * ```ts
 * import { nasBench201EquivalenceKey, parseNasBench201Architecture as parse } from '@fewshot/search-space';
 * nasBench201EquivalenceKey(parse('|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|skip_connect~1|skip_connect~2|')) ===
 *   nasBench201EquivalenceKey(parse('|skip_connect~0|+|nor_conv_3x3~0|none~1|+|none~0|skip_connect~1|skip_connect~2|')); // true
 * ```
 */
export function nasBench201EquivalenceKey(architecture: Architecture): string {
  checkArchitecture('nasBench201EquivalenceKey', 'architecture', architecture, nasBench201Decisions);
  return expressionKey(buildExpression(architecture));
}

const radices = [5, 5, 5, 5, 5, 5];
let representativeIndex: Int32Array | undefined;
let representativeList: number[] | undefined;

function representatives(): { readonly byIndex: Int32Array; readonly list: readonly number[] } {
  if (representativeIndex === undefined || representativeList === undefined) {
    const byIndex = new Int32Array(15_625);
    const list: number[] = [];
    const first = new Map<string, number>();
    for (let index = 0; index < 15_625; index += 1) {
      const key = expressionKey(buildExpression(mixedRadixDigits(index, radices)));
      const known = first.get(key);
      if (known === undefined) {
        first.set(key, index);
        list.push(index);
        byIndex[index] = index;
      } else {
        byIndex[index] = known;
      }
    }
    representativeIndex = byIndex;
    representativeList = list;
  }
  return { byIndex: representativeIndex, list: representativeList };
}

/**
 * The canonical representative of a NAS-Bench-201 cell: among all cells that
 * compute the same function as it for every value of the weights, the one with
 * the smallest {@link nasBench201ArchitectureIndex}. Idempotent, and equal for
 * equivalent cells; {@link nasBench201EquivalenceKey} is the matching key.
 *
 * **Equivalence.** Two cells are equivalent when there is a one-to-one map
 * between their live convolution edges (same kernel size, except that the
 * kernel size of a convolution whose input is exactly zero does not matter)
 * under which they compute the same output for every input and every value of
 * the weights, with batch normalisation in training mode (batch statistics) or
 * inference mode (running statistics).
 *
 * **The rule.** A cell computes `node 0 = x`, `node i = sum_{j<i} op_ij(node j)`,
 * output `node 3`, with `none = 0`, `skip_connect = identity`, `avg_pool_3x3` a
 * fixed linear map `A` (mean over the in-image 3x3 neighbours), and each
 * `nor_conv` edge `BN(conv(ReLU(.)))` with its own weights and no bias. Expanding
 * skips and distributing `A` over sums writes the output as a sum of terms
 * `count * A^k * source`, where a source is `x` or a convolution instance,
 * itself described by its kind and its input sum. A convolution whose input is
 * exactly zero outputs the constant `BN(0)` whatever its kernel; averaging a
 * per-channel constant (`BN(0)`, or a 1x1 convolution of constants) returns it
 * unchanged. Cells are identified exactly when these expression DAGs are
 * isomorphic; giving each convolution the weights of its image proves that they
 * compute the same function. In practice:
 *
 * - an edge whose target never reaches the output through non-`none` edges
 *   contributes nothing, and neither does a `skip_connect` or `avg_pool_3x3` edge
 *   whose source node is exactly zero;
 * - nodes 1 and 2 swap when `2<-1` contributes nothing;
 * - edges from nodes that compute the same value are interchangeable (for
 *   example, when node 1 = skip(x), `2<-0`/`2<-1` and `3<-0`/`3<-1` may swap);
 * - `A(a + b) = A a + A b`: `avg_pool` on a node that sums two paths equals two
 *   `avg_pool` edges from those paths;
 * - a convolution on an exactly-zero node is the same whatever its kernel size,
 *   and `avg_pool` of it changes nothing.
 *
 * Deliberately NOT identified (they differ for some weights): a convolution on a
 * zero node versus `none` (it adds the learned constant `BN(0)`), `x + x` versus
 * `x`, two convolutions of the same input versus one, different kernel sizes on a
 * non-zero input, and cut-off cells with different constant outputs. This is
 * stricter than the common rule "replace every edge on no input-to-output path
 * by `none`", which merges cells that differ by the `BN(0)` constant of a
 * convolution fed by a zero node.
 *
 * All 15,625 cells form 5,234 classes. The first call builds the class table of
 * all 15,625 cells once (well under a second). The package tests check both directions
 * numerically: every cell equals its representative under the canonical weight
 * map (both batch-norm modes), and every two classes whose outputs coincide
 * under shared weights differ under every possible weight map.
 *
 * @example
 * ```ts
 * import { canonicalNasBench201Architecture as canonical, parseNasBench201Architecture as parse, formatNasBench201Architecture as format } from '@fewshot/search-space';
 * // 3<-2 is none, so the edges into node 2 are dead; then nodes 1 and 2 may swap,
 * // and the swapped cell has the smaller index.
 * format(canonical(parse('|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|')));
 * // '|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|'
 * ```
 */
export function canonicalNasBench201Architecture(architecture: Architecture): Architecture {
  checkArchitecture('canonicalNasBench201Architecture', 'architecture', architecture, nasBench201Decisions);
  let index = 0;
  for (const option of architecture) index = index * 5 + option;
  return mixedRadixDigits(representatives().byIndex[index] as number, radices);
}

/**
 * Every canonical NAS-Bench-201 cell (one per equivalence class of
 * {@link canonicalNasBench201Architecture}), in increasing
 * {@link nasBench201ArchitectureIndex} order.
 *
 * @example
 * ```ts
 * import { enumerateCanonicalNasBench201Architectures } from '@fewshot/search-space';
 * const unique = [...enumerateCanonicalNasBench201Architectures()];
 * unique.length; // 5234
 * ```
 */
export function* enumerateCanonicalNasBench201Architectures(): IterableIterator<Architecture> {
  for (const index of representatives().list) yield mixedRadixDigits(index, radices);
}
