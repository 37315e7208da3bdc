import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFixtureSummary, type FixtureSummary } from '../testing/fixture-summary.js';
import { findPython, runPython } from '../testing/python.js';
import { fixtureSummaryPath, hasNatsFixtures, natsSizeFolder, natsTopologyFolder, skipReason } from '../testing/shared-data.js';
import { loadNatsBenchArchive } from './load-nats-archive.js';

const python = hasNatsFixtures ? findPython(['bz2', 'pickle', 'numpy']) : undefined;
const reason = skipReason(hasNatsFixtures, 'nats-bench fixtures') || (python ? '' : ' (SKIPPED: no Python 3 with numpy to re-pack the fixtures)');

/** Re-packs a "simple" folder's files into one single-file archive, as NATS-Bench writes it (bz2 + pickle protocol 4). */
const repack = `
import bz2, pickle, sys
folder, output, indices = sys.argv[1], sys.argv[2], [int(value) for value in sys.argv[3].split(',')]
meta = pickle.load(bz2.BZ2File(folder + '/meta.pickle.pbz2'))
infos = {index: pickle.load(bz2.BZ2File('%s/%06d.pickle.pbz2' % (folder, index))) for index in indices}
data = {'meta_archs': meta['meta_archs'], 'arch2infos': infos, 'evaluated_indexes': set(indices)}
with bz2.BZ2File(output, 'wb') as handle:
    pickle.dump(data, handle, protocol=4)
`;

describe(`loadNatsBenchArchive on a re-packed archive${reason}`, () => {
  const folder = mkdtempSync(join(tmpdir(), 'fewshot-archive-'));
  const topologyArchive = join(folder, 'NATS-tss-small.pickle.pbz2');
  const sizeArchive = join(folder, 'NATS-sss-small.pickle.pbz2');
  beforeAll(() => {
    if (!python) return;
    runPython(python, repack, [natsTopologyFolder, topologyArchive, '0,11,284']);
    runPython(python, repack, [natsSizeFolder, sizeArchive, '0,284']);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.skipIf(!python)('asserts every value of fixture-summary.json through the archive', async () => {
    const benchmark = await loadNatsBenchArchive({ path: topologyArchive });
    expect(benchmark).toMatchObject({ source: 'nats-archive', space: 'topology', size: 15_625, hps: ['12', '200'] });
    const summary = JSON.parse(readFileSync(fixtureSummaryPath, 'utf8')) as FixtureSummary;
    expect(assertFixtureSummary(benchmark, summary)).toBeGreaterThan(200);
    expect(() => benchmark.query({ index: 1, dataset: 'cifar10', split: 'test' })).toThrow(/architecture 1 has no results in .*not among the evaluated indexes/);
  });

  it.skipIf(!python)('reads the size space archive', async () => {
    const benchmark = await loadNatsBenchArchive({ path: sizeArchive });
    expect(benchmark).toMatchObject({ space: 'size', size: 32_768, hps: ['01', '12', '90'] });
    expect(benchmark.query({ index: 284, dataset: 'cifar100', split: 'valid', hp: 90 }).accuracy).toBeCloseTo(62.77999999389648, 10);
  });

  it.skipIf(!python)('rejects a truncated archive', async () => {
    const bytes = readFileSync(topologyArchive);
    const truncated = join(folder, 'truncated.pickle.pbz2');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(loadNatsBenchArchive({ path: truncated })).rejects.toThrow(/truncated.pickle.pbz2 is a truncated bzip2 stream/);
  });
});
