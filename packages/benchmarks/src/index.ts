/**
 * Tabular NAS benchmarks read from the official files in pure TypeScript:
 * NAS-Bench-201 / NATS-Bench (topology and size spaces: the "simple" folder,
 * the single-file archive, the NAS-Bench-201 `.pth`, the `nb201.csv` layout and our
 * compact file), NAS-Bench-101 (streaming TFRecord reader, compact hash-keyed
 * table) and the NAS-Bench-1Shot1 oracle; every benchmark is an `Evaluator`.
 * Plus the rank-quality metrics every report uses.
 *
 * @packageDocumentation
 */
export {
  nasBench201Datasets,
  nasBench201Splits,
  type NasBench201ArchitectureSelector,
  type NasBench201Benchmark,
  type NasBench201ColumnarBenchmark,
  type NasBench201ColumnOptions,
  type NasBench201CostInfo,
  type NasBench201CostInfoOptions,
  type NasBench201Dataset,
  type NasBench201DeviceLatencyOptions,
  type NasBench201Hp,
  type NasBench201QueryOptions,
  type NasBench201Result,
  type NasBench201SourceKind,
  type NasBench201Split,
} from './nb201/nb201-types.js';
export { resolveNasBench201Split, type ResolveNasBench201SplitOptions, type ResolvedNasBench201Split } from './nb201/resolve-split.js';
export {
  loadNasBench201Csv,
  type LoadNasBench201CsvOptions,
  type NasBench201CsvBenchmark,
  type NasBench201CsvRelease,
} from './nb201/load-nb201-csv.js';
export { loadNasBench201LatencyCsv, type LoadNasBench201LatencyCsvOptions, type NasBench201LatencyTable } from './nb201/latency-csv.js';
export { openNatsBenchSimple, type OpenNatsBenchSimpleOptions } from './nb201/open-nats-simple.js';
export { loadNatsBenchArchive, type LoadNatsBenchArchiveOptions } from './nb201/load-nats-archive.js';
export { loadNasBench201Pth, type LoadNasBench201PthOptions } from './nb201/load-nb201-pth.js';
export {
  loadNasBench201Compact,
  writeNasBench201Compact,
  type LoadNasBench201CompactOptions,
  type NasBench201CompactSummary,
  type WriteNasBench201CompactOptions,
} from './nb201/compact-nb201.js';
export {
  convertNasBench201,
  openNasBench201,
  type ConvertNasBench201Options,
  type OpenNasBench201Options,
} from './nb201/open-nas-bench-201.js';
export { createNasBench201Evaluator, type CreateNasBench201EvaluatorOptions } from './nb201/evaluator.js';
export {
  createNasBench201CostModel,
  type CreateNasBench201CostModelOptions,
  type NasBench201CostModel,
  type NasBench201CostOptions,
} from './nb201/cost-model.js';
export {
  groupNasBench201ByCanonicalForm,
  type GroupNasBench201ByCanonicalFormOptions,
  type NasBench201IsomorphismGroup,
} from './nb201/isomorphism.js';
export { readTfRecords, type ReadTfRecordsOptions } from './nb101/read-tfrecords.js';
export {
  parseNasBench101Record,
  readNasBench101Records,
  type NasBench101Evaluation,
  type NasBench101Record,
  type ParseNasBench101RecordOptions,
  type ReadNasBench101RecordsOptions,
} from './nb101/nb101-record.js';
export {
  convertNasBench101,
  loadNasBench101Table,
  type ConvertNasBench101Options,
  type LoadNasBench101TableOptions,
  type NasBench101ConversionSummary,
  type NasBench101QueryOptions,
  type NasBench101Result,
  type NasBench101Table,
} from './nb101/nb101-table.js';
export { createNasBench1Shot1Evaluator, type CreateNasBench1Shot1EvaluatorOptions } from './nb101/nas-bench-1shot1-evaluator.js';
export type { NumberSequence } from './metrics/number-sequence.js';
export { kendallTau, type KendallTauOptions } from './metrics/kendall-tau.js';
export { spearman, type SpearmanOptions } from './metrics/spearman.js';
export { pearson, type PearsonOptions } from './metrics/pearson.js';
export { precisionAtK, type PrecisionAtKOptions } from './metrics/precision-at-k.js';
export { regret, type RegretOptions } from './metrics/regret.js';
export {
  rankMetrics,
  rankMetricsByGroup,
  type GroupRankMetrics,
  type RankMetrics,
  type RankMetricsByGroupOptions,
  type RankMetricsOptions,
} from './metrics/rank-metrics.js';
