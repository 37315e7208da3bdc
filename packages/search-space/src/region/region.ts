import {
  InvalidArgumentError,
  OutOfRangeError,
  StateError,
  type Architecture,
  type Decision,
  type Region,
  type RegionJson,
  type SearchSpace,
} from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { mixedRadixEnumerate } from '../internal/mixed-radix.js';
import { checkRng } from '../internal/product-space.js';

/**
 * Options of {@link createRegion}.
 *
 * @example
 * ```ts
 * import { nasBench201 } from '@fewshot/search-space';
 * const options: CreateRegionOptions = { space: nasBench201, allowed: [[3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]] };
 * ```
 */
export interface CreateRegionOptions {
  /** The space the region restricts. */
  readonly space: SearchSpace;
  /**
   * For every decision, the allowed option indices (any order, no duplicates;
   * an empty list makes the region empty). Omit for the whole space.
   */
  readonly allowed?: readonly (readonly number[])[];
}

function checkSpace(functionName: string, space: unknown): asserts space is SearchSpace {
  const candidate = space as Partial<SearchSpace> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    !Array.isArray(candidate.decisions) ||
    !candidate.decisions.every((decision: Decision) => Array.isArray(decision?.options) && decision.options.length > 0)
  ) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.space',
      message: `expected a SearchSpace (with id and decisions), got ${describeValue(space)}`,
    });
  }
}

function normaliseAllowed(
  functionName: string,
  argument: string,
  space: SearchSpace,
  allowed: unknown,
): number[][] {
  const { decisions } = space;
  if (allowed === undefined) return decisions.map((decision) => decision.options.map((_, option) => option));
  if (!Array.isArray(allowed) || allowed.length !== decisions.length) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected one list of option indices per decision (${decisions.length}) of ${space.id}, got ${describeValue(allowed)}`,
    });
  }
  return decisions.map((decision, d) => {
    const list = allowed[d] as unknown;
    if (!Array.isArray(list)) {
      throw new InvalidArgumentError({
        functionName,
        argument: `${argument}[${d}]`,
        message: `expected a list of option indices for decision ${d} (${decision.label}), got ${describeValue(list)}`,
      });
    }
    const seen = new Set<number>();
    for (const option of list as unknown[]) {
      if (typeof option !== 'number' || !Number.isInteger(option)) {
        throw new InvalidArgumentError({
          functionName,
          argument: `${argument}[${d}]`,
          message: `expected integer option indices for decision ${d} (${decision.label}), got ${describeValue(option)} in ${describeValue(list)}`,
        });
      }
      if (option < 0 || option >= decision.options.length) {
        throw new OutOfRangeError({
          functionName,
          argument: `${argument}[${d}]`,
          message: `decision ${d} (${decision.label}) has options 0..${decision.options.length - 1}, got ${option}`,
        });
      }
      if (seen.has(option)) {
        throw new InvalidArgumentError({
          functionName,
          argument: `${argument}[${d}]`,
          message: `option ${option} (${decision.options[option] as string}) is listed twice for decision ${d} (${decision.label})`,
        });
      }
      seen.add(option);
    }
    return [...seen].sort((a, b) => a - b);
  });
}

function sameStructure(a: SearchSpace, b: SearchSpace): boolean {
  return (
    a.id === b.id &&
    a.decisions.length === b.decisions.length &&
    a.decisions.every((decision, d) => decision.options.length === (b.decisions[d] as Decision).options.length)
  );
}

/** Builds a region from already normalised (sorted, checked) allowed lists. */
function buildRegion(space: SearchSpace, allowedLists: readonly (readonly number[])[]): Region {
  const { decisions } = space;
  const lists = allowedLists.map((list) => Object.freeze([...list]));
  const masks = Object.freeze(
    decisions.map((decision, d) => {
      const mask = new Array<boolean>(decision.options.length).fill(false);
      for (const option of lists[d] as readonly number[]) mask[option] = true;
      return Object.freeze(mask);
    }),
  );
  const size = lists.reduce((product, list) => product * list.length, 1);
  const restricted = decisions
    .map((decision, d) => ({ decision, list: lists[d] as readonly number[] }))
    .filter(({ decision, list }) => list.length !== decision.options.length);
  const label =
    restricted.length === 0
      ? 'whole space'
      : restricted
          .map(({ decision, list }) => `${decision.label} in {${list.map((option) => decision.options[option] as string).join(', ')}}`)
          .join(' and ');

  const region: Region = {
    space,
    allowed: masks,
    size,
    label,
    contains: (architecture: Architecture) =>
      Array.isArray(architecture) &&
      architecture.length === decisions.length &&
      architecture.every((option, d) => Number.isInteger(option) && (masks[d] as readonly boolean[])[option] === true),
    enumerate: () => mixedRadixEnumerate(lists),
    sample: (rng) => {
      checkRng('Region.sample', 'rng', rng);
      if (size === 0) {
        throw new StateError({ functionName: 'Region.sample', message: `the region ${label} of ${space.id} is empty` });
      }
      return lists.map((list) => list[rng.integer(list.length)] as number);
    },
    intersect: (other: Region) => {
      if (typeof other !== 'object' || other === null || !Array.isArray(other.allowed) || typeof other.space !== 'object') {
        throw new InvalidArgumentError({ functionName: 'Region.intersect', argument: 'other', message: `expected a Region, got ${describeValue(other)}` });
      }
      if (!sameStructure(space, other.space)) {
        throw new InvalidArgumentError({
          functionName: 'Region.intersect',
          argument: 'other',
          message: `the regions belong to different spaces (${space.id} and ${String(other.space.id)})`,
        });
      }
      return buildRegion(
        space,
        lists.map((list, d) => list.filter((option) => (other.allowed[d] as readonly boolean[] | undefined)?.[option] === true)),
      );
    },
    split: (splitOptions) => {
      const functionName = 'Region.split';
      if (typeof splitOptions !== 'object' || splitOptions === null) {
        throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected { decision, groups }, got ${describeValue(splitOptions)}` });
      }
      const { decision, groups } = splitOptions;
      if (typeof decision !== 'number' || !Number.isInteger(decision)) {
        throw new InvalidArgumentError({ functionName, argument: 'options.decision', message: `expected a decision index, got ${describeValue(decision)}` });
      }
      if (decision < 0 || decision >= decisions.length) {
        throw new OutOfRangeError({ functionName, argument: 'options.decision', message: `expected 0..${decisions.length - 1}, got ${decision}` });
      }
      const target = decisions[decision] as Decision;
      const allowedHere = lists[decision] as readonly number[];
      const name = (option: number): string => `${option} (${target.options[option] as string})`;
      if (!Array.isArray(groups) || groups.length === 0) {
        throw new InvalidArgumentError({ functionName, argument: 'options.groups', message: `expected a non-empty list of option groups, got ${describeValue(groups)}` });
      }
      const seen = new Set<number>();
      const normalised = groups.map((group: unknown, g) => {
        if (!Array.isArray(group) || group.length === 0) {
          throw new InvalidArgumentError({ functionName, argument: `options.groups[${g}]`, message: `expected a non-empty list of option indices, got ${describeValue(group)}` });
        }
        for (const option of group as unknown[]) {
          if (typeof option !== 'number' || !Number.isInteger(option) || option < 0 || option >= target.options.length) {
            throw new OutOfRangeError({
              functionName,
              argument: `options.groups[${g}]`,
              message: `decision ${decision} (${target.label}) has options 0..${target.options.length - 1}, got ${describeValue(option)}`,
            });
          }
          if (!(masks[decision] as readonly boolean[])[option]) {
            throw new InvalidArgumentError({
              functionName,
              argument: `options.groups[${g}]`,
              message: `option ${name(option)} of ${target.label} is not allowed in the region ${label}`,
            });
          }
          if (seen.has(option)) {
            throw new InvalidArgumentError({ functionName, argument: `options.groups[${g}]`, message: `option ${name(option)} of ${target.label} is in more than one group` });
          }
          seen.add(option);
        }
        return [...(group as number[])].sort((a, b) => a - b);
      });
      const missing = allowedHere.filter((option) => !seen.has(option));
      if (missing.length > 0) {
        throw new InvalidArgumentError({
          functionName,
          argument: 'options.groups',
          message: `the groups must cover every option the region allows for ${target.label}; missing ${missing.map(name).join(', ')}`,
        });
      }
      return normalised.map((group) => buildRegion(space, lists.map((list, d) => (d === decision ? group : list))));
    },
    toJSON: (): RegionJson => ({ space: space.id, allowed: lists.map((list) => [...list]) }),
  };
  return Object.freeze(region);
}

/**
 * Creates a region (sub-space) of a search space: for every decision, the set
 * of options it may take. This is what a sub-supernet owns in few-shot NAS.
 *
 * - `size`: the product of the allowed option counts;
 * - `enumerate()`: lexicographic order (first decision most significant, options
 *   increasing), which is the enumeration order of every space in this package;
 * - `sample(rng)`: uniform inside the region (each decision uniformly among its
 *   allowed options); throws a `StateError` on an empty region;
 * - `split({ decision, groups })`: one child per group; the groups must
 *   partition exactly the options this region allows for that decision, so the
 *   children are disjoint and their union is the region;
 * - `label`: `whole space`, or the restricted decisions such as
 *   `1<-0 in {nor_conv_3x3} and 3<-2 in {none, skip_connect}`;
 * - `toJSON()` / {@link regionFromJson}: a JSON round trip.
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createRegion, nasBench201 } from '@fewshot/search-space';
 * const whole = createRegion({ space: nasBench201 });
 * const children = whole.split({ decision: 0, groups: [[0, 1], [2, 3], [4]] });
 * children.map((child) => child.size);  // [6250, 6250, 3125]
 * children[1]!.label;                   // '1<-0 in {nor_conv_1x1, nor_conv_3x3}'
 * children[1]!.sample(createRng({ seed: 0 }))[0]; // 2 or 3
 * ```
 */
export function createRegion(options: CreateRegionOptions): Region {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName: 'createRegion', argument: 'options', message: `expected { space, allowed? }, got ${describeValue(options)}` });
  }
  checkSpace('createRegion', options.space);
  return buildRegion(options.space, normaliseAllowed('createRegion', 'options.allowed', options.space, options.allowed));
}

/**
 * Options of {@link regionFromJson}.
 *
 * @example
 * ```ts
 * import { nasBench201 } from '@fewshot/search-space';
 * const options: RegionFromJsonOptions = { space: nasBench201, json: { space: 'nas-bench-201', allowed: [[3], [0], [0, 1], [0, 1, 2, 3, 4], [4], [1]] } };
 * ```
 */
export interface RegionFromJsonOptions {
  /** The space the region belongs to; its id must equal `json.space`. */
  readonly space: SearchSpace;
  /** What `Region.toJSON()` produced (possibly after `JSON.parse`). */
  readonly json: RegionJson;
}

/**
 * Restores a region saved with `region.toJSON()`. Throws an
 * `InvalidArgumentError` when `json.space` is not the given space's id or the
 * allowed lists do not fit the space.
 *
 * @example
 * ```ts
 * import { createRegion, nasBench201, regionFromJson } from '@fewshot/search-space';
 * const [child] = createRegion({ space: nasBench201 }).split({ decision: 5, groups: [[0], [1, 2, 3, 4]] });
 * const text = JSON.stringify(child);
 * const again = regionFromJson({ space: nasBench201, json: JSON.parse(text) });
 * again.label; // '3<-2 in {none}'
 * ```
 */
export function regionFromJson(options: RegionFromJsonOptions): Region {
  const functionName = 'regionFromJson';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected { space, json }, got ${describeValue(options)}` });
  }
  checkSpace(functionName, options.space);
  const { json, space } = options;
  if (typeof json !== 'object' || json === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options.json', message: `expected { space, allowed }, got ${describeValue(json)}` });
  }
  if (json.space !== space.id) {
    throw new InvalidArgumentError({
      functionName,
      argument: 'options.json.space',
      message: `the region belongs to ${describeValue(json.space)}, not to ${describeValue(space.id)}`,
    });
  }
  return buildRegion(space, normaliseAllowed(functionName, 'options.json.allowed', space, json.allowed));
}
