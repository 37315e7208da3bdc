/**
 * npm run bench (in packages/benchmarks): converts the shared nb201.csv (+ latency
 * table) to a compact file in a temporary folder, then measures loading it and
 * querying all 15,625 architectures once, against JSON.parse of the same data as
 * JSON, measured in the same run. Prints a Markdown table.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertNasBench201, loadNasBench201Compact, loadNasBench201Csv } from '../src/index.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const data = resolve(repositoryRoot, '../shared/data/nb201');
const csvPath = join(data, 'nb201.csv');
const latencyPath = join(data, 'nb201-latency-ms.csv');
if (!existsSync(csvPath) || !existsSync(latencyPath)) {
  console.log(`SKIPPED: ${csvPath} or ${latencyPath} not found`);
  process.exit(0);
}

const runs = 9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
async function measure(body: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  await body(); // warm-up
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return median(times);
}

const folder = mkdtempSync(join(tmpdir(), 'fewshot-bench-'));
try {
  const output = join(folder, 'nb201.fsbench');
  const convertStarted = performance.now();
  const summary = await convertNasBench201({ input: csvPath, output, latencyPath });
  const convertMs = performance.now() - convertStarted;

  let checksum = 0;
  const queryAll = (benchmark: Awaited<ReturnType<typeof loadNasBench201Compact>>) => {
    for (let index = 0; index < benchmark.size; index += 1) {
      checksum += benchmark.query({ index, dataset: 'cifar10', split: 'test' }).accuracy;
    }
  };
  const loadAndQuery = await measure(async () => queryAll(await loadNasBench201Compact({ path: output })));
  const loadOnly = await measure(() => loadNasBench201Compact({ path: output }));
  const loadNoChecksum = await measure(() => loadNasBench201Compact({ path: output, verifyChecksum: false }));
  const loaded = await loadNasBench201Compact({ path: output });
  const queryOnly = await measure(() => queryAll(loaded));
  const latencyAll = await measure(() => {
    for (let index = 0; index < loaded.size; index += 1) checksum += loaded.deviceLatency({ index, device: 'pixel3' });
  });
  const columnAll = await measure(() => loaded.accuracies({ dataset: 'cifar100', split: 'test' }));

  // The reference: the same table (CSV columns + latency columns) as JSON, parsed in the same run.
  const csv = await loadNasBench201Csv({ path: csvPath, latencyPath });
  const rows = Array.from({ length: csv.size }, (_, index) => {
    const row: Record<string, string | number> = { index, arch_str: csv.architectureString(index) };
    for (const name of csv.columnNames) row[name] = csv.column(name)[index] as number;
    for (const device of csv.devices) row[device] = csv.deviceLatency({ index, device });
    return row;
  });
  const jsonText = JSON.stringify(rows);
  const jsonParse = await measure(() => JSON.parse(jsonText));
  const csvLoad = await measure(() => loadNasBench201Csv({ path: csvPath, latencyPath }));
  if (!Number.isFinite(checksum)) throw new Error('non-finite checksum');

  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), median of ${runs} runs after one warm-up.`);
  console.log(`Compact file: ${kib(statSync(output).size)} (${summary.columns} columns x ${summary.size} architectures; written in ${ms(convertMs)} from nb201.csv + nb201-latency-ms.csv).`);
  console.log(`Reference JSON of the same table: ${kib(Buffer.byteLength(jsonText))}; nb201.csv ${kib(readFileSync(csvPath).length)} + latency CSV ${kib(readFileSync(latencyPath).length)}.\n`);
  console.log('| measurement | median | vs JSON.parse |');
  console.log('|---|---|---|');
  const row = (name: string, value: number) => console.log(`| ${name} | ${ms(value)} | ${(value / jsonParse).toFixed(2)}x |`);
  row('load compact file + query all 15,625 (cifar10 test, hp 200)', loadAndQuery);
  row('load compact file (read + CRC-32C check + header)', loadOnly);
  row('load compact file without checksum', loadNoChecksum);
  row('query all 15,625 once (loaded)', queryOnly);
  row('deviceLatency of all 15,625 (pixel3)', latencyAll);
  row('accuracies() column of 15,625 (cifar100 test)', columnAll);
  row('JSON.parse of the same table as JSON (reference)', jsonParse);
  row('loadNasBench201Csv (CSV + latency CSV)', csvLoad);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
