/**
 * The NAS-Bench-201 network and its weight-sharing supernet on TensorFlow.js: single-path,
 * per-cell and mixed (DARTS / GDAS) forward passes, the variables each path uses, restriction
 * to a region (few-shot sub-supernets), clone, save/load, and the benchmark's parameter and
 * FLOPs counts.
 *
 * @packageDocumentation
 */
export type { NetworkOptions, ResolvedNetworkOptions } from './network-options.js';
export type {
  CellBatchNorm,
  ForwardBaseOptions,
  LoadOptions,
  MixedForwardOptions,
  NetworkOutputs,
  PerCellForwardOptions,
  SaveOptions,
  SinglePathForwardOptions,
  SupernetForwardOptions,
  SupernetOptions,
} from './supernet-options.js';
export { createSupernet, loadSupernet, Supernet } from './supernet.js';
export {
  createStandaloneNetwork,
  loadStandaloneNetwork,
  StandaloneNetwork,
  type StandaloneNetworkOptions,
} from './standalone-network.js';
export type { ArchitectureCostOptions } from './architecture-cost-options.js';
export { countParameters } from './count-parameters.js';
export { countFlops } from './count-flops.js';
export {
  gumbelSoftmaxMixingWeights,
  softmaxMixingWeights,
  type GumbelSoftmaxMixingWeightsOptions,
  type SoftmaxMixingWeightsOptions,
} from './mixing-weights.js';
