/** Database rows → protocol entities (the JSON the API answers with). */
import type {
  Device,
  DeviceStatus,
  Funding,
  FundingStatus,
  Session,
  SessionStatus,
  Transaction,
  TransactionStatus,
  User,
  UserStatus,
} from '@ost-wallet/protocol';
import type { Address, Hex } from 'viem';
import type {
  DeviceRow,
  FundingRow,
  SessionRow,
  TransactionRow,
  UserRow,
} from '../db/schema.ts';

/** A user row as the protocol `User`. */
export function toUser(row: UserRow, tokenId: string): User {
  return {
    id: row.id,
    token_id: tokenId,
    status: row.status as UserStatus,
    device_manager_address: row.device_manager_address as Address | null,
    token_holder_address: row.token_holder_address as Address | null,
    recovery_module_address: row.recovery_module_address as Address | null,
    recovery_owner_address: row.recovery_owner_address as Address | null,
    failure_reason: row.failure_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A device row as the protocol `Device`. */
export function toDevice(row: DeviceRow): Device {
  return {
    address: row.address as Address,
    user_id: row.user_id,
    api_signer_address: row.api_signer_address as Address,
    status: row.status as DeviceStatus,
    failure_reason: row.failure_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * @param pendingNonces - transactions of this session in flight; the entity reports the
 *   next nonce the platform accepts, which is the chain nonce plus those.
 */
export function toSession(row: SessionRow, pendingNonces = 0): Session {
  return {
    address: row.address as Address,
    user_id: row.user_id,
    spending_limit: row.spending_limit,
    expires_at: row.expires_at,
    nonce: (BigInt(row.nonce) + BigInt(pendingNonces)).toString(),
    status: row.status as SessionStatus,
    failure_reason: row.failure_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A transaction row as the protocol `Transaction`. */
export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    user_id: row.user_id,
    session_address: row.session_address as Address,
    rule_name: 'direct transfer',
    to: row.rule_address as Address,
    nonce: row.nonce,
    transfers: JSON.parse(row.transfers) as Transaction['transfers'],
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Transaction['meta']),
    status: row.status as TransactionStatus,
    transaction_hash: row.transaction_hash as Hex | null,
    block_number: row.block_number,
    block_timestamp: row.block_timestamp,
    failure_reason: row.failure_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A funding row as the protocol `Funding`. */
export function toFunding(row: FundingRow): Funding {
  return {
    id: row.id,
    user_id: row.user_id,
    token_holder_address: row.token_holder_address as Address,
    amount: row.amount,
    status: row.status as FundingStatus,
    transaction_hash: row.transaction_hash as Hex | null,
    failure_reason: row.failure_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
