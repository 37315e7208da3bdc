/**
 * Shared Vitest configuration for every workspace package.
 *
 * Packages resolve their `@fewshot/*` siblings from source through the custom
 * `@fewshot/source` export condition, so tests never need a prior build.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const sourceConditions = ['@fewshot/source', 'module', 'node', 'import', 'default'];

/** Options of {@link defineFewshotConfig}. */
export interface FewshotVitestOptions {
  /** Fail any test that leaves TensorFlow.js tensors alive (compute packages). */
  readonly checkTensorLeaks?: boolean;
  /** Per-test timeout in milliseconds. */
  readonly testTimeout?: number;
  /** Test files outside `src/` and `test/` (e.g. a package's benchmark helpers). */
  readonly alsoInclude?: readonly string[];
}

export function defineFewshotConfig(options: FewshotVitestOptions = {}): ViteUserConfig {
  const setupFiles = options.checkTensorLeaks
    ? [fileURLToPath(new URL('./test/tensor-leak-setup.ts', import.meta.url))]
    : [];
  return defineConfig({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@fewshot/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', ...(options.alsoInclude ?? [])],
      environment: 'node',
      setupFiles,
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      reporters: ['default'],
    },
  });
}
