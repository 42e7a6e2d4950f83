import type { Output } from '../internal/createOutput.ts';

/** Sizes of the benchmark runs. */
export type BenchParameters = { transfers: number; concurrency: number; samples: number };

/** Runs the benchmark. TODO(#5): measure once the SDK and platform land. */
export async function runBench(
  _output: Output,
  _signal: AbortSignal,
  _parameters: BenchParameters,
): Promise<void> {
  throw new Error('bench: not implemented yet');
}
