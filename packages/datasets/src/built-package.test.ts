import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The embedded data is found relative to the module: ../../data from this source tree,
// ../data from dist/index.js. This checks the second case on the build, when there is one.
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const present = existsSync(built);
if (!present) console.warn(`SKIPPED: the built package was not checked: ${built} does not exist (run tsup in packages/datasets first)`);

describe.skipIf(!present)('the built dist/index.js (skipped before a build)', () => {
  it('finds the embedded Fashion-MNIST files from dist/', async () => {
    const api = (await import(/* @vite-ignore */ pathToFileURL(built).href)) as typeof import('./index.js');
    const { train, test } = await api.loadEmbeddedFashionMnist();
    expect([train.count, test.count, train.height]).toEqual([10000, 2000, 28]);
    expect(api.countExamplesPerClass({ dataset: test })).toEqual(new Array(10).fill(200));
  });
});
