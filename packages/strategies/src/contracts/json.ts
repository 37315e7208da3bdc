/**
 * A value that survives `JSON.stringify` / `JSON.parse` unchanged: no `undefined`,
 * no functions, no `NaN` or infinities, no `Map`s.
 *
 * @example
 * ```ts
 * const value: JsonValue = { population: [[3, 3, 3, 1, 3, 2]], step: 4, done: false };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
