import { randomUUID } from 'node:crypto';
import {
  encodeDirectTransfers,
  getExecuteRuleTypedData,
  tokenAbi,
  tokenHolderAbi,
} from '@ost-wallet/contracts';
import { OstWalletError } from '@ost-wallet/errors';
import type { ExecuteTransactionBody } from '@ost-wallet/protocol';
import {
  type Address,
  encodeFunctionData,
  getAddress,
  recoverTypedDataAddress,
  zeroAddress,
} from 'viem';
import { isCanonicalSignature } from '../auth/isCanonicalSignature.ts';
import type { AuthenticatedDevice } from '../auth/verifyDeviceRequest.ts';
import { nowSeconds, type PlatformContext } from '../context.ts';
import type { TransactionRow } from '../db/schema.ts';
import { enqueue, gasLimits } from '../relayer/enqueue.ts';
import { assertTokenHolderActive } from '../sessions/authorizeSession.ts';
import { loadSessionNonces } from '../sessions/loadSessionNonces.ts';
import { isUniqueViolation, notCanonical } from '../sessions/verifySafeTx.ts';
import { findUser } from '../users/findUser.ts';
import { assertActivated } from '../users/userRoutes.ts';

/** Most recipients one transaction may pay. */
export const MAX_RECIPIENTS = 10;

/**
 * Accepts a session-signed direct transfer: rebuilds the rule calldata from the
 * transfers, recovers the session key from the EIP-712 signature, checks the session
 * (authorized, unexpired by chain time, within its limit, current nonce), stores the
 * transaction CREATED and queues `executeRule` in one database transaction.
 * @throws {OstWalletError} `TOO_MANY_RECIPIENTS`, `INVALID_AMOUNT`, `INVALID_CALLDATA`,
 *   `INVALID_SIGNATURE`, `NO_SESSION_FOUND`, `SESSION_NOT_AUTHORIZED`,
 *   `SESSION_EXPIRED`, `SPENDING_LIMIT_EXCEEDED`, `INSUFFICIENT_BALANCE`,
 *   `STALE_SESSION_NONCE`
 */
export async function executeTransaction(
  ctx: PlatformContext,
  auth: AuthenticatedDevice,
  body: ExecuteTransactionBody,
): Promise<TransactionRow> {
  const user = assertActivated(await findUser(ctx, auth.userId));
  assertTokenHolderActive(user.token_holder_status);
  const tokenHolder = getAddress(user.token_holder_address as string);

  if (body.transfers.length > MAX_RECIPIENTS) {
    throw new OstWalletError(
      'TOO_MANY_RECIPIENTS',
      `transfers may name at most ${MAX_RECIPIENTS} recipients, got ${body.transfers.length}`,
      { details: { field: 'transfers', max: MAX_RECIPIENTS } },
    );
  }
  const to: Address[] = [];
  const amounts: bigint[] = [];
  body.transfers.forEach((t, i) => {
    const amount = BigInt(t.amount);
    if (amount <= 0n || amount >= 2n ** 256n) {
      throw new OstWalletError(
        'INVALID_AMOUNT',
        `transfers.${i}.amount must be a positive integer in the token's smallest unit, got '${t.amount}'`,
        { details: { field: `transfers.${i}.amount` } },
      );
    }
    const recipient = getAddress(t.to);
    if (recipient === zeroAddress || recipient === ctx.economy.token.address) {
      throw new OstWalletError(
        'INVALID_ADDRESS',
        `transfers.${i}.to cannot receive tokens`,
        {
          details: { field: `transfers.${i}.to` },
        },
      );
    }
    to.push(recipient);
    amounts.push(amount);
  });
  const total = amounts.reduce((a, b) => a + b, 0n);

  const rule = ctx.economy.tokenRules;
  const data = encodeDirectTransfers({ to, amounts });
  if (body.data.toLowerCase() !== data.toLowerCase()) {
    throw new OstWalletError(
      'INVALID_CALLDATA',
      'data does not encode the given transfers',
      {
        details: { field: 'data', expected_data: data },
      },
    );
  }
  const nonce = BigInt(body.nonce);
  const sessionAddress = getAddress(body.session_address);
  // The TokenHolder (OpenZeppelin ECDSA) refuses any other encoding on chain.
  if (!isCanonicalSignature(body.signature)) throw notCanonical('signature');
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      ...getExecuteRuleTypedData({
        chainId: ctx.chainId,
        tokenHolder,
        to: rule,
        data,
        nonce,
      }),
      signature: body.signature,
    });
  } catch {
    signer = zeroAddress;
  }
  if (signer !== sessionAddress) {
    throw new OstWalletError(
      'INVALID_SIGNATURE',
      "signature is not the session key's ExecuteRule signature over these transfers and nonce",
      { details: { field: 'signature' } },
    );
  }

  const session = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('address', '=', sessionAddress)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (!session) {
    throw new OstWalletError(
      'NO_SESSION_FOUND',
      `no session ${sessionAddress} for this user`,
      {
        details: { field: 'session_address' },
      },
    );
  }
  if (session.status !== 'AUTHORIZED') {
    throw new OstWalletError(
      'SESSION_NOT_AUTHORIZED',
      `session ${sessionAddress} is ${session.status}`,
      { details: { field: 'session_address', status: session.status } },
    );
  }
  const { time } = await ctx.clock.now();
  if (session.expires_at <= time) {
    throw new OstWalletError(
      'SESSION_EXPIRED',
      `session ${sessionAddress} expired at ${session.expires_at} (chain time ${time})`,
      {
        details: {
          field: 'session_address',
          expires_at: session.expires_at,
          chain_time: time,
        },
      },
    );
  }
  if (total > BigInt(session.spending_limit)) {
    throw new OstWalletError(
      'SPENDING_LIMIT_EXCEEDED',
      `transfers total ${total}, above the session's spending limit ${session.spending_limit}`,
      { details: { total: total.toString(), spending_limit: session.spending_limit } },
    );
  }
  // A transfer the wallet cannot cover would still be relayed and paid for, only to
  // fail inside the rule: refuse it here, counting transfers not yet settled.
  const [balance, pending] = await Promise.all([
    ctx.publicClient.readContract({
      address: ctx.economy.token.address,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [tokenHolder],
    }),
    ctx.db
      .selectFrom('transactions')
      .select('total_amount')
      .where('user_id', '=', user.id)
      .where('status', 'in', ['CREATED', 'SUBMITTED'])
      .execute(),
  ]);
  const unsettled = pending.reduce((sum, r) => sum + BigInt(r.total_amount), 0n);
  const available = balance > unsettled ? balance - unsettled : 0n;
  if (total > available) {
    throw new OstWalletError(
      'INSUFFICIENT_BALANCE',
      `transfers total ${total}, above the balance of ${available} left after unsettled transfers`,
      {
        details: {
          total: total.toString(),
          available: available.toString(),
          unsettled_debit: unsettled.toString(),
        },
      },
    );
  }

  const [claimed, onChain] = await Promise.all([
    loadSessionNonces(ctx.db, [session]),
    ctx.publicClient.readContract({
      address: tokenHolder,
      abi: tokenHolderAbi,
      functionName: 'sessions',
      args: [sessionAddress],
    }),
  ]);
  const fromDb = claimed.get(sessionAddress) ?? 0n;
  const expected = fromDb > onChain[2] ? fromDb : onChain[2];
  if (nonce !== expected) throw staleSessionNonce(nonce, expected);

  const now = nowSeconds();
  const row: TransactionRow = {
    id: randomUUID(),
    user_id: user.id,
    session_address: sessionAddress,
    rule_address: rule,
    nonce: nonce.toString(),
    nonce_key: `${sessionAddress}:${nonce}`,
    transfers: JSON.stringify(
      to.map((recipient, i) => ({
        from: tokenHolder,
        to: recipient,
        amount: amounts[i]!.toString(),
      })),
    ),
    total_amount: total.toString(),
    meta: body.meta ? JSON.stringify(body.meta) : null,
    status: 'CREATED',
    transaction_hash: null,
    block_number: null,
    block_timestamp: null,
    failure_reason: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('transactions').values(row).execute();
      await enqueue(trx, {
        kind: 'execute_rule',
        userId: user.id,
        ref: row.id,
        to: tokenHolder,
        data: encodeFunctionData({
          abi: tokenHolderAbi,
          functionName: 'executeRule',
          args: [rule, data, nonce, body.signature],
        }),
        gas: gasLimits.executeRule(to.length),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw staleSessionNonce(nonce);
    throw error;
  }
  ctx.kickRelayer();
  return row;
}

function staleSessionNonce(given: bigint, expected?: bigint): OstWalletError {
  return new OstWalletError(
    'STALE_SESSION_NONCE',
    `nonce ${given} is not the session's next nonce${expected === undefined ? '' : ` ${expected}`}`,
    {
      details: {
        field: 'nonce',
        ...(expected === undefined ? {} : { expected_nonce: expected.toString() }),
      },
    },
  );
}
