/** Small, exact helpers for the benchmark's statistics. */

/** Milliseconds since `start` (from `performance.now()`), to 0.1 ms. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/**
 * Median and nearest-rank 95th percentile of samples.
 * @param samples - at least one value
 * @returns `{ median, p95 }` in the samples' unit
 * @example summarize([1, 2, 3]) // { median: 2, p95: 3 }
 */
export function summarize(samples: readonly number[]): { median: number; p95: number } {
  if (samples.length === 0) throw new Error('summarize needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const rank = Math.ceil(0.95 * sorted.length) - 1;
  return { median: round(median), p95: round(sorted[rank]!) };
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Runs `task` `count` times with at most `concurrency` in flight, each worker taking
 * the next index; returns the wall time and how many succeeded.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number, worker: number) => Promise<void>,
): Promise<{ ms: number; ok: number; errors: unknown[] }> {
  let next = 0;
  let ok = 0;
  const errors: unknown[] = [];
  const start = performance.now();
  const worker = async (w: number) => {
    for (let i = next++; i < count; i = next++) {
      try {
        await task(i, w);
        ok++;
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, (_, w) => worker(w)),
  );
  return { ms: elapsedMs(start), ok, errors };
}

/** CPU time (user + system) of this process spent in `fn`, in milliseconds. */
export async function cpuMs(fn: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
