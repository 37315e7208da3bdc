/**
 * Shared tsup configuration: ESM + bundled `.d.ts`, TensorFlow.js and sibling
 * `@fewshot/*` packages always external (peers and dependencies, never bundled).
 */
import { defineConfig, type Options } from 'tsup';

/** Options of {@link defineFewshotBuild}. */
export interface FewshotBuildOptions {
  /** Entry points, relative to the package folder. Defaults to `src/index.ts`. */
  readonly entry?: Options['entry'];
}

export function defineFewshotBuild(options: FewshotBuildOptions = {}) {
  return defineConfig({
    entry: options.entry ?? ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    external: [/^@tensorflow\//, /^@fewshot\//],
  });
}
