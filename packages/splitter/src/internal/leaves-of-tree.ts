import { FewshotError, InvalidArgumentError, type Region, type RegionJson, type SearchSpace } from '@fewshot/core';
import { regionFromJson } from '@fewshot/search-space';
import type { SplitTree } from '../split-tree.js';
import { splitRegionWithPlan } from './split-region-with-plan.js';
import { describeValue, sameAllowed } from './validate.js';

/** Validates a tree against `space` and returns its leaves, depth first (internal). */
export function leavesOfTree(functionName: string, argument: string, tree: SplitTree, space: SearchSpace): Region[] {
  const leaves: Region[] = [];
  const visit = (node: SplitTree, path: string, expected: Region | undefined): void => {
    if (node === null || typeof node !== 'object' || !Array.isArray(node.children)) {
      throw new InvalidArgumentError({ functionName, argument: path, message: `expected a SplitTree node { region, plan?, children }, got ${describeValue(node)}` });
    }
    const region = parseRegion(functionName, `${path}.region`, node.region, space);
    if (expected !== undefined && !sameAllowed(expected.toJSON(), region.toJSON())) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${path}.region`,
        message: `expected the plan's child region ${describeValue(expected.toJSON())}, got ${describeValue(node.region)}`,
      });
    }
    if (node.plan === undefined) {
      if (node.children.length > 0) {
        throw new InvalidArgumentError({ functionName, argument: `${path}.children`, message: 'a node without a plan must have no children' });
      }
      leaves.push(region);
      return;
    }
    const children = splitRegionWithPlan(functionName, region, node.plan, `${path}.plan`);
    if (children.length !== node.children.length) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${path}.children`,
        message: `the plan has ${children.length} groups but the node has ${node.children.length} children`,
      });
    }
    node.children.forEach((child, index) => visit(child, `${path}.children[${index}]`, children[index]));
  };
  visit(tree, argument, undefined);
  return leaves;
}

/** A region from JSON, with errors that name `argument`. */
export function parseRegion(functionName: string, argument: string, json: unknown, space: SearchSpace): Region {
  try {
    return regionFromJson({ space, json: json as RegionJson });
  } catch (error) {
    if (!FewshotError.isInstance(error)) throw error;
    throw new InvalidArgumentError({ functionName, argument, message: error.message, cause: error });
  }
}
