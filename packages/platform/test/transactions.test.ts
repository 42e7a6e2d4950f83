/** Session-signed transfers (reference §8 items 42–43 and the outbox states). */

import { tokenRulesAbi } from '@ost-wallet/contracts';
import { type Address, createWalletClient, http, type LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivatedUser, createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  executeBody,
  newKey,
  reencodedSignatures,
  revokeBody,
  waitFor,
} from './helpers/testClients.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

function transfer(
  u: ActivatedUser,
  p: {
    nonce?: bigint;
    transfers?: { to: Address; amount: bigint }[];
    session?: LocalAccount;
  },
) {
  return executeBody(p.session ?? u.sessions[0]!, {
    chainId: t.economy.chainId,
    tokenHolder: u.tokenHolder,
    tokenRules: t.economy.tokenRules,
    nonce: p.nonce ?? 0n,
    transfers: p.transfers ?? [{ to: newKey().address, amount: 1n }],
  });
}

async function settled(u: ActivatedUser, id: string) {
  return waitFor(
    () => u.client.transaction(id),
    (r) => r.body.status === 'SUCCESS' || r.body.status === 'FAILED',
  );
}

async function setDirectTransfers(enabled: boolean) {
  const worker = privateKeyToAccount(t.devchain.accounts[0]!.privateKey);
  const hash = await createWalletClient({
    account: worker,
    transport: http(t.devchain.rpcUrl),
  }).writeContract({
    chain: null,
    address: t.economy.tokenRules,
    abi: tokenRulesAbi,
    functionName: 'setDirectTransfersEnabled',
    args: [enabled],
  });
  await t.platform.context.publicClient.waitForTransactionReceipt({ hash });
}

async function outboxCount() {
  return (await t.platform.context.db.selectFrom('outbox').select('id').execute()).length;
}

describe('execute transaction', () => {
  it('pays up to ten recipients in one transaction and tracks the nonce', async () => {
    const u = await createActivatedUser(t, { fund: 1000n });
    const recipients = Array.from({ length: 10 }, () => newKey().address);
    const res = await u.client.execute(
      await transfer(u, { transfers: recipients.map((to) => ({ to, amount: 7n })) }),
    );
    expect(res.status).toBe(202);
    expect(res.body.transfers).toHaveLength(10);
    const done = await settled(u, res.body.id);
    expect(done.body).toMatchObject({
      status: 'SUCCESS',
      nonce: '0',
      failure_reason: null,
    });
    expect(done.body.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    const balance = await u.client.get(`/v1/users/${u.userId}/balance`);
    expect(balance.body).toMatchObject({
      available_balance: '930',
      unsettled_debit: '0',
    });
    const second = await u.client.execute(await transfer(u, { nonce: 1n }));
    expect((await settled(u, second.body.id)).body.status).toBe('SUCCESS');
    expect((await u.client.session(u.sessions[0]!.address)).body.nonce).toBe('2');
  });

  it('refuses more than ten recipients (42)', async () => {
    const u = await createActivatedUser(t);
    const before = await outboxCount();
    const res = await u.client.execute(
      await transfer(u, {
        transfers: Array.from({ length: 11 }, () => ({
          to: newKey().address,
          amount: 1n,
        })),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOO_MANY_RECIPIENTS');
    expect(await outboxCount()).toBe(before);
  });

  it('refuses a total above the spending limit without touching the chain (42)', async () => {
    const u = await createActivatedUser(t, { spendingLimit: 100n, fund: 1000n });
    const before = await outboxCount();
    const res = await u.client.execute(
      await transfer(u, {
        transfers: [
          { to: newKey().address, amount: 60n },
          { to: newKey().address, amount: 41n },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SPENDING_LIMIT_EXCEEDED');
    expect(await outboxCount()).toBe(before);
  });

  it('refuses unknown, revoked and wrongly signed sessions (42)', async () => {
    const u = await createActivatedUser(t, { sessions: 2 });
    const stranger = newKey();
    const unknown = await u.client.execute(await transfer(u, { session: stranger }));
    expect(unknown.body.code).toBe('NO_SESSION_FOUND');

    const forged = await transfer(u, { session: stranger });
    forged.session_address = u.sessions[0]!.address;
    const bad = await u.client.execute(forged);
    expect(bad.body.code).toBe('INVALID_SIGNATURE');

    const target = u.sessions[1]!;
    const dm = await u.client.deviceManager();
    await u.client.revoke(
      target.address,
      await revokeBody(u.device.owner, {
        chainId: t.economy.chainId,
        safe: u.safe,
        tokenHolder: u.tokenHolder,
        nonce: BigInt(dm.body.nonce),
        session: target.address,
      }),
    );
    const revoking = await u.client.execute(await transfer(u, { session: target }));
    expect(revoking.body.code).toBe('SESSION_NOT_AUTHORIZED');
    await waitFor(
      () => u.client.session(target.address),
      (r) => r.body.status === 'REVOKED',
    );
    const revoked = await u.client.execute(await transfer(u, { session: target }));
    expect(revoked.status).toBe(422);
    expect(revoked.body.code).toBe('SESSION_NOT_AUTHORIZED');
  });

  it('refuses a re-encoded session signature that the TokenHolder would reject on chain', async () => {
    const u = await createActivatedUser(t, { fund: 10n });
    const body = await transfer(u, {});
    const before = await outboxCount();
    for (const signature of Object.values(reencodedSignatures(body.signature))) {
      const res = await u.client.execute({ ...body, signature });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_SIGNATURE');
    }
    expect(await outboxCount()).toBe(before);
    expect((await u.client.execute(body)).status).toBe(202);
  });

  it('refuses a stale or future nonce', async () => {
    const u = await createActivatedUser(t, { fund: 10n });
    const ok = await u.client.execute(await transfer(u, { nonce: 0n }));
    expect(ok.status).toBe(202);
    const stale = await u.client.execute(await transfer(u, { nonce: 0n }));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'STALE_SESSION_NONCE',
      details: { expected_nonce: '1' },
    });
    const future = await u.client.execute(await transfer(u, { nonce: 5n }));
    expect(future.body.code).toBe('STALE_SESSION_NONCE');
  });

  it('records a failing rule as FAILED with its reason and consumes the nonce', async () => {
    const u = await createActivatedUser(t, { fund: 10n });
    // The economy's worker (the relayer account here) switches direct transfers off,
    // so the rule itself fails on chain.
    await setDirectTransfers(false);
    try {
      const res = await u.client.execute(await transfer(u, {}));
      expect(res.status).toBe(202);
      const done = await settled(u, res.body.id);
      expect(done.body.status).toBe('FAILED');
      expect(done.body.failure_reason).toContain('rule failed');
      expect((await u.client.session(u.sessions[0]!.address)).body.nonce).toBe('1');
    } finally {
      await setDirectTransfers(true);
    }
  });

  it('refuses a total above the balance left after pending transfers, without touching the chain', async () => {
    const u = await createActivatedUser(t, { fund: 10n });
    const before = await outboxCount();
    const none = await createActivatedUser(t); // no funds
    const broke = await none.client.execute(await transfer(none, {}));
    expect(broke.status).toBe(422);
    expect(broke.body.code).toBe('INSUFFICIENT_BALANCE');

    const to = newKey().address;
    await t.devchain.request('evm_setAutomine', [false]);
    try {
      const first = await u.client.execute(
        await transfer(u, { transfers: [{ to, amount: 7n }] }),
      );
      expect(first.status).toBe(202);
      const second = await u.client.execute(
        await transfer(u, { nonce: 1n, transfers: [{ to, amount: 4n }] }),
      );
      expect(second.status).toBe(422);
      expect(second.body).toMatchObject({
        code: 'INSUFFICIENT_BALANCE',
        details: { available: '3' },
      });
      await waitFor(
        () => u.client.transaction(first.body.id),
        (r) => r.body.status === 'SUBMITTED',
      );
      await t.devchain.mine();
      expect((await settled(u, first.body.id)).body.status).toBe('SUCCESS');
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
    expect(await outboxCount()).toBe(before + 2); // the unfunded user's activation + the first transfer
  });

  it('shows the unsettled debit while a transfer is pending', async () => {
    const u = await createActivatedUser(t, { fund: 100n });
    await t.devchain.request('evm_setAutomine', [false]);
    try {
      const res = await u.client.execute(
        await transfer(u, { transfers: [{ to: newKey().address, amount: 30n }] }),
      );
      await waitFor(
        () => u.client.transaction(res.body.id),
        (r) => r.body.status === 'SUBMITTED',
      );
      const balance = await u.client.get(`/v1/users/${u.userId}/balance`);
      expect(balance.body).toMatchObject({
        available_balance: '100',
        unsettled_debit: '30',
      });
      // The next nonce already counts the pending transfer.
      expect((await u.client.session(u.sessions[0]!.address)).body.nonce).toBe('1');
      await t.devchain.mine();
      expect((await settled(u, res.body.id)).body.status).toBe('SUCCESS');
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
  });

  it('lists transactions newest first with a cursor', async () => {
    const u = await createActivatedUser(t, { fund: 100n });
    const ids: string[] = [];
    for (let nonce = 0n; nonce < 3n; nonce++) {
      const res = await u.client.execute(await transfer(u, { nonce }));
      ids.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await u.client.get(`/v1/users/${u.userId}/transactions`, {
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.body.transactions.map((x: { id: string }) => x.id));
      cursor = page.body.next_cursor ?? undefined;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(ids));
    const other = await createActivatedUser(t);
    const foreign = await other.client.transaction(ids[0]!);
    expect(foreign.status).toBe(404);
  });

  // Chain time moves in the tests below: they come last.
  it('refuses a session expired by chain time (SESSION_EXPIRED)', async () => {
    const u = await createActivatedUser(t, { expiresIn: 60, fund: 10n });
    await t.devchain.increaseTime(120);
    const res = await u.client.execute(await transfer(u, {}));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SESSION_EXPIRED');
  });

  it('marks FAILED when the chain reverts an expired session, and frees the nonce (43)', async () => {
    const u = await createActivatedUser(t, { expiresIn: 30, fund: 10n });
    await t.devchain.request('evm_setAutomine', [false]);
    try {
      const res = await u.client.execute(await transfer(u, {}));
      expect(res.status).toBe(202);
      await waitFor(
        () => u.client.transaction(res.body.id),
        (r) => r.body.status === 'SUBMITTED',
      );
      await t.devchain.increaseTime(60);
      const done = await settled(u, res.body.id);
      expect(done.body.status).toBe('FAILED');
      expect(done.body.failure_reason).toBe('SessionExpired');
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
    expect((await u.client.session(u.sessions[0]!.address)).body.nonce).toBe('0');
  });
});
