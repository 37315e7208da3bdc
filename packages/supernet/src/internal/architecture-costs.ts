import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import type { ArchitectureCostOptions } from '../architecture-cost-options.js';
import type { ResolvedNetworkOptions } from '../network-options.js';
import { kernelSizeOf, validateArchitecture } from './nas-bench-201.js';
import { resolveNetworkOptions } from './resolve-network-options.js';

export function resolveCostOptions(
  options: ArchitectureCostOptions,
  functionName: string,
): { readonly network: ResolvedNetworkOptions; readonly architecture: Architecture } {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${String(options)}` });
  }
  validateArchitecture(options.architecture, { functionName, argument: 'options.architecture' });
  return { network: resolveNetworkOptions(options, functionName), architecture: options.architecture };
}

/** Sum over the cell's conv ops of k^2 (the per-cell conv cost is this times width^2). */
export function cellKernelArea(architecture: Architecture): { readonly kernelArea: number; readonly convolutions: number } {
  let kernelArea = 0;
  let convolutions = 0;
  for (const operation of architecture) {
    const kernelSize = kernelSizeOf(operation);
    if (kernelSize === undefined) continue;
    kernelArea += kernelSize * kernelSize;
    convolutions += 1;
  }
  return { kernelArea, convolutions };
}
