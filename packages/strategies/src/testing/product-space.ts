import { InvalidArgumentError, ParseError, type Architecture, type Decision, type Rng, type SearchSpace } from '@fewshot/core';

/**
 * A small search space for tests: independent decisions with the given numbers of
 * options. Follows the SearchSpace contract exactly (uniform sampling, mutation changes
 * one uniformly chosen decision to another uniformly chosen option).
 */
export function createProductSpace(options: { readonly id: string; readonly optionCounts: readonly number[] }): SearchSpace {
  const decisions: Decision[] = options.optionCounts.map((count, index) => ({
    label: `d${index}`,
    options: Array.from({ length: count }, (_, option) => `o${option}`),
  }));
  const size = options.optionCounts.reduce((product, count) => product * count, 1);
  const contains = (architecture: Architecture): boolean =>
    Array.isArray(architecture) &&
    architecture.length === decisions.length &&
    architecture.every((option, index) => Number.isInteger(option) && option >= 0 && option < (options.optionCounts[index] as number));
  const space: SearchSpace = {
    id: options.id,
    decisions,
    size,
    contains,
    sample: (rng: Rng) => options.optionCounts.map((count) => rng.integer(count)),
    *enumerate() {
      const current = new Array<number>(decisions.length).fill(0);
      for (let index = 0; index < size; index += 1) {
        yield [...current];
        for (let decision = decisions.length - 1; decision >= 0; decision -= 1) {
          current[decision] = (current[decision] as number) + 1;
          if ((current[decision] as number) < (options.optionCounts[decision] as number)) break;
          current[decision] = 0;
        }
      }
    },
    encode: (architecture) => {
      if (!contains(architecture)) {
        throw new InvalidArgumentError({ functionName: 'encode', argument: 'architecture', message: `not in ${options.id}` });
      }
      return architecture.join('-');
    },
    decode: (text) => {
      const architecture = text.split('-').map(Number);
      if (!contains(architecture)) throw new ParseError({ functionName: 'decode', argument: 'text', message: `not in ${options.id}: ${text}` });
      return architecture;
    },
    mutate: ({ architecture, rng }) => {
      const mutable = options.optionCounts.flatMap((count, index) => (count > 1 ? [index] : []));
      const decision = rng.choice(mutable);
      const count = options.optionCounts[decision] as number;
      const other = rng.integer(count - 1);
      const copy = [...architecture];
      copy[decision] = other >= (architecture[decision] as number) ? other + 1 : other;
      return copy;
    },
    neighbours: (architecture) => {
      const result: Architecture[] = [];
      options.optionCounts.forEach((count, decision) => {
        for (let option = 0; option < count; option += 1) {
          if (option === architecture[decision]) continue;
          const copy = [...architecture];
          copy[decision] = option;
          result.push(copy);
        }
      });
      return result;
    },
  };
  return space;
}
