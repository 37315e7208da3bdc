import { NotFoundError } from '@fewshot/core';

/** Measured latency per device (ms), one Float64Array per device in index order. */
export interface LatencyTable {
  readonly devices: readonly string[];
  readonly columns: ReadonlyMap<string, Float64Array>;
  latency(functionName: string, index: number, device: string): number;
}

/** Wraps named device columns. */
export function createLatencyTable(columns: ReadonlyMap<string, Float64Array>): LatencyTable {
  const devices = [...columns.keys()];
  return {
    devices,
    columns,
    latency(functionName, index, device) {
      const column = columns.get(device);
      if (!column) {
        throw new NotFoundError({ functionName, argument: 'options.device', message: `unknown device ${JSON.stringify(device)}; the latency table has ${devices.join(', ')}` });
      }
      const value = column[index] as number;
      if (Number.isNaN(value)) {
        throw new NotFoundError({ functionName, argument: 'options.device', message: `no latency recorded for architecture ${index} on ${device}` });
      }
      return value;
    },
  };
}
