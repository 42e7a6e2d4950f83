/**
 * Entities as the platform sends them: JSON, snake_case, as in the original API.
 * Amounts are strings of decimal digits in the token's smallest unit; times are unix
 * seconds by chain time; addresses are EIP-55 checksummed hex.
 */
import type { Address, Hex } from 'viem';

/** The kinds of entity a workflow can end with. */
export type EntityType =
  | 'USER'
  | 'DEVICE'
  | 'SESSION'
  | 'TOKEN'
  | 'TOKEN_HOLDER'
  | 'TRANSACTION'
  | 'CHAIN'
  | 'RECOVERY_OWNER'
  | 'MNEMONICS';

export type UserStatus = 'CREATED' | 'ACTIVATING' | 'ACTIVATED' | 'FAILED';

export type User = {
  id: string;
  token_id: string;
  status: UserStatus;
  /** The user's Safe (device manager); null until activation starts. */
  device_manager_address: Address | null;
  token_holder_address: Address | null;
  recovery_module_address: Address | null;
  recovery_owner_address: Address | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type DeviceStatus =
  | 'REGISTERED'
  | 'AUTHORIZING'
  | 'AUTHORIZED'
  | 'REVOKING'
  | 'REVOKED'
  | 'RECOVERING';

export type Device = {
  /** The device owner key's address: an owner of the user's Safe once AUTHORIZED. */
  address: Address;
  user_id: string;
  /** The address of the separate key that signs API requests. */
  api_signer_address: Address;
  status: DeviceStatus;
  /** Why the last authorization of this device failed on chain; null otherwise. */
  failure_reason?: string | null;
  created_at: number;
  updated_at: number;
};

export type SessionStatus =
  | 'INITIALIZING'
  | 'AUTHORIZED'
  | 'REVOKING'
  | 'REVOKED'
  | 'LOGGED_OUT'
  | 'FAILED';

export type Session = {
  /** The session key's address. */
  address: Address;
  user_id: string;
  /** Per-transaction limit, token smallest unit, decimal digits. */
  spending_limit: string;
  /** Unix seconds by chain time; the session is valid while block.timestamp < expires_at. */
  expires_at: number;
  /** The next nonce the TokenHolder expects for this key (decimal digits). */
  nonce: string;
  status: SessionStatus;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type TokenRule = { name: 'direct transfer'; address: Address };

export type Token = {
  id: string;
  chain_id: number;
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  rules: TokenRule[];
};

export type TokenHolderStatus = 'ACTIVE' | 'LOGGING_OUT' | 'LOGGED_OUT';

export type TokenHolder = {
  user_id: string;
  address: Address;
  status: TokenHolderStatus;
  updated_at: number;
};

export type DeviceManager = {
  user_id: string;
  /** The Safe's address. */
  address: Address;
  /** The Safe nonce the next Safe transaction must carry (decimal digits). */
  nonce: string;
  owners: Address[];
};

export type Chain = {
  id: number;
  block_number: number;
  block_timestamp: number;
  /**
   * Best estimate of the current chain time (unix seconds): the latest block's
   * timestamp advanced by the wall-clock time since that block was first seen.
   * Session expiry is judged against this, never the device clock.
   */
  time: number;
};

export type TransactionStatus = 'CREATED' | 'SUBMITTED' | 'SUCCESS' | 'FAILED';

export type Transfer = { from: Address; to: Address; amount: string };

export type Transaction = {
  id: string;
  user_id: string;
  session_address: Address;
  rule_name: 'direct transfer';
  /** The rule contract called by executeRule. */
  to: Address;
  nonce: string;
  transfers: Transfer[];
  meta: TransactionMeta | null;
  status: TransactionStatus;
  transaction_hash: Hex | null;
  block_number: number | null;
  block_timestamp: number | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

export type TransactionMeta = { name?: string; type?: string; details?: string };

export type Balance = {
  user_id: string;
  token_holder_address: Address;
  /** Token balance of the TokenHolder, smallest unit, decimal digits. */
  available_balance: string;
  /** Sum of transfers not yet mined. */
  unsettled_debit: string;
};

export type Salt = { user_id: string; scrypt_salt: string };

export type FundingStatus = 'QUEUED' | 'SUBMITTED' | 'SUCCESS' | 'FAILED';

/** A transfer from the economy's treasury to a user's TokenHolder (partner API). */
export type Funding = {
  id: string;
  user_id: string;
  token_holder_address: Address;
  /** Token smallest unit, decimal digits. */
  amount: string;
  status: FundingStatus;
  transaction_hash: Hex | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
};

/** The JSON body of every error answer. */
export type ErrorBody = {
  code: string;
  message: string;
  details: Record<string, unknown>;
  request_id?: string;
};

/** A page of a list. */
export type Page<K extends string, T> = { [key in K]: T[] } & {
  next_cursor: string | null;
};
