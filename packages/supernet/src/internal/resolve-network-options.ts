import { InvalidArgumentError } from '@fewshot/core';
import type { NetworkOptions, ResolvedNetworkOptions } from '../network-options.js';

export const defaultNetworkOptions: ResolvedNetworkOptions = {
  channels: 16,
  cellsPerStage: 5,
  classes: 10,
  inputShape: [32, 32, 3],
};

function positiveInteger(value: unknown, functionName: string, argument: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected ${argument} to be a positive integer, got ${JSON.stringify(value) ?? String(value)}`,
    });
  }
  return value;
}

/** Validates the size options and fills in the NAS-Bench-201 defaults. */
export function resolveNetworkOptions(
  options: NetworkOptions | undefined,
  functionName: string,
  prefix = 'options',
): ResolvedNetworkOptions {
  const given = options ?? {};
  const channels = positiveInteger(given.channels ?? defaultNetworkOptions.channels, functionName, `${prefix}.channels`);
  const cellsPerStage = positiveInteger(
    given.cellsPerStage ?? defaultNetworkOptions.cellsPerStage,
    functionName,
    `${prefix}.cellsPerStage`,
  );
  const classes = positiveInteger(given.classes ?? defaultNetworkOptions.classes, functionName, `${prefix}.classes`);
  const shape = given.inputShape ?? defaultNetworkOptions.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${prefix}.inputShape`,
      message: `expected [height, width, channels], got ${JSON.stringify(shape) ?? String(shape)}`,
    });
  }
  const [height, width, inputChannels] = shape.map((value, index) =>
    positiveInteger(value, functionName, `${prefix}.inputShape[${index}]`),
  ) as [number, number, number];
  if (height % 4 !== 0 || width % 4 !== 0) {
    throw new InvalidArgumentError({
      functionName,
      argument: `${prefix}.inputShape`,
      message: `height and width must be divisible by 4 (two stride-2 reductions), got ${height}x${width}`,
    });
  }
  return { channels, cellsPerStage, classes, inputShape: [height, width, inputChannels] };
}
