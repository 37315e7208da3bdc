import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Busy-waits, as a training step does, without giving the event loop a turn. */
function busy(milliseconds: number): void {
  const end = performance.now() + milliseconds;
  while (performance.now() < end);
}

/** Runs busy iterations separated by `pause`; returns the iteration at which a timer set before the loop had fired. */
async function iterationWhenTimerFired(pause: () => Promise<void>, iterations: number): Promise<number | undefined> {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
  }, 0);
  try {
    for (let iteration = 0; iteration < iterations; iteration += 1) {
      busy(2);
      await pause();
      if (fired) return iteration;
    }
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

describe('yieldToEventLoop', () => {
  it('lets a timer run in the middle of a loop, where awaiting a settled promise does not', async () => {
    expect(await iterationWhenTimerFired(() => Promise.resolve(), 20)).toBeUndefined();
    const iteration = await iterationWhenTimerFired(yieldToEventLoop, 20);
    expect(iteration).toBeDefined();
    expect(iteration as number).toBeLessThanOrEqual(1);
  });

  it('lets an abort from a timer be seen by the next iteration', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    let seenAt: number | undefined;
    for (let iteration = 0; iteration < 20; iteration += 1) {
      busy(2);
      await yieldToEventLoop();
      if (controller.signal.aborted) {
        seenAt = iteration;
        break;
      }
    }
    expect(seenAt).toBeDefined();
    expect(seenAt as number).toBeLessThanOrEqual(1);
  });
});
