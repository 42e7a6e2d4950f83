/**
 * What every route and worker of one platform instance shares: configuration, the
 * database, the chain client and the relayer. Built once by `createPlatform`.
 */
import type { EconomyManifest } from '@ost-wallet/contracts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Account, Address, PublicClient } from 'viem';
import type { ChainClock } from './chain/createChainClock.ts';
import type { Database } from './db/schema.ts';

/** The shared state of one platform instance. */
export type PlatformContext = {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  economy: EconomyManifest;
  chainId: number;
  publicClient: PublicClient;
  clock: ChainClock;
  relayer: { account: Account; address: Address };
  partner: { apiKey: string; apiSecret: string };
  /** Longest session lifetime accepted, in seconds. */
  maxSessionExpirySecs: number;
  logger: Logger;
  /** Wakes the relayer after a row was queued. */
  kickRelayer(): void;
};

/** Current unix time in seconds (wall clock; entity timestamps, signature window). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
