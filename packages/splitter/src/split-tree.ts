import { FewshotError, InvalidArgumentError, OutOfRangeError, type Region, type RegionJson, type SearchSpace } from '@fewshot/core';
import { leavesOfTree, parseRegion } from './internal/leaves-of-tree.js';
import { splitRegionWithPlan } from './internal/split-region-with-plan.js';
import { planFixedEdgeSplit } from './plan-fixed-edge-split.js';
import type { SplitPlan } from './split-plan.js';
import { splitPlanFromJson } from './split-plan-from-json.js';
import { checkOptions, checkRegion, describeValue } from './internal/validate.js';

/**
 * A hierarchy of splits, as plain JSON: a region, and — unless it is a leaf — the plan that split
 * it and one subtree per child, in group order. The leaves (depth first, left to right) are the
 * regions of the sub-supernets; they partition the root region.
 *
 * @example
 * ```ts
 * // Few-shot NAS's two-level split: edge 1<-0, then edge 2<-0 inside every child (25 leaves).
 * const tree: SplitTree = buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 1 }] });
 * splitTreeLeaves({ tree, space: nasBench201 }).length; // 25
 * ```
 */
export interface SplitTree {
  /** The region of this node. */
  readonly region: RegionJson;
  /** The plan that split this node; absent on leaves. */
  readonly plan?: SplitPlan;
  /** One subtree per group of `plan`, in order; empty on leaves. */
  readonly children: readonly SplitTree[];
}

/**
 * One level of {@link buildSplitTree}: a fixed-edge split applied to every current leaf, or to
 * chosen ones.
 *
 * @example
 * ```ts
 * // Split edge 3<-2 into {none} and the rest, only in the first and third leaves.
 * const level: SplitLevel = { decision: 5, groups: [[0], [1, 2, 3, 4]], leaves: [0, 2] };
 * ```
 */
export interface SplitLevel {
  /** The decision (edge) to split. */
  readonly decision: number;
  /** The option groups; default one child per option the leaf allows. */
  readonly groups?: readonly (readonly number[])[];
  /** Indices of the leaves (depth first, before this level) to split; default all. */
  readonly leaves?: readonly number[];
}

/**
 * Options of {@link createSplitTree}.
 *
 * @example
 * ```ts
 * const options: CreateSplitTreeOptions = { region: createRegion({ space: nasBench201 }) };
 * ```
 */
export interface CreateSplitTreeOptions {
  /** The root region (a supernet's region). */
  readonly region: Region;
}

/**
 * A one-node tree (a single leaf): the starting point of {@link extendSplitTree}.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const tree = createSplitTree({ region: createRegion({ space: nasBench201 }) });
 * tree.children.length; // 0
 * ```
 */
export function createSplitTree(options: CreateSplitTreeOptions): SplitTree {
  const functionName = 'createSplitTree';
  checkOptions(functionName, options, '{ region }');
  checkRegion(functionName, 'options.region', options.region);
  return { region: options.region.toJSON(), children: [] };
}

/**
 * Options of {@link extendSplitTree}.
 *
 * @example
 * ```ts
 * const options: ExtendSplitTreeOptions = { tree, space: nasBench201, leaf: 2, plan };
 * ```
 */
export interface ExtendSplitTreeOptions {
  /** The tree to extend (not modified). */
  readonly tree: SplitTree;
  /** The space of its regions. */
  readonly space: SearchSpace;
  /** Which leaf to split: its index among the leaves, depth first. */
  readonly leaf: number;
  /** A plan for that leaf's region (any criterion). */
  readonly plan: SplitPlan;
}

/**
 * A new tree in which one leaf is split by `plan` (made for that leaf's region by any criterion,
 * e.g. gradient matching on the leaf's trained sub-supernet). The leaves that follow shift by the
 * number of new children minus one. Pure.
 *
 * @throws OutOfRangeError for a leaf index past the last leaf; InvalidArgumentError when the plan
 * was made for another region.
 *
 * @example
 * ```ts
 * let tree = createSplitTree({ region: whole });
 * tree = extendSplitTree({ tree, space: nasBench201, leaf: 0, plan: planFixedEdgeSplit({ region: whole }) });
 * const [second] = splitTreeLeaves({ tree, space: nasBench201 }).slice(1);
 * tree = extendSplitTree({ tree, space: nasBench201, leaf: 1, plan: planRandomSplit({ region: second!, rng }) });
 * splitTreeLeaves({ tree, space: nasBench201 }).length; // 6
 * ```
 */
export function extendSplitTree(options: ExtendSplitTreeOptions): SplitTree {
  const functionName = 'extendSplitTree';
  checkOptions(functionName, options, '{ tree, space, leaf, plan }');
  const leaves = leavesOfTree(functionName, 'options.tree', options.tree, options.space);
  const { leaf } = options;
  if (typeof leaf !== 'number' || !Number.isInteger(leaf) || leaf < 0 || leaf >= leaves.length) {
    throw new OutOfRangeError({ functionName, argument: 'options.leaf', message: `expected a leaf index 0..${leaves.length - 1}, got ${describeValue(leaf)}` });
  }
  const region = leaves[leaf] as Region;
  const children = splitRegionWithPlan(functionName, region, options.plan, 'options.plan');
  const plan = clonePlan(options.plan);
  let seen = 0;
  const rebuild = (node: SplitTree): SplitTree => {
    if (node.plan === undefined) {
      const index = seen;
      seen += 1;
      if (index !== leaf) return node;
      return { region: node.region, plan, children: children.map((child) => ({ region: child.toJSON(), children: [] })) };
    }
    return { region: node.region, plan: node.plan, children: node.children.map(rebuild) };
  };
  return rebuild(options.tree);
}

/**
 * Options of {@link buildSplitTree}.
 *
 * @example
 * ```ts
 * const options: BuildSplitTreeOptions = { region: whole, levels: [{ decision: 0 }, { decision: 1, leaves: [3] }] };
 * ```
 */
export interface BuildSplitTreeOptions {
  /** The region at the root of the tree (usually the one-shot supernet's region). */
  readonly region: Region;
  /** The levels, applied in order. */
  readonly levels: readonly SplitLevel[];
}

/**
 * A hierarchical fixed-edge split: each level splits every current leaf (or the chosen ones) on
 * its decision. Pure.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const whole = createRegion({ space: nasBench201 });
 * // Edge 1<-0 into 5 children, then edge 2<-0 into {none} / the rest in the nor_conv_3x3 child only.
 * const tree = buildSplitTree({ region: whole, levels: [{ decision: 0 }, { decision: 1, groups: [[0], [1, 2, 3, 4]], leaves: [3] }] });
 * splitTreeLeaves({ tree, space: nasBench201 }).map((leaf) => leaf.size); // [3125, 3125, 3125, 625, 2500, 3125]
 * ```
 */
export function buildSplitTree(options: BuildSplitTreeOptions): SplitTree {
  const functionName = 'buildSplitTree';
  checkOptions(functionName, options, '{ region, levels }');
  checkRegion(functionName, 'options.region', options.region);
  const { region } = options;
  if (!Array.isArray(options.levels)) {
    throw new InvalidArgumentError({ functionName, argument: 'options.levels', message: `expected a list of levels, got ${describeValue(options.levels)}` });
  }
  let tree: SplitTree = { region: region.toJSON(), children: [] };
  options.levels.forEach((level: SplitLevel, levelIndex) => {
    const argument = `options.levels[${levelIndex}]`;
    checkOptions(functionName, level, '{ decision, groups?, leaves? }');
    const leaves = leavesOfTree(functionName, 'options', tree, region.space);
    const targets = level.leaves ?? leaves.map((_, index) => index);
    if (!Array.isArray(targets)) {
      throw new InvalidArgumentError({ functionName, argument: `${argument}.leaves`, message: `expected leaf indices, got ${describeValue(targets)}` });
    }
    const unique = [...new Set(targets)];
    for (const target of unique) {
      if (typeof target !== 'number' || !Number.isInteger(target) || target < 0 || target >= leaves.length) {
        throw new OutOfRangeError({ functionName, argument: `${argument}.leaves`, message: `expected leaf indices 0..${leaves.length - 1}, got ${describeValue(target)}` });
      }
    }
    // From the last leaf backwards, so that the indices of the remaining targets stay valid.
    for (const target of unique.sort((a, b) => b - a)) {
      let plan: SplitPlan;
      try {
        plan = planFixedEdgeSplit({
          region: leaves[target] as Region,
          decision: level.decision,
          ...(level.groups === undefined ? {} : { groups: level.groups }),
        });
      } catch (error) {
        if (!FewshotError.isInstance(error)) throw error;
        throw new InvalidArgumentError({ functionName, argument, message: `leaf ${target}: ${error.message}`, cause: error });
      }
      tree = extendSplitTree({ tree, space: region.space, leaf: target, plan });
    }
  });
  return tree;
}

/**
 * Options of {@link splitTreeLeaves}.
 *
 * @example
 * ```ts
 * const options: SplitTreeLeavesOptions = { tree, space: nasBench201 };
 * ```
 */
export interface SplitTreeLeavesOptions {
  /** The tree whose leaves to list (plain JSON, e.g. from {@link buildSplitTree} or a file). */
  readonly tree: SplitTree;
  /** The space of its regions. */
  readonly space: SearchSpace;
}

/**
 * The leaves of a tree as regions, depth first (the order of the sub-supernets). Checks the tree
 * on the way: every plan fits its node and every child is the plan's child region.
 *
 * @throws InvalidArgumentError naming the first inconsistent node.
 *
 * @example
 * ```ts
 * const regions = splitTreeLeaves({ tree, space: nasBench201 });
 * regions.reduce((total, region) => total + region.size, 0); // the root's size
 * ```
 */
export function splitTreeLeaves(options: SplitTreeLeavesOptions): Region[] {
  const functionName = 'splitTreeLeaves';
  checkOptions(functionName, options, '{ tree, space }');
  return leavesOfTree(functionName, 'options.tree', options.tree, options.space);
}

/**
 * Options of {@link splitTreeFromJson}.
 *
 * @example
 * ```ts
 * const options: SplitTreeFromJsonOptions = { space: nasBench201, json: JSON.parse(text) };
 * ```
 */
export interface SplitTreeFromJsonOptions {
  /** The space of the tree's regions. */
  readonly space: SearchSpace;
  /** A tree as `JSON.parse(JSON.stringify(tree))` gives it. */
  readonly json: unknown;
}

/**
 * Validates a tree read from JSON (every region, plan and child, see {@link splitTreeLeaves}) and
 * returns it as a {@link SplitTree}.
 *
 * @throws InvalidArgumentError naming the first inconsistent node.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const tree = splitTreeFromJson({ space: nasBench201, json: JSON.parse(await readFile('split-tree.json', 'utf8')) });
 * ```
 */
export function splitTreeFromJson(options: SplitTreeFromJsonOptions): SplitTree {
  const functionName = 'splitTreeFromJson';
  checkOptions(functionName, options, '{ space, json }');
  const { space } = options;
  const visit = (value: unknown, argument: string): SplitTree => {
    const node = value as Partial<Record<keyof SplitTree, unknown>> | null;
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Array.isArray(node.children)) {
      throw new InvalidArgumentError({ functionName, argument, message: `expected { region, plan?, children }, got ${describeValue(value)}` });
    }
    const region = parseRegion(functionName, `${argument}.region`, node.region, space);
    const children = (node.children as unknown[]).map((child, index) => visit(child, `${argument}.children[${index}]`));
    if (node.plan === undefined) return { region: region.toJSON(), children };
    let plan: SplitPlan;
    try {
      plan = splitPlanFromJson({ space, json: node.plan });
    } catch (error) {
      if (!FewshotError.isInstance(error)) throw error;
      throw new InvalidArgumentError({ functionName, argument: `${argument}.plan`, message: error.message, cause: error });
    }
    return { region: region.toJSON(), plan, children };
  };
  const tree = visit(options.json, 'options.json');
  leavesOfTree(functionName, 'options.json', tree, space);
  return tree;
}

function clonePlan(plan: SplitPlan): SplitPlan {
  return JSON.parse(JSON.stringify(plan)) as SplitPlan;
}
