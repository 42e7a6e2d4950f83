import type { ApiClient } from '../../api/createApiClient.ts';
import type { ScryptParams } from '../../keys/deriveRecoveryOwnerAddress.ts';
import type { Keystore } from '../../keystore/createKeystore.ts';
import type { LocalState } from '../../state/createLocalState.ts';
import type { createKeyedQueue } from '../../utils/createKeyedQueue.ts';
import type { SafeLogger } from '../../utils/logger.ts';
import type { ReusedReads } from './reuseReads.ts';

/** @internal What every workflow of one SDK instance shares. */
export type SdkRuntime = {
  api: ApiClient;
  keystore: Keystore;
  state: LocalState;
  logger: SafeLogger;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  maxExpiryAfterSecs: number;
  pinScrypt: ScryptParams;
  /** Seconds before `expires_at` from which a session is no longer chosen. */
  expiryMarginSecs: number;
  /** Safe transactions of one user, one after the other. */
  userQueue: ReturnType<typeof createKeyedQueue>;
  /** Transactions of one session, one after the other. */
  sessionQueue: ReturnType<typeof createKeyedQueue>;
  /** Session keys created by a running workflow that the platform may not know yet. */
  inFlightSessions: Set<string>;
  /** Users whose local sessions were reconciled with the platform in this process. */
  reconciled: Set<string>;
  /** How long executeTransaction reuses a read of the platform, in milliseconds. */
  reuseReadsForMs: number;
  /** What executeTransaction reuses (see `reuseReads.ts`). */
  reads: ReusedReads;
};

/** @internal Names of the secrets in the keystore. */
export const secretNames = {
  deviceMnemonic: (userId: string) => `${userId}:device-mnemonic`,
  apiSigner: (userId: string) => `${userId}:api-signer`,
  session: (userId: string, address: string) =>
    `${userId}:session:${address.toLowerCase()}`,
};
