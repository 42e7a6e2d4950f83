/**
 * Tables of the platform database, as kysely sees them. Amounts and nonces are
 * strings of decimal digits (they exceed 2^53); times are unix seconds.
 */
import type { Generated, Selectable } from 'kysely';

export type UserRow = {
  id: string;
  status: string;
  scrypt_salt: string;
  device_manager_address: string | null;
  token_holder_address: string | null;
  recovery_module_address: string | null;
  recovery_owner_address: string | null;
  token_holder_status: string | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type DeviceRow = {
  address: string;
  user_id: string;
  api_signer_address: string;
  status: string;
  /** Why the last authorization failed on chain (null when none did). */
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type SessionRow = {
  address: string;
  user_id: string;
  spending_limit: string;
  expires_at: number;
  /** Next nonce confirmed on chain. */
  nonce: string;
  status: string;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type TransactionRow = {
  id: string;
  user_id: string;
  session_address: string;
  rule_address: string;
  nonce: string;
  /** `session:nonce` while the nonce is claimed; null once a revert frees it. */
  nonce_key: string | null;
  /** JSON array of {from, to, amount}. */
  transfers: string;
  total_amount: string;
  meta: string | null;
  status: string;
  transaction_hash: string | null;
  block_number: number | null;
  block_timestamp: number | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type FundingRow = {
  id: string;
  user_id: string;
  token_holder_address: string;
  amount: string;
  status: string;
  transaction_hash: string | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

/** What an outbox row does once mined. */
export type OutboxKind =
  | 'activate'
  | 'authorize_session'
  | 'revoke_session'
  | 'authorize_device'
  | 'logout'
  | 'execute_rule'
  | 'fund';

/**
 * QUEUED → SIGNED (raw tx and hash stored) → SENT (node accepted it) →
 * MINED | REVERTED.
 */
export type OutboxStatus = 'QUEUED' | 'SIGNED' | 'SENT' | 'MINED' | 'REVERTED';

export type OutboxTable = {
  id: Generated<number>;
  kind: OutboxKind;
  user_id: string;
  /** The entity the row acts for: session address, transaction id, funding id. */
  ref: string;
  to_address: string;
  data: string;
  gas: string;
  /** `safe:nonce` for Safe transactions while the Safe nonce is claimed. */
  safe_nonce_key: string | null;
  status: OutboxStatus;
  relayer_address: string | null;
  relayer_nonce: number | null;
  raw_tx: string | null;
  tx_hash: string | null;
  /** JSON array of hashes of earlier signatures of the same nonce (fee bumps). */
  previous_tx_hashes: string | null;
  block_number: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
};

/** An outbox row as read back. */
export type OutboxRow = Selectable<OutboxTable>;

export type SeenSignatureRow = {
  signature: string;
  expires_at: number;
};

export type Database = {
  users: UserRow;
  devices: DeviceRow;
  sessions: SessionRow;
  transactions: TransactionRow;
  fundings: FundingRow;
  outbox: OutboxTable;
  seen_signatures: SeenSignatureRow;
};
