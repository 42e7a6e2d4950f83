import type { Address } from 'viem';

/**
 * Where an economy's contracts live. Plain JSON (numbers and strings only), so it can
 * be written to disk and read back by the platform, the CLI and tests.
 */
export type EconomyManifest = {
  /** Chain the economy is deployed on. */
  chainId: number;
  /** The economy's ERC-20. */
  token: {
    address: Address;
    name: string;
    symbol: string;
    decimals: number;
    /** Whether the token supports ERC-7674 temporary approvals. */
    temporaryApprovals: boolean;
  };
  /** TokenRules (direct transfers). */
  tokenRules: Address;
  /** Creates user wallets (Safe + recovery module + TokenHolder). */
  userWalletFactory: Address;
  /** TokenHolder implementation the user clones point to. */
  tokenHolderImplementation: Address;
  /** DelayedRecoveryModule implementation the user clones point to. */
  recoveryModuleImplementation: Address;
  /** Safe 1.4.1 contracts. */
  safe: { singleton: Address; proxyFactory: Address; fallbackHandler: Address };
  /** Receiver of the minted supply. */
  treasury: Address;
  /** Owner of TokenRules (may switch direct transfers off). */
  worker: Address;
  /** The key that relays recovery operations. */
  recoveryController: Address;
  /** Delay between initiating and executing a recovery, in seconds. */
  recoveryDelay: number;
  /** Block of the first deployment transaction; watchers start here. */
  deployedAtBlock: number;
};
