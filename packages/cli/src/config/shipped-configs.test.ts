import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGroundTruthConfig } from '../ground-truth/run-ground-truth.js';
import { parseExperimentConfig } from './parse-experiment-config.js';

const configs = join(dirname(fileURLToPath(import.meta.url)), '../../configs');

function jsonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? jsonFiles(join(directory, entry.name)) : entry.name.endsWith('.json') ? [join(directory, entry.name)] : [],
  );
}

describe('the configs this package ships', () => {
  const files = jsonFiles(configs);

  it('include the default experiment, the studies and the ground-truth config', () => {
    expect(files.map((file) => file.slice(configs.length + 1)).sort()).toEqual(
      expect.arrayContaining(['default.json', 'ground-truth-fashion-mnist.json', 'studies/three-seeds.json']),
    );
  });

  for (const file of files) {
    it(`${file.slice(configs.length + 1)} is valid and points at the shipped ground truth`, () => {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { groundTruth?: unknown };
      if (json.groundTruth === undefined) {
        const config = parseGroundTruthConfig({ json, directory: dirname(file) });
        const name = file.endsWith('ground-truth-gradient-strategies.json') ? 'fashion-mnist-16px-c8-n1-gradient-strategies' : 'fashion-mnist-16px-c8-n1';
        expect(config.output).toBe(join(configs, `../data/ground-truth/${name}.json`));
        expect(config.training.epochs).toBe(8);
        return;
      }
      const config = parseExperimentConfig({ json, directory: dirname(file) });
      expect(config.groundTruth.file).toBe(join(configs, '../data/ground-truth/fashion-mnist-16px-c8-n1.json'));
      expect(config.network.channels).toBe(8);
      expect(config.network.cellsPerStage).toBe(1);
      expect(config.data.resize).toEqual({ height: 16, width: 16 });
    });
  }
});
