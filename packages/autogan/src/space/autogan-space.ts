import {
  InvalidArgumentError,
  OutOfRangeError,
  ParseError,
  type Architecture,
  type Decision,
  type Rng,
  type SearchSpace,
} from '@fewshot/core';
import { describeValue, requireRng } from '../internal/validate.js';

/**
 * The options of each per-cell decision, in AutoGAN's index order (`CONV_TYPE`,
 * `NORM_TYPE`, `UP_TYPE`, `SHORT_CUT_TYPE`): an architecture stores the index.
 *
 * @example
 * ```ts
 * autoGanOptions.upsampling[2]; // 'deconvolution' (ConvTranspose k2 s2)
 * ```
 */
export const autoGanOptions = Object.freeze({
  /** 0 = post-activation block (up, conv, norm, ReLU), 1 = pre-activation block (norm, ReLU, up, conv). */
  convolution: Object.freeze(['post', 'pre'] as const),
  /** 0 = none, 1 = batch normalisation, 2 = instance normalisation (no affine, no running statistics). */
  normalization: Object.freeze(['none', 'batch', 'instance'] as const),
  /** 0 = bilinear (half-pixel centres), 1 = nearest, 2 = stride-2 transposed convolution. */
  upsampling: Object.freeze(['bilinear', 'nearest', 'deconvolution'] as const),
  /** 0 = no in-cell shortcut, 1 = shortcut. */
  shortcut: Object.freeze(['no', 'yes'] as const),
  /** Cross-cell skips into cell 2 (bit 0 = from cell 1). */
  cell2Skip: Object.freeze(['none', 'cell1'] as const),
  /** Cross-cell skips into cell 3: the least significant bit is the most recent cell (1 = cell 2, 2 = cell 1, 3 = both). */
  cell3Skip: Object.freeze(['none', 'cell2', 'cell1', 'cell1+cell2'] as const),
});

/** A block type of an AutoGAN cell. @example `const type: AutoGanConvolution = 'pre';` */
export type AutoGanConvolution = 'post' | 'pre';
/** A normalisation of an AutoGAN cell. @example `const norm: AutoGanNormalization = 'batch';` */
export type AutoGanNormalization = 'none' | 'batch' | 'instance';
/** An upsampling of an AutoGAN cell. @example `const up: AutoGanUpsampling = 'nearest';` */
export type AutoGanUpsampling = 'bilinear' | 'nearest' | 'deconvolution';

/**
 * One cell of an AutoGAN generator, decoded from the 14-integer vector.
 *
 * @example
 * ```ts
 * const cell: AutoGanCell = { index: 3, convolution: 'pre', normalization: 'none', upsampling: 'nearest', shortcut: false, skipsFrom: [1, 2] };
 * ```
 */
export interface AutoGanCell {
  /** 1, 2 or 3. */
  readonly index: number;
  /** Post- or pre-activation blocks. */
  readonly convolution: AutoGanConvolution;
  /** The cell's normalisation. */
  readonly normalization: AutoGanNormalization;
  /** The cell's one upsampling type (main x2, shortcut, skip resizes). */
  readonly upsampling: AutoGanUpsampling;
  /** The in-cell shortcut. */
  readonly shortcut: boolean;
  /** The earlier cells whose skip outputs are added into this cell, increasing (empty for cell 1). */
  readonly skipsFrom: readonly number[];
}

const cellDecisions = (cell: number): Decision[] => [
  { label: `cell${cell}.convolution`, options: autoGanOptions.convolution },
  { label: `cell${cell}.normalization`, options: autoGanOptions.normalization },
  { label: `cell${cell}.upsampling`, options: autoGanOptions.upsampling },
  { label: `cell${cell}.shortcut`, options: autoGanOptions.shortcut },
];

const decisions: readonly Decision[] = Object.freeze(
  [
    ...cellDecisions(1),
    ...cellDecisions(2),
    { label: 'cell2.skip', options: autoGanOptions.cell2Skip },
    ...cellDecisions(3),
    { label: 'cell3.skip', options: autoGanOptions.cell3Skip },
  ].map((decision) => Object.freeze({ label: decision.label, options: Object.freeze([...decision.options]) })),
);

const radices = decisions.map((decision) => decision.options.length);

/**
 * The decision indices that each search stage adds, in vector order: stage 0
 * decides cell 1 (`[0, 1, 2, 3]`), stage 1 cell 2 with its skip (`[4..8]`),
 * stage 2 cell 3 with its skips (`[9..13]`). `Generator.set_arch` of AutoGAN
 * slices the vector the same way (`[:4]`, `[4:9]`, `[9:]`).
 *
 * @example
 * ```ts
 * autoGanStageDecisions[1]; // [4, 5, 6, 7, 8]
 * ```
 */
export const autoGanStageDecisions: readonly (readonly number[])[] = Object.freeze([
  Object.freeze([0, 1, 2, 3]),
  Object.freeze([4, 5, 6, 7, 8]),
  Object.freeze([9, 10, 11, 12, 13]),
]);

/**
 * The architecture AutoGAN found on CIFAR-10 (`--arch 1 0 1 1  1 0 0 1 1  1 0 1 0 3`,
 * released as `models/autogan_cifar10_a.py`): pre-activation cells without
 * normalisation; cell 1 nearest with shortcut, cell 2 bilinear with shortcut and a
 * skip from cell 1, cell 3 nearest without shortcut and skips from cells 1 and 2.
 *
 * @example
 * ```ts
 * autoGanSpace.encode(autoGanCifar10Architecture); // '1 0 1 1 1 0 0 1 1 1 0 1 0 3'
 * ```
 */
export const autoGanCifar10Architecture: Architecture = Object.freeze([1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3]);

function isArchitecture(value: unknown): value is Architecture {
  if (!Array.isArray(value) || value.length !== decisions.length) return false;
  return value.every((option, d) => typeof option === 'number' && Number.isInteger(option) && option >= 0 && option < (radices[d] as number));
}

/**
 * Throws a typed error naming `functionName` and `argument` unless `value` is a
 * 14-integer AutoGAN architecture; returns it typed.
 */
export function checkAutoGanArchitecture(functionName: string, argument: string, value: unknown): Architecture {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({ functionName, argument, message: `expected an array of 14 option indices, got ${describeValue(value)}` });
  }
  if (value.length !== decisions.length) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `expected 14 option indices (4 for cell 1, 5 for cell 2, 5 for cell 3), got ${value.length} in ${describeValue(value)}`,
    });
  }
  value.forEach((option: unknown, d) => {
    const decision = decisions[d] as Decision;
    if (typeof option !== 'number' || !Number.isInteger(option)) {
      throw new InvalidArgumentError({
        functionName,
        argument,
        message: `expected an integer for decision ${d} (${decision.label}), got ${describeValue(option)} in ${describeValue(value)}`,
      });
    }
    if (option < 0 || option >= decision.options.length) {
      throw new OutOfRangeError({
        functionName,
        argument,
        message: `decision ${d} (${decision.label}) has options 0..${decision.options.length - 1} (${decision.options.join(', ')}), got ${option} in ${describeValue(value)}`,
      });
    }
  });
  return value as Architecture;
}

/**
 * Options of {@link validateAutoGanArchitecture}.
 *
 * @example
 * ```ts
 * const options: ValidateAutoGanArchitectureOptions = { architecture: [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3] };
 * ```
 */
export interface ValidateAutoGanArchitectureOptions {
  /** The value to check. */
  readonly architecture: unknown;
}

/**
 * Checks that a value is a valid 14-integer AutoGAN architecture and returns it.
 *
 * @throws InvalidArgumentError for a non-array, a wrong length or a non-integer entry;
 *   OutOfRangeError for an option index outside its decision (naming the decision).
 * @example
 * ```ts
 * import { validateAutoGanArchitecture } from '@fewshot/autogan';
 * validateAutoGanArchitecture({ architecture: [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3] }); // returns it
 * validateAutoGanArchitecture({ architecture: [1, 0, 1, 1, 1, 0, 0, 1, 2, 1, 0, 1, 0, 3] }); // throws: cell2.skip has options 0..1
 * ```
 */
export function validateAutoGanArchitecture(options: ValidateAutoGanArchitectureOptions): Architecture {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName: 'validateAutoGanArchitecture', argument: 'options', message: `expected { architecture }, got ${describeValue(options)}` });
  }
  return checkAutoGanArchitecture('validateAutoGanArchitecture', 'options.architecture', options.architecture);
}

/**
 * Options of {@link parseAutoGanArchitecture}.
 *
 * @example
 * ```ts
 * const options: ParseAutoGanArchitectureOptions = { text: '1 0 1 1  1 0 0 1 1  1 0 1 0 3' };
 * ```
 */
export interface ParseAutoGanArchitectureOptions {
  /** 14 integers separated by spaces and/or commas, optionally in brackets (`--arch` form or a JSON array). */
  readonly text: string;
}

function parseText(functionName: string, argument: string, text: unknown): Architecture {
  if (typeof text !== 'string') {
    throw new ParseError({ functionName, argument, message: `expected a string of 14 integers, got ${describeValue(text)}` });
  }
  let body = text.trim();
  if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1).trim();
  const tokens = body === '' ? [] : body.split(/[\s,]+/u).filter((token) => token !== '');
  if (tokens.length !== decisions.length) {
    throw new ParseError({
      functionName,
      argument,
      message: `expected 14 integers (4 for cell 1, 5 for cell 2, 5 for cell 3), got ${tokens.length} in ${describeValue(text)}`,
    });
  }
  const values = tokens.map((token, d) => {
    if (!/^\d+$/u.test(token)) {
      throw new ParseError({
        functionName,
        argument,
        message: `expected a non-negative integer for decision ${d} (${(decisions[d] as Decision).label}), got ${describeValue(token)} in ${describeValue(text)}`,
      });
    }
    return Number(token);
  });
  values.forEach((option, d) => {
    const decision = decisions[d] as Decision;
    if (option >= decision.options.length) {
      throw new OutOfRangeError({
        functionName,
        argument,
        message: `decision ${d} (${decision.label}) has options 0..${decision.options.length - 1} (${decision.options.join(', ')}), got ${option} in ${describeValue(text)}`,
      });
    }
  });
  return values;
}

/**
 * Parses AutoGAN's text form of an architecture: the 14 integers of `--arch`
 * (`1 0 1 1  1 0 0 1 1  1 0 1 0 3`), separated by spaces or commas, optionally
 * in brackets.
 *
 * @throws ParseError for a wrong count or a token that is not a non-negative integer;
 *   OutOfRangeError for an option index outside its decision.
 * @example
 * ```ts
 * import { parseAutoGanArchitecture } from '@fewshot/autogan';
 * parseAutoGanArchitecture({ text: '[1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3]' }); // [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 3]
 * ```
 */
export function parseAutoGanArchitecture(options: ParseAutoGanArchitectureOptions): Architecture {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName: 'parseAutoGanArchitecture', argument: 'options', message: `expected { text }, got ${describeValue(options)}` });
  }
  return parseText('parseAutoGanArchitecture', 'options.text', options.text);
}

/**
 * Options of {@link formatAutoGanArchitecture}.
 *
 * @example
 * ```ts
 * const options: FormatAutoGanArchitectureOptions = { architecture: autoGanCifar10Architecture };
 * ```
 */
export interface FormatAutoGanArchitectureOptions {
  /** A valid 14-integer architecture. */
  readonly architecture: Architecture;
  /** `'vector'` (default): the `--arch` form `1 0 1 1 1 0 0 1 1 1 0 1 0 3`; `'readable'`: one clause per cell. */
  readonly style?: 'vector' | 'readable';
}

/**
 * Prints an architecture: the `--arch` vector (what {@link parseAutoGanArchitecture}
 * reads) or a readable description such as
 * `cell1: pre, no norm, nearest, shortcut | cell2: pre, no norm, bilinear, shortcut, skip from cell1 | ...`.
 *
 * @throws InvalidArgumentError / OutOfRangeError for an invalid architecture.
 * @example
 * ```ts
 * import { autoGanCifar10Architecture, formatAutoGanArchitecture } from '@fewshot/autogan';
 * formatAutoGanArchitecture({ architecture: autoGanCifar10Architecture }); // '1 0 1 1 1 0 0 1 1 1 0 1 0 3'
 * formatAutoGanArchitecture({ architecture: autoGanCifar10Architecture, style: 'readable' });
 * ```
 */
export function formatAutoGanArchitecture(options: FormatAutoGanArchitectureOptions): string {
  const functionName = 'formatAutoGanArchitecture';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected { architecture, style? }, got ${describeValue(options)}` });
  }
  const architecture = checkAutoGanArchitecture(functionName, 'options.architecture', options.architecture);
  const style = options.style ?? 'vector';
  if (style === 'vector') return architecture.join(' ');
  if (style !== 'readable') {
    throw new InvalidArgumentError({ functionName, argument: 'options.style', message: `expected 'vector' or 'readable', got ${describeValue(style)}` });
  }
  return cellsOf(architecture)
    .map((cell) => {
      const parts = [
        cell.convolution,
        cell.normalization === 'none' ? 'no norm' : cell.normalization === 'batch' ? 'batch norm' : 'instance norm',
        cell.upsampling,
        cell.shortcut ? 'shortcut' : 'no shortcut',
      ];
      if (cell.index > 1) parts.push(cell.skipsFrom.length === 0 ? 'no skip' : `skip from ${cell.skipsFrom.map((from) => `cell${from}`).join('+')}`);
      return `cell${cell.index}: ${parts.join(', ')}`;
    })
    .join(' | ');
}

/** Decodes a checked architecture into its three cells (internal: no checks). */
export function cellsOf(architecture: Architecture): AutoGanCell[] {
  const cell = (index: number, offset: number, skip: number | undefined): AutoGanCell => {
    const skipsFrom: number[] = [];
    if (skip !== undefined) {
      // Bit b (from the least significant) is the skip from cell (index - 1 - b).
      for (let bit = 0; bit < index - 1; bit += 1) if ((skip >> bit) & 1) skipsFrom.push(index - 1 - bit);
      skipsFrom.sort((a, b) => a - b);
    }
    return {
      index,
      convolution: autoGanOptions.convolution[architecture[offset] as number] as AutoGanConvolution,
      normalization: autoGanOptions.normalization[architecture[offset + 1] as number] as AutoGanNormalization,
      upsampling: autoGanOptions.upsampling[architecture[offset + 2] as number] as AutoGanUpsampling,
      shortcut: architecture[offset + 3] === 1,
      skipsFrom,
    };
  };
  return [cell(1, 0, undefined), cell(2, 4, architecture[8]), cell(3, 9, architecture[13])];
}

/**
 * Options of {@link describeAutoGanArchitecture}.
 *
 * @example
 * ```ts
 * const options: DescribeAutoGanArchitectureOptions = { architecture: autoGanCifar10Architecture };
 * ```
 */
export interface DescribeAutoGanArchitectureOptions {
  /** A valid 14-integer architecture. */
  readonly architecture: Architecture;
}

/**
 * Decodes an architecture into its three cells, resolving the skip bitmasks
 * (the least significant bit is the skip from the most recent earlier cell).
 *
 * @throws InvalidArgumentError / OutOfRangeError for an invalid architecture.
 * @example
 * ```ts
 * import { autoGanCifar10Architecture, describeAutoGanArchitecture } from '@fewshot/autogan';
 * const [, , cell3] = describeAutoGanArchitecture({ architecture: autoGanCifar10Architecture });
 * cell3.skipsFrom; // [1, 2]
 * ```
 */
export function describeAutoGanArchitecture(options: DescribeAutoGanArchitectureOptions): AutoGanCell[] {
  const functionName = 'describeAutoGanArchitecture';
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ functionName, argument: 'options', message: `expected { architecture }, got ${describeValue(options)}` });
  }
  return cellsOf(checkAutoGanArchitecture(functionName, 'options.architecture', options.architecture));
}

function* enumerateAll(): Generator<Architecture, void, undefined> {
  const digits = radices.map(() => 0);
  for (;;) {
    yield [...digits];
    let d = radices.length - 1;
    while (d >= 0) {
      const next = (digits[d] as number) + 1;
      if (next < (radices[d] as number)) {
        digits[d] = next;
        break;
      }
      digits[d] = 0;
      d -= 1;
    }
    if (d < 0) return;
  }
}

/**
 * AutoGAN's generator search space as a core `SearchSpace` (id `autogan`):
 * 14 decisions (`cell1.convolution` ... `cell3.skip`), 373,248 architectures
 * (36 x 72 x 144). Works with `createRegion` / `Region.split` of
 * `@fewshot/search-space` and with the splitter.
 *
 * - `encode` / `decode`: the `--arch` vector text (see {@link parseAutoGanArchitecture});
 * - `enumerate()`: lexicographic, decision 0 most significant;
 * - `sample(rng)`: uniform; `mutate`: one decision changed, uniformly among all
 *   other (decision, option) pairs; `neighbours`: all of them (22).
 *
 * @example
 * ```ts
 * import { createRng } from '@fewshot/core';
 * import { createRegion } from '@fewshot/search-space';
 * import { autoGanSpace } from '@fewshot/autogan';
 * autoGanSpace.size; // 373248
 * const children = createRegion({ space: autoGanSpace }).split({ decision: 2, groups: [[0], [1], [2]] });
 * children[2]!.label; // 'cell1.upsampling in {deconvolution}'
 * autoGanSpace.encode(autoGanSpace.sample(createRng({ seed: 1 })));
 * ```
 */
export const autoGanSpace: SearchSpace = Object.freeze({
  id: 'autogan',
  decisions,
  size: radices.reduce((product, radix) => product * radix, 1),
  contains: (architecture: Architecture) => isArchitecture(architecture),
  sample: (rng: Rng) => {
    const checked = requireRng('autoGanSpace.sample', 'rng', rng);
    return radices.map((radix) => checked.integer(radix));
  },
  enumerate: () => enumerateAll(),
  encode: (architecture: Architecture) => checkAutoGanArchitecture('autoGanSpace.encode', 'architecture', architecture).join(' '),
  decode: (text: string) => parseText('autoGanSpace.decode', 'text', text),
  mutate: (options: { readonly architecture: Architecture; readonly rng: Rng }) => {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError({ functionName: 'autoGanSpace.mutate', argument: 'options', message: `expected { architecture, rng }, got ${describeValue(options)}` });
    }
    const architecture = checkAutoGanArchitecture('autoGanSpace.mutate', 'options.architecture', options.architecture);
    const rng = requireRng('autoGanSpace.mutate', 'options.rng', options.rng);
    const total = radices.reduce((sum, radix) => sum + radix - 1, 0);
    let pick = rng.integer(total);
    for (let d = 0; d < radices.length; d += 1) {
      const alternatives = (radices[d] as number) - 1;
      if (pick < alternatives) {
        const current = architecture[d] as number;
        const result = [...architecture];
        result[d] = pick < current ? pick : pick + 1;
        return result;
      }
      pick -= alternatives;
    }
    throw new Error('unreachable');
  },
  neighbours: (architecture: Architecture) => {
    const checked = checkAutoGanArchitecture('autoGanSpace.neighbours', 'architecture', architecture);
    const result: Architecture[] = [];
    radices.forEach((radix, d) => {
      for (let option = 0; option < radix; option += 1) {
        if (option === checked[d]) continue;
        const neighbour = [...checked];
        neighbour[d] = option;
        result.push(neighbour);
      }
    });
    return result;
  },
});
