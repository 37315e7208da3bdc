/**
 * The parameters of the NAS-Bench-201 network and its supernet, by stable logical key.
 *
 * Keys (instance-independent; variable names add a per-instance prefix):
 * - `stem/conv/kernel`, `stem/bn/{scale,offset,running-mean,running-variance}`
 * - `cell{c}/edge{to}-{from}/{op}/conv/kernel` (+ `/bn/...` where the cell's BN has parameters)
 * - `reduction{r}/conv-a/kernel`, `reduction{r}/bn-a/...`, `reduction{r}/conv-b/kernel`,
 *   `reduction{r}/bn-b/...`, `reduction{r}/shortcut/kernel`
 * - `head/bn/...`, `head/linear/kernel`, `head/linear/bias`
 */
import type { ResolvedNetworkOptions } from '../network-options.js';
import { edges, kernelSizeOf, operationNames } from './nas-bench-201.js';

/** How to initialise one parameter (PyTorch's defaults). */
export type Initializer =
  | { readonly kind: 'uniform'; readonly bound: number }
  | { readonly kind: 'ones' }
  | { readonly kind: 'zeros' };

export interface ParameterSpec {
  readonly key: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  readonly initializer: Initializer;
  /** For parameters of a cell op: where they live. */
  readonly location?: { readonly cell: number; readonly edge: number; readonly operation: number };
}

/** Which batch-normalisation parameters a layer has. */
export interface BatchNormalizationKind {
  readonly affine: boolean;
  readonly tracked: boolean;
}

export const fullBatchNormalization: BatchNormalizationKind = { affine: true, tracked: true };

export function cellCount(network: ResolvedNetworkOptions): number {
  return 3 * network.cellsPerStage;
}

/** Stage (0, 1, 2) of a cell. */
export function stageOfCell(network: ResolvedNetworkOptions, cell: number): number {
  return Math.floor(cell / network.cellsPerStage);
}

/** Channels of a stage. */
export function stageChannels(network: ResolvedNetworkOptions, stage: number): number {
  return network.channels * 2 ** stage;
}

export function operationKey(cell: number, edge: number, operation: number): string {
  const { from, to } = edges[edge] as { from: number; to: number };
  return `cell${cell}/edge${to}-${from}/${operationNames[operation] as string}`;
}

function convolutionSpec(key: string, kernelSize: number, inChannels: number, outChannels: number): ParameterSpec {
  return {
    key: `${key}/kernel`,
    shape: [kernelSize, kernelSize, inChannels, outChannels],
    trainable: true,
    initializer: { kind: 'uniform', bound: 1 / Math.sqrt(inChannels * kernelSize * kernelSize) },
  };
}

function batchNormalizationSpecs(key: string, channels: number, kind: BatchNormalizationKind): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  if (kind.affine) {
    specs.push({ key: `${key}/scale`, shape: [channels], trainable: true, initializer: { kind: 'ones' } });
    specs.push({ key: `${key}/offset`, shape: [channels], trainable: true, initializer: { kind: 'zeros' } });
  }
  if (kind.tracked) {
    specs.push({ key: `${key}/running-mean`, shape: [channels], trainable: false, initializer: { kind: 'zeros' } });
    specs.push({ key: `${key}/running-variance`, shape: [channels], trainable: false, initializer: { kind: 'ones' } });
  }
  return specs;
}

/**
 * Every parameter of a network whose cell `c`, edge `e` holds the ops `operationsAt(c, e)`
 * (only ops with weights matter), with cell BN of the given kind. Fixed order.
 */
export function buildParameterSpecs(options: {
  readonly network: ResolvedNetworkOptions;
  readonly operationsAt: (cell: number, edge: number) => readonly number[];
  readonly cellBatchNormalization: BatchNormalizationKind;
}): ParameterSpec[] {
  const { network, operationsAt, cellBatchNormalization } = options;
  const specs: ParameterSpec[] = [];
  const channels = network.channels;
  specs.push(convolutionSpec('stem/conv', 3, network.inputShape[2], channels));
  specs.push(...batchNormalizationSpecs('stem/bn', channels, fullBatchNormalization));
  for (let cell = 0; cell < cellCount(network); cell += 1) {
    const stage = stageOfCell(network, cell);
    const width = stageChannels(network, stage);
    if (cell > 0 && cell % network.cellsPerStage === 0) {
      const reduction = stage - 1;
      const inChannels = stageChannels(network, stage - 1);
      specs.push(convolutionSpec(`reduction${reduction}/conv-a`, 3, inChannels, width));
      specs.push(...batchNormalizationSpecs(`reduction${reduction}/bn-a`, width, fullBatchNormalization));
      specs.push(convolutionSpec(`reduction${reduction}/conv-b`, 3, width, width));
      specs.push(...batchNormalizationSpecs(`reduction${reduction}/bn-b`, width, fullBatchNormalization));
      specs.push(convolutionSpec(`reduction${reduction}/shortcut`, 1, inChannels, width));
    }
    for (let edge = 0; edge < edges.length; edge += 1) {
      for (const operation of operationsAt(cell, edge)) {
        const kernelSize = kernelSizeOf(operation);
        if (kernelSize === undefined) continue;
        const key = operationKey(cell, edge, operation);
        const location = { cell, edge, operation };
        specs.push({ ...convolutionSpec(`${key}/conv`, kernelSize, width, width), location });
        for (const spec of batchNormalizationSpecs(`${key}/bn`, width, cellBatchNormalization)) {
          specs.push({ ...spec, location });
        }
      }
    }
  }
  const last = stageChannels(network, 2);
  specs.push(...batchNormalizationSpecs('head/bn', last, fullBatchNormalization));
  const bound = 1 / Math.sqrt(last);
  specs.push({
    key: 'head/linear/kernel',
    shape: [last, network.classes],
    trainable: true,
    initializer: { kind: 'uniform', bound },
  });
  specs.push({ key: 'head/linear/bias', shape: [network.classes], trainable: true, initializer: { kind: 'uniform', bound } });
  return specs;
}
