import type { DataConfig, NetworkConfig } from '../config/experiment-config.js';
import type { TrainingJob } from './training-jobs.js';

/** Images, classes and side length of each data source before `trainPerClass` and `resize`. */
const sources: Record<DataConfig['source'], { readonly train: number; readonly test: number; readonly classes: number; readonly side: number }> = {
  'embedded-fashion-mnist': { train: 10_000, test: 2_000, classes: 10, side: 28 },
  'fashion-mnist': { train: 60_000, test: 10_000, classes: 10, side: 28 },
  mnist: { train: 60_000, test: 10_000, classes: 10, side: 28 },
  cifar10: { train: 50_000, test: 10_000, classes: 10, side: 32 },
  cifar100: { train: 50_000, test: 10_000, classes: 100, side: 32 },
};

/** A training step costs about three forward passes (forward, input gradients, weight gradients). */
const passesPerTrainingImage = 3;

function pixelsOf(data: DataConfig): number {
  const side = sources[data.source].side;
  return data.resize === undefined ? side * side : data.resize.height * data.resize.width;
}

function trainImagesOf(data: DataConfig): number {
  const source = sources[data.source];
  return data.trainPerClass === undefined ? source.train : Math.min(source.train, data.trainPerClass * source.classes);
}

/**
 * The multiply-adds of one image through a NAS-Bench-201 network, up to a constant factor: every
 * stage doubles the channels and halves the side, so each of the three stages costs about
 * `channels² × cellsPerStage × pixels`.
 */
function networkWorkOf(network: NetworkConfig, pixels: number): number {
  return 3 * network.channels * network.channels * network.cellsPerStage * pixels;
}

/**
 * A job's amount of work, in arbitrary units, from its description alone (no data is read): the
 * images it sends through the network times the network's size. Only the ratios between jobs
 * mean something; `runTrainingJobs` uses them to start the longest jobs first. An evaluation
 * job's supernets are on disk, so its network size is not known: evaluation jobs are costed by
 * architectures × test images × pixels, without a network factor, which ranks them among
 * themselves but not against training jobs (no caller mixes the two in one list).
 *
 * @example
 * ```ts
 * const long = estimatedJobCost({ ...subSupernetJob, training: { ...subSupernetJob.training, epochs: 10 } });
 * long > estimatedJobCost(subSupernetJob); // true when subSupernetJob trains fewer than 10 epochs
 * ```
 */
export function estimatedJobCost(job: TrainingJob): number {
  const pixels = pixelsOf(job.data);
  if (job.kind === 'evaluate') {
    return job.architectures.length * sources[job.data.source].test * pixels;
  }
  return job.training.epochs * trainImagesOf(job.data) * passesPerTrainingImage * networkWorkOf(job.network, pixels);
}

/**
 * The jobs ordered longest first by {@link estimatedJobCost}; jobs of equal cost keep their
 * order. Handing the longest jobs out first keeps worker processes from idling at the end of a
 * phase while one of them finishes a long job started last (the longest-processing-time rule).
 *
 * @example
 * ```ts
 * const queue = longestJobsFirst([shortJob, equalBudgetJob]); // [equalBudgetJob, shortJob]
 * ```
 */
export function longestJobsFirst<Job extends TrainingJob>(jobs: readonly Job[]): Job[] {
  return jobs
    .map((job, index) => ({ job, index, cost: estimatedJobCost(job) }))
    .sort((a, b) => b.cost - a.cost || a.index - b.index)
    .map((entry) => entry.job);
}
