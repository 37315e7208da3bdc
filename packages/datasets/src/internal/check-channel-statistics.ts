import { InvalidArgumentError } from '@fewshot/core';
import type { ChannelStatistics } from '../transforms/channel-statistics.js';

/** Throws unless `statistics` has `channels` finite means and positive standard deviations. */
export function checkChannelStatistics(functionName: string, argument: string, statistics: unknown, channels: number): ChannelStatistics {
  const candidate = statistics as Partial<ChannelStatistics> | null;
  const valid =
    candidate !== null &&
    typeof candidate === 'object' &&
    Array.isArray(candidate.mean) &&
    Array.isArray(candidate.standardDeviation) &&
    candidate.mean.length === channels &&
    candidate.standardDeviation.length === channels &&
    candidate.mean.every((value) => typeof value === 'number' && Number.isFinite(value)) &&
    candidate.standardDeviation.every((value) => typeof value === 'number' && Number.isFinite(value) && value > 0);
  if (!valid) {
    throw new InvalidArgumentError({
      functionName,
      argument,
      message: `${argument}: expected { mean, standardDeviation } with ${channels} finite value(s) each and positive standard deviations, got ${JSON.stringify(statistics)}`,
    });
  }
  return candidate as ChannelStatistics;
}
