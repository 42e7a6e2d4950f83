/**
 * Request bodies of the platform API. Every POST carries exactly these fields:
 * the platform rejects extra fields.
 */
import type { Address, Hex } from 'viem';
import type { TransactionMeta } from './entities.ts';

/** Partner API: register a device for a user (sent by the app server). */
export type RegisterDeviceBody = { address: Address; api_signer_address: Address };

/** Partner API: fund a user's TokenHolder from the economy's treasury. */
export type FundUserBody = { amount: string };

/** A session asked for at activation. */
export type SessionRequest = {
  address: Address;
  spending_limit: string;
  expires_at: number;
};

/** Device API: activate the user (creates the Safe, recovery module, TokenHolder). */
export type ActivateUserBody = {
  recovery_owner_address: Address;
  /** First sessions, at most 5. */
  sessions: SessionRequest[];
};

/**
 * A Safe transaction signed by the device key (Safe 1.4.1 SafeTx, EIP-712), with
 * safeTxGas, baseGas, gasPrice, gasToken and refundReceiver all zero.
 */
export type SignedSafeTx = {
  to: Address;
  value: string;
  data: Hex;
  operation: 0;
  nonce: string;
  /** 65-byte signature by the device owner key. */
  signature: Hex;
};

/** Device API: authorize a session key. The server rebuilds `safe_tx.data` and compares. */
export type AuthorizeSessionBody = SessionRequest & { safe_tx: SignedSafeTx };

/**
 * Device API: make the requesting (REGISTERED) device an owner of the user's Safe.
 * `safe_tx` is `addOwnerWithThreshold(device_address, 1)` on the Safe itself, signed
 * by an AUTHORIZED device's owner key; the server rebuilds the call and compares.
 */
export type AuthorizeDeviceBody = { device_address: Address; safe_tx: SignedSafeTx };

/** Device API: revoke one session (`revokeSession(key)` through the Safe). */
export type RevokeSessionBody = { safe_tx: SignedSafeTx };

/** Device API: end every session (`logout()` through the Safe). */
export type LogoutBody = { safe_tx: SignedSafeTx };

/** Device API: execute a rule signed by a session key. */
export type ExecuteTransactionBody = {
  session_address: Address;
  rule_name: 'direct transfer';
  transfers: { to: Address; amount: string }[];
  /** The rule's calldata; the server rebuilds it from `transfers` and compares. */
  data: Hex;
  nonce: string;
  /** EIP-712 ExecuteRule signature by the session key. */
  signature: Hex;
  meta?: TransactionMeta;
};
