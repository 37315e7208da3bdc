import { InvalidArgumentError, type Architecture } from '@fewshot/core';
import { pytorchDefault, xavierUniform } from '../internal/initializers.js';
import { sizeOf, type ParameterSpec } from '../internal/parameter-store.js';
import { describeValue, integerOption } from '../internal/validate.js';
import { autoGanSpace, checkAutoGanArchitecture } from '../space/autogan-space.js';

/** A decision that must take one of `options` for a parameter to be used. */
export interface Requirement {
  readonly decision: number;
  readonly options: readonly number[];
}

/** A generator parameter with the conditions under which an architecture uses it. */
export interface GeneratorParameterSpec extends ParameterSpec {
  /** 0 for the stem and head (always used), else the cell (used from stage `cell - 1` on). */
  readonly cell: number;
  /** All must hold (on distinct decisions). */
  readonly requires: readonly Requirement[];
}

/** The sizes that fix the generator's parameter shapes. */
export interface GeneratorDimensions {
  readonly channels: number;
  readonly latentDimension: number;
  readonly bottomWidth: number;
  readonly outputChannels: number;
}

/** Offsets of each cell's decisions in the 14-vector. */
export const cellOffsets = [0, 4, 9] as const;

/** The skip-option values of cell `cell`'s skip decision that include the skip from cell `from`. */
export function skipOptionsFrom(cell: number, from: number): number[] {
  const bit = cell - 1 - from;
  const count = 2 ** (cell - 1);
  const options: number[] = [];
  for (let value = 0; value < count; value += 1) if ((value >> bit) & 1) options.push(value);
  return options;
}

/**
 * Every parameter of AutoGAN's shared generator (the ENAS-style supernet of
 * `models_search/shared_gan.py`): per cell separate pre/post conv weights, a ConvT per
 * block-1 path, BatchNorm affine parameters and running statistics per block and path,
 * the shortcut 1x1 conv (+ its ConvT), one 1x1 conv per incoming skip and the skip
 * ConvTs; the stem linear and the head (BN, conv3x3).
 *
 * Unlike the original, which creates `skip_deconvx2` and `skip_deconvx4` in every cell,
 * only the transposed convolutions that some architecture uses exist here (cell 2: x2;
 * cell 3: x2 and x4).
 */
export function generatorParameterSpecs(dimensions: GeneratorDimensions): GeneratorParameterSpec[] {
  const { channels: c, latentDimension, bottomWidth, outputChannels } = dimensions;
  const specs: GeneratorParameterSpec[] = [];
  const add = (spec: GeneratorParameterSpec): void => {
    specs.push(spec);
  };
  const conv = (name: string, cell: number, requires: Requirement[], kernel: number, inChannels: number, outChannels: number): void => {
    const fanIn = kernel * kernel * inChannels;
    add({ name: `${name}.kernel`, shape: [kernel, kernel, inChannels, outChannels], initializer: xavierUniform(fanIn, kernel * kernel * outChannels), trainable: true, cell, requires });
    add({ name: `${name}.bias`, shape: [outChannels], initializer: pytorchDefault(fanIn), trainable: true, cell, requires });
  };
  const deconv = (name: string, cell: number, requires: Requirement[], inChannels: number, outChannels: number): void => {
    // PyTorch's ConvTranspose2d default init: fan_in is weight.size(1) * k * k = out * 4.
    add({ name: `${name}.kernel`, shape: [inChannels, 2, 2, outChannels], initializer: pytorchDefault(outChannels * 4), trainable: true, cell, requires });
    add({ name: `${name}.bias`, shape: [outChannels], initializer: pytorchDefault(outChannels * 4), trainable: true, cell, requires });
  };
  const batchNorm = (name: string, cell: number, requires: Requirement[], size: number): void => {
    add({ name: `${name}.scale`, shape: [size], initializer: { kind: 'normal', mean: 1, standardDeviation: 0.02 }, trainable: true, cell, requires });
    add({ name: `${name}.offset`, shape: [size], initializer: { kind: 'zeros' }, trainable: true, cell, requires });
    add({ name: `${name}.running-mean`, shape: [size], initializer: { kind: 'zeros' }, trainable: false, cell, requires });
    add({ name: `${name}.running-variance`, shape: [size], initializer: { kind: 'ones' }, trainable: false, cell, requires });
  };

  add({ name: 'l1.kernel', shape: [latentDimension, bottomWidth * bottomWidth * c], initializer: pytorchDefault(latentDimension), trainable: true, cell: 0, requires: [] });
  add({ name: 'l1.bias', shape: [bottomWidth * bottomWidth * c], initializer: pytorchDefault(latentDimension), trainable: true, cell: 0, requires: [] });
  for (let cell = 1; cell <= 3; cell += 1) {
    const offset = cellOffsets[cell - 1] as number;
    const convolution = offset;
    const normalization = offset + 1;
    const upsampling = offset + 2;
    const shortcut = offset + 3;
    const skip = offset + 4;
    for (const [path, option] of [['post', 0], ['pre', 1]] as const) {
      const onPath: Requirement = { decision: convolution, options: [option] };
      const withBatchNorm: Requirement = { decision: normalization, options: [1] };
      conv(`cell${cell}.${path}.conv1`, cell, [onPath], 3, c, c);
      deconv(`cell${cell}.${path}.deconv1`, cell, [onPath, { decision: upsampling, options: [2] }], c, c);
      batchNorm(`cell${cell}.${path}.bn1`, cell, [onPath, withBatchNorm], c);
      conv(`cell${cell}.${path}.conv2`, cell, [onPath], 3, c, c);
      batchNorm(`cell${cell}.${path}.bn2`, cell, [onPath, withBatchNorm], c);
    }
    conv(`cell${cell}.shortcut.conv`, cell, [{ decision: shortcut, options: [1] }], 1, c, c);
    deconv(`cell${cell}.shortcut.deconv`, cell, [{ decision: shortcut, options: [1] }, { decision: upsampling, options: [2] }], c, c);
    for (let from = 1; from < cell; from += 1) {
      const requiresSkip: Requirement = { decision: skip, options: skipOptionsFrom(cell, from) };
      conv(`cell${cell}.skip-from-cell${from}.conv`, cell, [requiresSkip], 1, c, c);
      const viaDeconv: Requirement[] = [requiresSkip, { decision: upsampling, options: [2] }];
      if (cell - from === 1) {
        deconv(`cell${cell}.skip-deconv2`, cell, viaDeconv, c, c);
      } else {
        deconv(`cell${cell}.skip-deconv4.first`, cell, viaDeconv, c, c);
        deconv(`cell${cell}.skip-deconv4.second`, cell, viaDeconv, c, c);
      }
    }
  }
  batchNorm('head.bn', 0, [], c);
  conv('head.conv', 0, [], 3, c, outputChannels);
  return specs;
}

/** True when `architecture` at `stage` uses the parameter. */
export function usesParameter(spec: GeneratorParameterSpec, architecture: Architecture, stage: number): boolean {
  if (spec.cell > stage + 1) return false;
  return spec.requires.every((requirement) => requirement.options.includes(architecture[requirement.decision] as number));
}

/** True when some architecture allowed by `allowed` (a region's mask) uses the parameter at some stage. */
export function regionUsesParameter(spec: GeneratorParameterSpec, allowed: readonly (readonly boolean[])[]): boolean {
  return spec.requires.every((requirement) => requirement.options.some((option) => allowed[requirement.decision]?.[option] === true));
}

/**
 * Options of {@link countAutoGanGeneratorParameters}.
 *
 * @example
 * ```ts
 * const options: CountAutoGanGeneratorParametersOptions = { architecture: autoGanCifar10Architecture, channels: 256 };
 * ```
 */
export interface CountAutoGanGeneratorParametersOptions {
  /** The architecture; omit to count the whole shared generator (every candidate operation). */
  readonly architecture?: Architecture;
  /** Stage 0, 1 or 2 (cells used: stage + 1). Default 2. */
  readonly stage?: number;
  /** gf_dim. Default 128 (AutoGAN's search width). */
  readonly channels?: number;
  /** Default 128. */
  readonly latentDimension?: number;
  /** Default 4. */
  readonly bottomWidth?: number;
  /** Default 3 (RGB). */
  readonly outputChannels?: number;
}

/**
 * Counts trainable generator parameters (BatchNorm running statistics excluded), from
 * shapes alone (no tensors): those one architecture uses, or the whole shared generator.
 * AutoGAN's CIFAR-10 architecture at gf_dim 256 has 4,405,251, as the released model.
 *
 * @throws InvalidArgumentError / OutOfRangeError for a bad architecture or size.
 * @example
 * ```ts
 * import { autoGanCifar10Architecture, countAutoGanGeneratorParameters } from '@fewshot/autogan';
 * countAutoGanGeneratorParameters({ architecture: autoGanCifar10Architecture, channels: 256 }); // 4405251
 * ```
 */
export function countAutoGanGeneratorParameters(options: CountAutoGanGeneratorParametersOptions = {}): number {
  const functionName = 'countAutoGanGeneratorParameters';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected an options object, got ${describeValue(options)}` });
  }
  const dimensions: GeneratorDimensions = {
    channels: integerOption(functionName, 'options.channels', options.channels, { minimum: 1, fallback: 128 }),
    latentDimension: integerOption(functionName, 'options.latentDimension', options.latentDimension, { minimum: 1, fallback: 128 }),
    bottomWidth: integerOption(functionName, 'options.bottomWidth', options.bottomWidth, { minimum: 1, fallback: 4 }),
    outputChannels: integerOption(functionName, 'options.outputChannels', options.outputChannels, { minimum: 1, fallback: 3 }),
  };
  const stage = integerOption(functionName, 'options.stage', options.stage, { minimum: 0, maximum: 2, fallback: 2 });
  const architecture = options.architecture === undefined ? undefined : checkAutoGanArchitecture(functionName, 'options.architecture', options.architecture);
  const allowed = autoGanSpace.decisions.map((decision) => decision.options.map(() => true));
  return generatorParameterSpecs(dimensions)
    .filter((spec) => spec.trainable)
    .filter((spec) => (architecture === undefined ? spec.cell <= stage + 1 && regionUsesParameter(spec, allowed) : usesParameter(spec, architecture, stage)))
    .reduce((sum, spec) => sum + sizeOf(spec.shape), 0);
}
