/** The relayer: one key, nonces from one place, never two sends on one nonce. */
import { randomUUID } from 'node:crypto';
import { tokenAbi } from '@ost-wallet/contracts';
import { createPublicClient, encodeFunctionData, http, keccak256 } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import { partnerClient, waitFor } from './helpers/testClients.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

describe('relayer', () => {
  it('sends many concurrent actions with distinct, gap-free nonces', async () => {
    const users = await Promise.all([createActivatedUser(t), createActivatedUser(t)]);
    const partner = partnerClient(t.platform.app, t.partner);
    const relayer = t.devchain.accounts[0]!.address;
    const client = createPublicClient({ transport: http(t.devchain.rpcUrl) });
    const startNonce = await client.getTransactionCount({ address: relayer });

    // 24 fundings at once, while the relayer also runs on its timer.
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        partner.fund(users[i % 2]!.userId, String(i + 1)),
      ),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    await waitFor(
      () => t.platform.context.db.selectFrom('fundings').select('status').execute(),
      (rows) => rows.every((r) => r.status === 'SUCCESS'),
    );

    const rows = await t.platform.context.db
      .selectFrom('outbox')
      .select(['relayer_nonce', 'status'])
      .where('kind', '=', 'fund')
      .execute();
    const nonces = rows.map((r) => Number(r.relayer_nonce)).sort((a, b) => a - b);
    expect(new Set(nonces).size).toBe(24);
    expect(nonces[23]! - nonces[0]!).toBe(23);
    expect(rows.every((r) => r.status === 'MINED')).toBe(true);
    expect(await client.getTransactionCount({ address: relayer })).toBe(startNonce + 24);

    // User 0 got the amounts 1, 3, 5, …; user 1 got 2, 4, 6, …
    const expected = (parity: number) =>
      Array.from({ length: 24 }, (_, i) => i)
        .filter((i) => i % 2 === parity)
        .reduce((sum, i) => sum + BigInt(i + 1), 0n);
    for (const [index, u] of users.entries()) {
      const balance = await client.readContract({
        address: t.economy.token.address,
        abi: tokenAbi,
        functionName: 'balanceOf',
        args: [u.tokenHolder],
      });
      expect(balance).toBe(expected(index));
    }
  });

  it('answers fundings with their state', async () => {
    const u = await createActivatedUser(t);
    const partner = partnerClient(t.platform.app, t.partner);
    const res = await partner.fund(u.userId, '5');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'QUEUED',
      amount: '5',
      transaction_hash: null,
    });
    const done = await waitFor(
      () =>
        partner.request('GET', `/v1/partner/users/${u.userId}/fundings/${res.body.id}`),
      (r) => r.body.status === 'SUCCESS',
    );
    expect(done.body.transaction_hash).toMatch(/^0x/);
  });

  it('signs a refused underpriced transaction again on the same nonce', async () => {
    const u = await createActivatedUser(t);
    const client = createPublicClient({ transport: http(t.devchain.rpcUrl) });
    const relayer = privateKeyToAccount(t.devchain.accounts[0]!.privateKey);
    const { db } = t.platform.context;
    const nonce = await client.getTransactionCount({
      address: relayer.address,
      blockTag: 'pending',
    });
    // A row signed long ago, when fees were far lower than now.
    const data = encodeFunctionData({
      abi: tokenAbi,
      functionName: 'transfer',
      args: [u.tokenHolder, 7n],
    });
    const stale = await relayer.signTransaction({
      chainId: t.economy.chainId,
      type: 'eip1559',
      to: t.economy.token.address,
      data,
      gas: 150_000n,
      nonce,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    });
    await t.devchain.request('anvil_setNextBlockBaseFeePerGas', ['0x3b9aca00']);
    const now = Math.floor(Date.now() / 1000);
    const fundingId = randomUUID();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('fundings')
        .values({
          id: fundingId,
          user_id: u.userId,
          token_holder_address: u.tokenHolder,
          amount: '7',
          status: 'QUEUED',
          transaction_hash: null,
          failure_reason: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('outbox')
        .values({
          kind: 'fund',
          user_id: u.userId,
          ref: fundingId,
          to_address: t.economy.token.address,
          data,
          gas: '150000',
          safe_nonce_key: null,
          status: 'SIGNED',
          relayer_address: relayer.address,
          relayer_nonce: nonce,
          raw_tx: stale,
          tx_hash: keccak256(stale),
          previous_tx_hashes: null,
          block_number: null,
          error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    await t.platform.tick();
    const funding = await waitFor(
      () =>
        db
          .selectFrom('fundings')
          .selectAll()
          .where('id', '=', fundingId)
          .executeTakeFirstOrThrow(),
      (f) => f.status === 'SUCCESS' || f.status === 'FAILED',
    );
    expect(funding.status).toBe('SUCCESS');
    const row = await db
      .selectFrom('outbox')
      .selectAll()
      .where('ref', '=', fundingId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.previous_tx_hashes ?? '[]')).toEqual([keccak256(stale)]);
    expect(row.tx_hash).not.toBe(keccak256(stale));
    expect(funding.transaction_hash).toBe(row.tx_hash);
    expect(await client.getTransactionCount({ address: relayer.address })).toBe(
      nonce + 1,
    );
  });
});
