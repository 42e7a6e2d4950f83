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
 * @param publicClient - reads the latest block
 * @param maxAgeMs - how long one reading of the latest block is reused; concurrent
 *   readers always share one request. A cached reading misses jumps such as
 *   `evm_increaseTime`, so validation reads fresh by default. @default 0
 */
export function createChainClock(publicClient: PublicClient, maxAgeMs = 0): ChainClock {
  let seen: { number: number; timestamp: number; at: number; readAt: number } | undefined;
  let inflight: Promise<void> | undefined;

  const refresh = async () => {
    const block = await publicClient.getBlock({ blockTag: 'latest' });
    const number = Number(block.number);
    const now = Date.now();
    if (!seen || seen.number !== number) {
      seen = { number, timestamp: Number(block.timestamp), at: now, readAt: now };
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
      const elapsed = Math.max(0, Math.floor((Date.now() - s.at) / 1000));
      return {
        blockNumber: s.number,
        blockTimestamp: s.timestamp,
        time: s.timestamp + elapsed,
      };
    },
  };
}
