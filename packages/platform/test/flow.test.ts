import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  authorizeBody,
  executeBody,
  logoutBody,
  newKey,
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

describe('wallet lifecycle', () => {
  it('activates, funds, transfers, authorizes, revokes and logs out', async () => {
    const alice = await createActivatedUser(t, { sessions: 2, fund: 10n ** 21n });
    const bob = await createActivatedUser(t);
    const { client } = alice;
    const chainId = t.economy.chainId;

    const sessions = await client.get(`/v1/users/${alice.userId}/sessions`);
    expect(sessions.body.sessions.map((s: { status: string }) => s.status)).toEqual([
      'AUTHORIZED',
      'AUTHORIZED',
    ]);
    const device = await client.get(`/v1/users/${alice.userId}/devices/current`);
    expect(device.body.status).toBe('AUTHORIZED');

    const balance = await client.get(`/v1/users/${alice.userId}/balance`);
    expect(balance.body.available_balance).toBe((10n ** 21n).toString());

    // Transfer with the first session.
    const session = alice.sessions[0]!;
    const tx = await client.execute(
      await executeBody(session, {
        chainId,
        tokenHolder: alice.tokenHolder,
        tokenRules: t.economy.tokenRules,
        nonce: 0n,
        transfers: [{ to: bob.tokenHolder, amount: 5n }],
      }),
    );
    expect(tx.status).toBe(202);
    expect(tx.body.status).toBe('CREATED');
    const done = await waitFor(
      () => client.transaction(tx.body.id),
      (r) => r.body.status === 'SUCCESS' || r.body.status === 'FAILED',
    );
    expect(done.body.status).toBe('SUCCESS');
    expect(done.body.block_number).toBeGreaterThan(0);
    const s0 = await client.session(session.address);
    expect(s0.body.nonce).toBe('1');

    // Authorize a new session through the Safe.
    const dm = await client.deviceManager();
    expect(dm.body.owners).toEqual([alice.device.owner.address]);
    const chain = await client.get('/v1/chain');
    const key = newKey();
    const auth = await client.authorize(
      await authorizeBody(alice.device.owner, {
        chainId,
        safe: alice.safe,
        tokenHolder: alice.tokenHolder,
        nonce: BigInt(dm.body.nonce),
        session: key.address,
        spendingLimit: 1000n,
        expiresAt: chain.body.time + 600,
      }),
    );
    expect(auth.status).toBe(202);
    expect(auth.body.status).toBe('INITIALIZING');
    const authorized = await waitFor(
      () => client.session(key.address),
      (r) => r.body.status !== 'INITIALIZING',
    );
    expect(authorized.body.status).toBe('AUTHORIZED');

    // Revoke it.
    const dm2 = await client.deviceManager();
    expect(dm2.body.nonce).toBe(String(BigInt(dm.body.nonce) + 1n));
    const revoke = await client.revoke(
      key.address,
      await revokeBody(alice.device.owner, {
        chainId,
        safe: alice.safe,
        tokenHolder: alice.tokenHolder,
        nonce: BigInt(dm2.body.nonce),
        session: key.address,
      }),
    );
    expect(revoke.status).toBe(202);
    expect(revoke.body.status).toBe('REVOKING');
    await waitFor(
      () => client.session(key.address),
      (r) => r.body.status === 'REVOKED',
    );

    // Log out: every session ends.
    const dm3 = await client.deviceManager();
    const out = await client.logout(
      await logoutBody(alice.device.owner, {
        chainId,
        safe: alice.safe,
        tokenHolder: alice.tokenHolder,
        nonce: BigInt(dm3.body.nonce),
      }),
    );
    expect(out.status).toBe(202);
    expect(out.body.status).toBe('LOGGING_OUT');
    await waitFor(
      () => client.get(`/v1/users/${alice.userId}/token-holder`),
      (r) => r.body.status === 'LOGGED_OUT',
    );
    const after = await client.get(`/v1/users/${alice.userId}/sessions`, {
      status: 'LOGGED_OUT',
    });
    expect(after.body.sessions).toHaveLength(2);
  });

  it('answers CHAIN_ERROR (502) when the chain is down', async () => {
    const u = await createActivatedUser(t);
    await t.devchain.stop();
    const res = await u.client.get('/v1/chain');
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('CHAIN_ERROR');
  });
});
