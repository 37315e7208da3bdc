/**
 * Mixed-radix arithmetic over option counts, the first decision most
 * significant: the index of `[a0, ..., an]` is `a0 * k1 * ... * kn + ... + an`.
 * This is the enumeration order of every space in this package.
 */
export function mixedRadixIndex(digits: readonly number[], radices: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < radices.length; d += 1) index = index * (radices[d] as number) + (digits[d] as number);
  return index;
}

/** The digits of `index`, the inverse of {@link mixedRadixIndex}. */
export function mixedRadixDigits(index: number, radices: readonly number[]): number[] {
  const digits = new Array<number>(radices.length);
  let rest = index;
  for (let d = radices.length - 1; d >= 0; d -= 1) {
    const radix = radices[d] as number;
    digits[d] = rest % radix;
    rest = Math.floor(rest / radix);
  }
  return digits;
}

/** Every digit vector in increasing index order (the last decision changes fastest). */
export function* mixedRadixEnumerate(choices: readonly (readonly number[])[]): Generator<number[], void, undefined> {
  if (choices.some((options) => options.length === 0)) return;
  const positions = choices.map(() => 0);
  for (;;) {
    yield choices.map((options, d) => options[positions[d] as number] as number);
    let d = choices.length - 1;
    while (d >= 0) {
      const next = (positions[d] as number) + 1;
      if (next < (choices[d] as readonly number[]).length) {
        positions[d] = next;
        break;
      }
      positions[d] = 0;
      d -= 1;
    }
    if (d < 0) return;
  }
}
