import type { TrainingEvent } from '@fewshot/trainers';

/**
 * Shows the progress of several training jobs at once: on a terminal, one redrawn bar per
 * running job; elsewhere (CI logs, pipes), one line per finished epoch.
 *
 * @example
 * ```ts
 * const board = createProgressBoard({ stream: process.stderr });
 * board.update('one-shot', event);
 * board.log('split done');
 * board.close();
 * ```
 */
export interface ProgressBoard {
  /** Feeds a trainer event of job `id`. */
  update(id: string, event: TrainingEvent): void;
  /** Prints a line above the bars. */
  log(line: string): void;
  /** Removes the bars. */
  close(): void;
}

interface JobState {
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  loss: number;
  started: number;
}

const barWidth = 24;

/**
 * Creates a {@link ProgressBoard} writing to `stream`.
 *
 * @example
 * ```ts
 * const board = createProgressBoard({ stream: process.stderr });
 * ```
 */
export function createProgressBoard(options: { readonly stream: NodeJS.WriteStream }): ProgressBoard {
  const { stream } = options;
  const interactive = stream.isTTY === true && process.env.CI === undefined;
  const jobs = new Map<string, JobState>();
  let drawnLines = 0;
  let lastDraw = 0;

  const clear = (): void => {
    if (!interactive || drawnLines === 0) return;
    stream.write(`\u001b[${drawnLines}A\u001b[0J`);
    drawnLines = 0;
  };
  const draw = (): void => {
    if (!interactive) return;
    clear();
    const lines: string[] = [];
    for (const [id, state] of jobs) {
      const total = state.epochs * state.stepsPerEpoch;
      const done = state.epoch * state.stepsPerEpoch + state.step;
      const fraction = total === 0 ? 0 : Math.min(1, done / total);
      const filled = Math.round(fraction * barWidth);
      const elapsed = (performance.now() - state.started) / 1000;
      const remaining = fraction > 0.01 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
      lines.push(
        `${id.padEnd(28).slice(0, 28)} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` +
          `epoch ${Math.min(state.epoch + 1, state.epochs)}/${state.epochs} loss ${Number.isFinite(state.loss) ? state.loss.toFixed(3) : '-'} ` +
          `${Number.isFinite(remaining) ? `~${formatSeconds(remaining)} left` : ''}`,
      );
    }
    if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
    drawnLines = lines.length;
    lastDraw = performance.now();
  };

  return {
    update(id, event) {
      switch (event.type) {
        case 'training-start':
          jobs.set(id, {
            epoch: event.resumedFromEpoch,
            epochs: event.epochs,
            step: 0,
            stepsPerEpoch: event.stepsPerEpoch,
            loss: Number.NaN,
            started: performance.now(),
          });
          if (!interactive && event.resumedFromEpoch > 0) stream.write(`${id}: resuming after epoch ${event.resumedFromEpoch}\n`);
          break;
        case 'step-end': {
          const state = jobs.get(id);
          if (state !== undefined) {
            state.epoch = event.epoch;
            state.step = event.stepInEpoch + 1;
            state.loss = event.loss;
          }
          break;
        }
        case 'epoch-end': {
          const state = jobs.get(id);
          if (state !== undefined) {
            state.epoch = event.epoch + 1;
            state.step = 0;
          }
          if (!interactive) {
            stream.write(
              `${id}: epoch ${event.epoch + 1}/${state?.epochs ?? '?'} loss ${event.loss.toFixed(3)} ` +
                `train accuracy ${event.accuracy.toFixed(1)}% (${event.seconds.toFixed(1)} s)\n`,
            );
          }
          break;
        }
        case 'training-end':
          jobs.delete(id);
          break;
        default:
          break;
      }
      if (interactive && (performance.now() - lastDraw > 200 || event.type !== 'step-end')) draw();
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
      draw();
    },
    close() {
      clear();
      jobs.clear();
    },
  };
}

/** `75 s`, `4 min 10 s`, `1 h 02 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`;
}
