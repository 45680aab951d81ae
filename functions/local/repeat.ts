/**
 * A run repeated on a timer for `npm start`, as an EventBridge rule repeats a
 * scheduled function in AWS: once at start, then every `intervalMs`, never two
 * at once (a run waits for the one before). A failed run is reported and the
 * next one goes ahead, as the next scheduled invocation would.
 */
export interface Repeating<T> {
  /** The first run's outcome (undefined if it failed). */
  first: Promise<T | undefined>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export function repeatEvery<T>(intervalMs: number, run: () => Promise<T>, onError?: (error: unknown) => void): Repeating<T> {
  const runOnce = async () => {
    try {
      return await run();
    } catch (error) {
      onError?.(error);
      return undefined;
    }
  };
  let running = runOnce();
  const first = running;
  const timer = setInterval(() => {
    running = running.then(runOnce);
  }, intervalMs);
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
