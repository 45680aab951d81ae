/** Runs `count` calls of `run` at `concurrency` and reports throughput and latency percentiles. */
import { percentile, round } from './results';

export interface Timing {
  count: number;
  concurrency: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export async function timed(count: number, concurrency: number, run: (i: number) => Promise<void>): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await run(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, concurrency, perSecond: round(count / seconds), p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1), max: round(latencies.at(-1)!, 1) };
}
