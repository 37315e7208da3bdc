/**
 * `Symbol.dispose` for consumers whose TypeScript `lib` predates explicit resource management
 * (ES2023 and older, without `esnext.disposable` or `@types/node`). The same declaration as
 * TypeScript's own lib and `@types/node`; identical declarations merge.
 */
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export {};
