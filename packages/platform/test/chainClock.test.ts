import type { PublicClient } from 'viem';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChainClock } from '../src/chain/createChainClock.ts';

/** A chain whose latest block the test sets; the clock reads it through getBlock. */
function fakeChain(number: number, timestamp: number) {
  const latest = { number: BigInt(number), timestamp: BigInt(timestamp) };
  const publicClient = {
    getBlock: async () => ({ ...latest }),
  } as unknown as PublicClient;
  return {
    publicClient,
    mine(at: number) {
      latest.number += 1n;
      latest.timestamp = BigInt(at);
    },
    revertTo(number: number, timestamp: number) {
      latest.number = BigInt(number);
      latest.timestamp = BigInt(timestamp);
    },
  };
}

describe('createChainClock', () => {
  const t0 = 1_800_000_000;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(t0 * 1000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('advances the latest block timestamp by the wall clock since the block was seen', async () => {
    const chain = fakeChain(5, t0);
    const clock = createChainClock(chain.publicClient);
    expect((await clock.now()).time).toBe(t0);
    vi.advanceTimersByTime(90_500);
    expect(await clock.now()).toEqual({
      blockNumber: 5,
      blockTimestamp: t0,
      time: t0 + 90,
    });
  });

  it('does not go back when a block mined long ago is seen only now (idle automining chain)', async () => {
    const chain = fakeChain(5, t0);
    const clock = createChainClock(chain.publicClient);
    await clock.now();
    vi.advanceTimersByTime(10_000);
    chain.mine(t0 + 10); // mined at t0 + 10, but nobody asks the clock for an hour
    vi.advanceTimersByTime(3_600_000);
    const t = await clock.now();
    expect(t.blockNumber).toBe(6);
    expect(t.blockTimestamp).toBe(t0 + 10);
    expect(t.time).toBe(t0 + 3610);
  });

  it('follows a block whose timestamp is ahead of the estimate (time travel)', async () => {
    const chain = fakeChain(5, t0);
    const clock = createChainClock(chain.publicClient);
    await clock.now();
    vi.advanceTimersByTime(2_000);
    chain.mine(t0 + 3660);
    expect((await clock.now()).time).toBe(t0 + 3660);
    vi.advanceTimersByTime(1_000);
    expect((await clock.now()).time).toBe(t0 + 3661);
  });

  it('starts afresh when the chain goes back to a lower block (snapshot revert)', async () => {
    const chain = fakeChain(5, t0);
    const clock = createChainClock(chain.publicClient);
    await clock.now();
    chain.mine(t0 + 7200);
    expect((await clock.now()).time).toBe(t0 + 7200);
    chain.revertTo(5, t0);
    expect((await clock.now()).time).toBe(t0);
  });
});
