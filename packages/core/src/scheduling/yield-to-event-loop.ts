type Immediate = (callback: () => void) => unknown;

/**
 * Resolves once the JavaScript event loop has had a turn: timers, I/O callbacks, signal handlers
 * (`process.on('SIGINT')`) and messages from other processes run before it resolves. A long
 * computation that only awaits promises which are already settled (as tfjs's `data()` is on
 * the wasm and cpu backends) never gives the event loop a turn, so an `AbortSignal` aborted
 * from any of those callbacks would not be seen until the computation ends. Every long loop of
 * `@fewshot` (training steps, evaluated architectures, search iterations) awaits this once per
 * iteration; it costs microseconds and changes no result.
 *
 * Uses `setImmediate` where it exists (Node) and `setTimeout(…, 0)` elsewhere.
 *
 * @example
 * ```ts
 * for (const batch of batches) {
 *   await yieldToEventLoop();
 *   if (signal?.aborted) throw new CancelledError({ functionName: 'train', argument: 'options.signal', message: 'cancelled' });
 *   step(batch);
 * }
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  return new Promise((resolve) => {
    if (typeof immediate === 'function') immediate(resolve);
    else setTimeout(resolve, 0);
  });
}
