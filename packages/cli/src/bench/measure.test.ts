import { describe, expect, it } from 'vitest';
import { runConcurrently, summarize } from './measure.ts';

describe('summarize', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(summarize([3, 1, 2]).median).toBe(2);
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('uses the nearest rank for p95', () => {
    const samples = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarize(samples).p95).toBe(19);
    expect(summarize([7]).p95).toBe(7);
  });
});

describe('runConcurrently', () => {
  it('runs each index once with at most the concurrency in flight', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    const result = await runConcurrently(10, 3, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(i);
      inFlight--;
      if (i === 4) throw new Error('boom');
    });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(result.ok).toBe(9);
    expect(result.errors).toHaveLength(1);
  });
});
