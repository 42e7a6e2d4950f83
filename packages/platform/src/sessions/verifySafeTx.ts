import { encodeExecTransaction, getSafeTxTypedData } from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { SignedSafeTx } from '@ost-wallet/protocol';
import { type Address, getAddress, type Hex, recoverTypedDataAddress } from 'viem';
import { isCanonicalSignature } from '../auth/isCanonicalSignature.ts';
import type { PlatformContext } from '../context.ts';
import type { UserRow } from '../db/schema.ts';
import { getNextSafeNonce, toSafeNonceKey } from './getNextSafeNonce.ts';

/** A Safe transaction that passed every check, ready for the outbox. */
export type VerifiedSafeTx = {
  safe: Address;
  nonce: bigint;
  safeNonceKey: string;
  /** `execTransaction` calldata for the Safe. */
  execData: Hex;
  signer: Address;
};

/**
 * Checks a device-signed Safe transaction against the call the platform expects:
 * same target and calldata, value 0, CALL; signer an AUTHORIZED device of this user;
 * nonce the next one of the user's Safe.
 * @param expected - the call the platform rebuilt from the request's readable fields
 * @throws {OstWalletError} `INVALID_CALLDATA`, `INVALID_SIGNATURE`,
 *   `DEVICE_UNAUTHORIZED`, `STALE_SAFE_NONCE`
 */
export async function verifySafeTx(
  ctx: PlatformContext,
  user: UserRow,
  safeTx: SignedSafeTx,
  expected: { to: Address; data: Hex },
): Promise<VerifiedSafeTx> {
  const safe = getAddress(user.device_manager_address as string);
  if (
    getAddress(safeTx.to) !== getAddress(expected.to) ||
    safeTx.value !== '0' ||
    safeTx.operation !== 0 ||
    safeTx.data.toLowerCase() !== expected.data.toLowerCase()
  ) {
    throw new OstWalletError(
      'INVALID_CALLDATA',
      'safe_tx does not match the requested operation: to and data as rebuilt, value 0, operation 0',
      {
        details: {
          field: 'safe_tx',
          expected_to: expected.to,
          expected_data: expected.data,
        },
      },
    );
  }

  const nonce = BigInt(safeTx.nonce);
  // A Safe reads v 0/1 as a contract signature or an approved hash: such an encoding
  // recovers here but reverts on chain at the relayer's expense.
  if (!isCanonicalSignature(safeTx.signature)) throw notCanonical('safe_tx.signature');
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      ...getSafeTxTypedData({
        chainId: ctx.chainId,
        safe,
        to: expected.to,
        data: expected.data,
        nonce,
      }),
      signature: safeTx.signature,
    });
  } catch {
    throw new OstWalletError('INVALID_SIGNATURE', 'safe_tx.signature does not recover', {
      details: { field: 'safe_tx.signature' },
    });
  }
  const device = await ctx.db
    .selectFrom('devices')
    .select(['address', 'status'])
    .where('address', '=', signer)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (device?.status !== 'AUTHORIZED') {
    throw new OstWalletError(
      'DEVICE_UNAUTHORIZED',
      'safe_tx must be signed by an AUTHORIZED device of this user',
      { details: { field: 'safe_tx.signature', signer } },
    );
  }

  const next = await getNextSafeNonce(ctx, safe);
  if (nonce !== next) {
    throw staleSafeNonce(nonce, next);
  }
  return {
    safe,
    nonce,
    safeNonceKey: toSafeNonceKey(safe, nonce),
    execData: encodeExecTransaction({
      to: expected.to,
      data: expected.data,
      signature: safeTx.signature,
    }),
    signer,
  };
}

/** The error for a Safe nonce that is not the next one (the SDK re-signs on it). */
export function staleSafeNonce(given: bigint, expected?: bigint): OstWalletError {
  return new OstWalletError(
    'STALE_SAFE_NONCE',
    `safe_tx.nonce ${given} is not the Safe's next nonce${expected === undefined ? '' : ` ${expected}`}; re-read the device manager and sign again`,
    {
      details: {
        field: 'safe_tx.nonce',
        ...(expected === undefined ? {} : { expected_nonce: expected.toString() }),
      },
    },
  );
}

/** The error for a signature in another encoding than `r || low s || v 27/28`. */
export function notCanonical(field: string): OstWalletError {
  return new OstWalletError(
    'INVALID_SIGNATURE',
    `${field} must be 65 bytes: r, s in the lower half of the curve order, v 27 or 28`,
    { details: { field } },
  );
}

/** True when a database error is a unique-constraint violation (SQLite or Postgres). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/i.test(e?.message ?? '')
  );
}
