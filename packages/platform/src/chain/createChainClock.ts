import type { PublicClient } from 'viem';

/** The chain's time as the platform estimates it. */
export type ChainTime = {
  blockNumber: number;
  blockTimestamp: number;
  /** Latest block timestamp advanced by the wall-clock time since it was first seen. */
  time: number;
};

/** Reads the chain time estimate. */
export type ChainClock = { now(): Promise<ChainTime> };

/**
 * Estimates chain time. An automining chain makes blocks only on demand, so the last
 * block's timestamp lags; we add the wall-clock seconds since that block was first seen.
 * A block first seen long after it was mined (nobody asked the clock in between) would
 * set the estimate back to its old timestamp, so a new block never moves the estimate
 * backwards: it is the later of the block's timestamp and the previous estimate carried
 * forward. A lower block number (a chain reverted to a snapshot) starts afresh.
 * @param publicClient - reads the latest block
 * @param maxAgeMs - how long one reading of the latest block is reused; concurrent
 *   readers always share one request. A cached reading misses jumps such as
 *   `evm_increaseTime`, so validation reads fresh by default. @default 0
 */
export function createChainClock(publicClient: PublicClient, maxAgeMs = 0): ChainClock {
  // baseMs: the estimate (ms) when the block was first seen, at `at` on the wall clock.
  let seen:
    | { number: number; timestamp: number; baseMs: number; at: number; readAt: number }
    | undefined;
  let inflight: Promise<void> | undefined;

  const refresh = async () => {
    const block = await publicClient.getBlock({ blockTag: 'latest' });
    const number = Number(block.number);
    const timestamp = Number(block.timestamp);
    const now = Date.now();
    if (!seen || seen.number !== number) {
      const carried = seen && number > seen.number ? seen.baseMs + (now - seen.at) : 0;
      seen = {
        number,
        timestamp,
        baseMs: Math.max(timestamp * 1000, carried),
        at: now,
        readAt: now,
      };
    } else {
      seen.readAt = now;
    }
  };

  return {
    async now() {
      if (!seen || Date.now() - seen.readAt >= maxAgeMs) {
        inflight ??= refresh().finally(() => {
          inflight = undefined;
        });
        await inflight;
      }
      const s = seen!;
      const elapsedMs = Math.max(0, Date.now() - s.at);
      return {
        blockNumber: s.number,
        blockTimestamp: s.timestamp,
        time: Math.floor((s.baseMs + elapsedMs) / 1000),
      };
    },
  };
}
