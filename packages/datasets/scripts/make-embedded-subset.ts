/**
 * Builds the Fashion-MNIST subset embedded in @fewshot/datasets
 * (data/fashion-mnist-subset/) from the full data set of Debian's
 * `dataset-fashion-mnist` package.
 *
 *   npx tsx --conditions=@fewshot/source packages/datasets/scripts/make-embedded-subset.ts [source-directory]
 *
 * Selection (reproducible): one generator `createRng({ seed: 'fewshot/fashion-mnist-subset/v1' })`;
 * for the training part, class by class (0..9) the indices of the class in the
 * official training file are shuffled with it (Fisher–Yates, `rng.integer`) and
 * the first 1,000 are kept; then the same for the test part with 200 per class
 * from the official test file. The kept indices are sorted, so the subset keeps
 * the official order. This is exactly `selectPerClass({ dataset, perClass, rng })`.
 * Images stay 28x28; files are IDX, gzip level 9 (deterministic: no file name or
 * time stamp in the gzip header).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRng } from '@fewshot/core';
import { countExamplesPerClass, encodeIdx, fashionMnistClassNames, loadFashionMnist, type ImageDataset } from '../src/index.js';
import { gather } from '../src/internal/gather.js';
import { selectPerClassIndices } from '../src/internal/select-per-class-indices.js';

const seed = 'fewshot/fashion-mnist-subset/v1';
const trainPerClass = 1000;
const testPerClass = 200;
const sourceDirectory = resolve(process.argv[2] ?? '/usr/share/datasets/fashion-mnist');
const outputDirectory = fileURLToPath(new URL('../data/fashion-mnist-subset/', import.meta.url));

const sourceNames = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeAtomically(path: string, bytes: Uint8Array | string): void {
  const temporary = join(dirname(path), `.${basename(path)}.tmp`);
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

function writePart(prefix: string, dataset: ImageDataset): Record<string, string> {
  const files: Record<string, string> = {};
  const parts: Array<[string, Uint8Array]> = [
    [`${prefix}-images-idx3-ubyte.gz`, encodeIdx({ dimensions: [dataset.count, dataset.height, dataset.width], data: dataset.images })],
    [`${prefix}-labels-idx1-ubyte.gz`, encodeIdx({ dimensions: [dataset.count], data: dataset.labels })],
  ];
  for (const [name, raw] of parts) {
    const compressed = gzipSync(raw, { level: 9 });
    writeAtomically(join(outputDirectory, name), compressed);
    files[name] = sha256(compressed);
  }
  return files;
}

const full = await loadFashionMnist({ directory: sourceDirectory });
const rng = createRng({ seed });
const trainIndices = selectPerClassIndices('make-embedded-subset', full.train, trainPerClass, rng);
const testIndices = selectPerClassIndices('make-embedded-subset', full.test, testPerClass, rng);
const train = gather(full.train, trainIndices);
const test = gather(full.test, testIndices);

mkdirSync(outputDirectory, { recursive: true });
const files = { ...writePart('train', train), ...writePart('t10k', test) };
const manifest = {
  description:
    'A class-balanced, seeded subset of Fashion-MNIST (Zalando Research, MIT licence: see LICENSE in this folder), made by packages/datasets/scripts/make-embedded-subset.ts.',
  source: {
    dataset: 'Fashion-MNIST, https://github.com/zalandoresearch/fashion-mnist',
    debianPackage: 'dataset-fashion-mnist',
    files: Object.fromEntries(sourceNames.map((name) => [name, sha256(readFileSync(join(sourceDirectory, name)))])),
  },
  selection: {
    seed,
    algorithm:
      "rng = createRng({ seed }) from @fewshot/core; train: for each class 0..9, shuffle that class's indices in the official training file with rng (Fisher-Yates via rng.integer) and keep the first 1000; then test: the same on the official test file with 200 per class; kept indices are sorted ascending (= selectPerClass({ dataset, perClass, rng }) from @fewshot/datasets)",
    classNames: fashionMnistClassNames,
    train: { perClass: trainPerClass, count: train.count, perClassCounts: countExamplesPerClass({ dataset: train }), sourceIndices: Array.from(trainIndices) },
    test: { perClass: testPerClass, count: test.count, perClassCounts: countExamplesPerClass({ dataset: test }), sourceIndices: Array.from(testIndices) },
  },
  files,
};
writeAtomically(join(outputDirectory, 'subset.json'), `${JSON.stringify(manifest, null, 2).replace(/\[\n\s+(\d[\d,\s]*?)\n\s+\]/g, (_, body: string) => `[${body.replace(/\s+/g, ' ')}]`)}\n`);
console.log(`wrote ${train.count} training and ${test.count} test images to ${outputDirectory}`);
for (const [name, digest] of Object.entries(files)) console.log(`  ${name}  sha256 ${digest}`);
