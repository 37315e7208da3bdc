/**
 * The speed bench's drift-free measurement of parallel throughput (`bench/speed.ts`, section 4):
 * processes that repeat one unit of work without end (`paced-child.ts`) are paused and resumed
 * (SIGSTOP, SIGCONT) so that, in short alternating windows, one process runs alone and then two
 * run at once. Each window's rate comes from the end times of the units inside it, so the
 * one-process and the two-process rates of a cycle are measured seconds apart: this virtual
 * machine's speed, which drifts by tens of percent from one minute to the next, moves both alike.
 * Runs of whole jobs one after the other and then in parallel, minutes apart, cannot tell that
 * drift from the cost of running two processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { PacedMessage, PacedTask } from './paced-child.js';

const here = dirname(fileURLToPath(import.meta.url));

/** One paced process: its name in the states, its Node flags and what it repeats. */
export interface PacedProcess {
  readonly name: string;
  readonly execArgv: readonly string[];
  readonly task: PacedTask;
}

/** Options of {@link measureInterleavedThroughput}. */
export interface InterleavedThroughputOptions {
  readonly processes: readonly PacedProcess[];
  /** The windows of a cycle: the names of the processes that run in each (the others are paused). */
  readonly states: readonly (readonly string[])[];
  readonly cycles: number;
  /** Measured part of a window. */
  readonly windowMilliseconds: number;
  /** Part of a window before the measured part, after the processes are resumed (not counted). */
  readonly settleMilliseconds: number;
  /** Environment of the paced processes. */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (message: string) => void;
}

/** Units per second of every process that ran, per cycle and state: `rates[cycle][state][name]`. */
export interface InterleavedThroughput {
  readonly rates: readonly (readonly Readonly<Record<string, number>>[])[];
}

interface Window {
  readonly cycle: number;
  readonly state: number;
  readonly start: number;
  readonly end: number;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * Units per second between the first and the last unit that ended inside the window (so that a
 * unit cut by the window's edges counts for nothing); `NaN` with fewer than three units.
 */
export function rateInWindow(times: readonly number[], start: number, end: number): number {
  const inside = times.filter((time) => time >= start && time < end);
  if (inside.length < 3) return Number.NaN;
  return ((inside.length - 1) * 1000) / ((inside[inside.length - 1] as number) - (inside[0] as number));
}

function waitForMessage<T extends PacedMessage['type']>(child: ChildProcess, name: string, type: T): Promise<Extract<PacedMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: PacedMessage): void => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as Extract<PacedMessage, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      child.off('message', onMessage);
      reject(new Error(`paced process ${name} exited with ${signal ?? `code ${String(code)}`} before it sent '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts the processes, lets them warm up together, then runs `cycles` cycles of the states
 * (in order on even cycles, in reverse order on odd ones, so that neither order is favoured) and
 * returns the rates of every window.
 */
export async function measureInterleavedThroughput(options: InterleavedThroughputOptions): Promise<InterleavedThroughput> {
  const children = new Map<string, ChildProcess>();
  try {
    for (const paced of options.processes) {
      const child = fork(join(here, 'paced-child.ts'), [JSON.stringify(paced.task)], {
        execArgv: [...paced.execArgv],
        env: options.env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      children.set(paced.name, child);
    }
    await Promise.all([...children].map(([name, child]) => waitForMessage(child, name, 'warm')));
    const signalAll = (names: readonly string[], signal: NodeJS.Signals): void => {
      for (const name of names) children.get(name)?.kill(signal);
    };
    signalAll([...children.keys()], 'SIGSTOP');
    options.log(`interleaved throughput: ${children.size} processes warm; ${options.cycles} cycles of ${options.states.length} windows`);
    const windows: Window[] = [];
    for (let cycle = 0; cycle < options.cycles; cycle += 1) {
      const order = options.states.map((_state, index) => index);
      if (cycle % 2 === 1) order.reverse();
      for (const state of order) {
        const names = options.states[state] as readonly string[];
        signalAll(names, 'SIGCONT');
        await sleep(options.settleMilliseconds);
        const start = now();
        await sleep(options.windowMilliseconds);
        const end = now();
        signalAll(names, 'SIGSTOP');
        windows.push({ cycle, state, start, end });
      }
    }
    signalAll([...children.keys()], 'SIGCONT');
    const times = new Map<string, readonly number[]>();
    for (const [name, child] of children) {
      const reply = waitForMessage(child, name, 'times');
      child.send({ type: 'report' });
      times.set(name, (await reply).times);
    }
    const rates = Array.from({ length: options.cycles }, (_cycle, cycle) =>
      options.states.map((names, state) => {
        const window = windows.find((candidate) => candidate.cycle === cycle && candidate.state === state) as Window;
        return Object.fromEntries(names.map((name) => [name, rateInWindow(times.get(name) ?? [], window.start, window.end)]));
      }),
    );
    return { rates };
  } finally {
    // Returns only when every process is gone (a paused one needs SIGCONT before it can exit).
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exited;
      }),
    );
  }
}
