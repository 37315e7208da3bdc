import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SupernetJob } from '../src/workers/training-jobs.js';
import { measureInterleavedThroughput, rateInWindow } from './interleaved-throughput.js';

describe('rateInWindow', () => {
  it('counts the units between the first and the last end inside the window', () => {
    const times = Array.from({ length: 41 }, (_unused, index) => 1000 + 25 * index); // one unit every 25 ms
    // Inside [1100, 1600): ends at 1100, 1125, ..., 1575: 19 units in 475 ms.
    expect(rateInWindow(times, 1100, 1600)).toBeCloseTo(40, 10);
    // A window that cuts units in the middle gives the same rate.
    expect(rateInWindow(times, 1090, 1612)).toBeCloseTo(40, 10);
  });

  it('is NaN with fewer than three units in the window', () => {
    expect(rateInWindow([10, 20, 30], 15, 31)).toBeNaN();
    expect(rateInWindow([], 0, 100)).toBeNaN();
    expect(rateInWindow([10, 20, 30], 0, 31)).toBeCloseTo(100, 10);
  });
});

/** Command lines of this process's children that run `paced-child.ts`. */
function pacedChildren(): string[] {
  let lines = '';
  try {
    lines = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    // ps exits with 1 when there are none.
  }
  return lines.split('\n').filter((line) => line.includes('paced-child'));
}

describe('measureInterleavedThroughput', () => {
  it('measures every running process in every window, and leaves no process behind', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const flags = ['--import', tsx, '--conditions=@fewshot/source'];
    const result = await measureInterleavedThroughput({
      processes: ['a', 'b'].map((name) => ({ name, execArgv: flags, task: { kind: 'reference-loop' as const, passes: 5, warmUnits: 3 } })),
      states: [['a'], ['a', 'b'], ['b']],
      cycles: 2,
      windowMilliseconds: 300,
      settleMilliseconds: 100,
      env: process.env,
      log: () => undefined,
    });
    expect(result.rates).toHaveLength(2);
    for (const cycle of result.rates) {
      expect(cycle.map((rates) => Object.keys(rates))).toEqual([['a'], ['a', 'b'], ['b']]);
      for (const rates of cycle) for (const rate of Object.values(rates)) expect(rate).toBeGreaterThan(0);
    }
    expect(pacedChildren()).toEqual([]);
  }, 60_000);

  it('names a process that dies before it is warm, and stops the others before it rejects', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const flags = ['--import', tsx, '--conditions=@fewshot/source'];
    const broken = { kind: 'training' as const, job: { kind: 'supernet', id: 'broken' } as unknown as SupernetJob, warmUnits: 3 };
    await expect(
      measureInterleavedThroughput({
        processes: [
          { name: 'loop', execArgv: flags, task: { kind: 'reference-loop', passes: 5, warmUnits: 1_000_000_000 } },
          { name: 'broken', execArgv: flags, task: broken },
        ],
        states: [['loop'], ['loop', 'broken']],
        cycles: 1,
        windowMilliseconds: 300,
        settleMilliseconds: 100,
        env: process.env,
        log: () => undefined,
      }),
    ).rejects.toThrow(/paced process broken exited with code 1 before it sent 'warm'/);
    expect(pacedChildren()).toEqual([]);
  }, 60_000);
});
