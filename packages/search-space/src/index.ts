/**
 * NAS search spaces in pure TypeScript: NAS-Bench-201 (architecture strings,
 * enumeration, canonical forms, NASLib and NNI converters), NAS-Bench-101 cells
 * (pruning, validation and the exact module hash), the three NAS-Bench-1Shot1
 * spaces, and regions (sub-spaces) that split into partitions.
 *
 * @packageDocumentation
 */
export {
  nasBench201Edges,
  nasBench201Operations,
  type NasBench201Edge,
  type NasBench201Operation,
} from './nas-bench-201/operations.js';
export { formatNasBench201Architecture, parseNasBench201Architecture } from './nas-bench-201/architecture-string.js';
export { nasBench201, nasBench201ArchitectureAt, nasBench201ArchitectureIndex } from './nas-bench-201/space.js';
export { isNasBench201OutputReachable } from './nas-bench-201/reachability.js';
export {
  canonicalNasBench201Architecture,
  enumerateCanonicalNasBench201Architectures,
  nasBench201EquivalenceKey,
} from './nas-bench-201/equivalence.js';
export { fromNaslibOpIndices, naslibNasBench201Operations, toNaslibOpIndices } from './nas-bench-201/naslib.js';
export {
  fromNniChoices,
  nniNasBench201Operations,
  toNniChoices,
  type NniNasBench201Choices,
  type NniNasBench201Operation,
} from './nas-bench-201/nni.js';
export { nasBench101Limits, nasBench101Operations, type NasBench101Cell } from './nas-bench-101/cell.js';
export { pruneNasBench101Cell } from './nas-bench-101/prune.js';
export { isValidNasBench101Cell, validateNasBench101Cell } from './nas-bench-101/validate.js';
export { hashNasBench101Cell } from './nas-bench-101/hash.js';
export {
  createNasBench1Shot1Space,
  nasBench1Shot1Operations,
  type CreateNasBench1Shot1SpaceOptions,
  type NasBench1Shot1Space,
} from './nas-bench-1shot1/space.js';
export {
  countNasBench1Shot1Architectures,
  enumerateUniqueNasBench1Shot1Cells,
  type NasBench1Shot1Counts,
  type NasBench1Shot1UniqueCell,
} from './nas-bench-1shot1/unique-cells.js';
export {
  createRegion,
  regionFromJson,
  type CreateRegionOptions,
  type RegionFromJsonOptions,
} from './region/region.js';
