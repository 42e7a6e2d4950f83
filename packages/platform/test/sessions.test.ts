/** Session authorization, revocation and logout (reference §8 items 39–41, 44). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivatedUser, createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  authorizeBody,
  deviceClient,
  logoutBody,
  newDevice,
  newKey,
  partnerClient,
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

async function authorize(
  u: ActivatedUser,
  overrides: {
    nonce?: bigint;
    expiresIn?: number;
    signer?: ActivatedUser['device']['owner'];
  } = {},
) {
  const [dm, chain] = await Promise.all([
    u.client.deviceManager(),
    u.client.get('/v1/chain'),
  ]);
  const key = newKey();
  const body = await authorizeBody(overrides.signer ?? u.device.owner, {
    chainId: t.economy.chainId,
    safe: u.safe,
    tokenHolder: u.tokenHolder,
    nonce: overrides.nonce ?? BigInt(dm.body.nonce),
    session: key.address,
    spendingLimit: 1000n,
    expiresAt: chain.body.time + (overrides.expiresIn ?? 600),
  });
  return { key, body, res: await u.client.authorize(body) };
}

async function outboxCount() {
  const rows = await t.platform.context.db.selectFrom('outbox').select('id').execute();
  return rows.length;
}

describe('activation', () => {
  it('refuses six first sessions (39)', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    const client = deviceClient(t.platform.app, device);
    const chain = await client.get('/v1/chain');
    const res = await client.activate({
      recovery_owner_address: newKey().address,
      sessions: Array.from({ length: 6 }, () => ({
        address: newKey().address,
        spending_limit: '1',
        expires_at: chain.body.time + 100,
      })),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_PARAMETER');
    expect((await client.user()).body.status).toBe('CREATED');
  });

  it('refuses a device that is not REGISTERED (39)', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    await t.platform.context.db
      .updateTable('devices')
      .set({ status: 'AUTHORIZING' })
      .where('address', '=', device.owner.address)
      .execute();
    const res = await deviceClient(t.platform.app, device).activate({
      recovery_owner_address: newKey().address,
      sessions: [],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DEVICE_NOT_REGISTERED');
  });

  it('answers ACTIVATING at once and reports the predicted addresses', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    const client = deviceClient(t.platform.app, device);
    const salt = await client.get(`/v1/users/${user.body.id}/salt`);
    expect(salt.body.scrypt_salt).toMatch(/^[0-9a-f]{64}$/);
    const res = await client.activate({
      recovery_owner_address: newKey().address,
      sessions: [],
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('ACTIVATING');
    const done = await waitFor(
      () => client.user(),
      (r) => r.body.status === 'ACTIVATED',
    );
    expect(done.body.token_holder_address).toBe(res.body.token_holder_address);
    expect(done.body.device_manager_address).toBe(res.body.device_manager_address);
    const again = await client.activate({
      recovery_owner_address: newKey().address,
      sessions: [],
    });
    expect(again.body.code).toBe('USER_ALREADY_ACTIVATED');
  });
  it('marks a refused activation FAILED with the reason, and a retry succeeds', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    const client = deviceClient(t.platform.app, device);
    const chain = await client.get('/v1/chain');
    const firstKey = newKey();
    await t.devchain.request('evm_setAutomine', [false]);
    try {
      const res = await client.activate({
        recovery_owner_address: newKey().address,
        sessions: [
          {
            address: firstKey.address,
            spending_limit: '5',
            expires_at: chain.body.time + 5,
          },
        ],
      });
      expect(res.status).toBe(202);
      await waitFor(
        () => t.devchain.request<{ pending: string }>('txpool_status'),
        (p) => p.pending === '0x1',
      );
      // The session's expiry passes before the factory call is mined.
      await t.devchain.increaseTime(60);
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
    const failed = await waitFor(
      () => client.user(),
      (r) => r.body.status !== 'ACTIVATING',
    );
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      failure_reason: 'InvalidExpiry',
    });
    expect(
      (await client.get(`/v1/users/${user.body.id}/devices/current`)).body.status,
    ).toBe('REGISTERED');
    expect((await client.session(firstKey.address)).body.status).toBe('FAILED');

    const later = await client.get('/v1/chain');
    const retry = await client.activate({
      recovery_owner_address: newKey().address,
      sessions: [
        {
          address: newKey().address,
          spending_limit: '5',
          expires_at: later.body.time + 600,
        },
      ],
    });
    expect(retry.status).toBe(202);
    const done = await waitFor(
      () => client.user(),
      (r) => r.body.status !== 'ACTIVATING',
    );
    expect(done.body).toMatchObject({ status: 'ACTIVATED', failure_reason: null });
  });
});

describe('authorize session', () => {
  it('refuses an expiry in the past or beyond the maximum (40)', async () => {
    const u = await createActivatedUser(t);
    const before = await outboxCount();
    for (const expiresIn of [-5, 0, 366 * 24 * 3600]) {
      const { res } = await authorize(u, { expiresIn });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_SESSION_EXPIRY_TIME');
    }
    expect(await outboxCount()).toBe(before);
  });

  it('refuses a key that was used before (40)', async () => {
    const u = await createActivatedUser(t);
    const [dm, chain] = await Promise.all([
      u.client.deviceManager(),
      u.client.get('/v1/chain'),
    ]);
    const res = await u.client.authorize(
      await authorizeBody(u.device.owner, {
        chainId: t.economy.chainId,
        safe: u.safe,
        tokenHolder: u.tokenHolder,
        nonce: BigInt(dm.body.nonce),
        session: u.sessions[0]!.address,
        spendingLimit: 5n,
        expiresAt: chain.body.time + 100,
      }),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SESSION_KEY_EXISTS');
  });

  it('refuses a signer that is not an AUTHORIZED device of the user (40)', async () => {
    const u = await createActivatedUser(t);
    const { res } = await authorize(u, { signer: newKey() });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DEVICE_UNAUTHORIZED');
  });

  it('refuses a call whose target is not the TokenHolder (40)', async () => {
    const u = await createActivatedUser(t);
    const [dm, chain] = await Promise.all([
      u.client.deviceManager(),
      u.client.get('/v1/chain'),
    ]);
    const key = newKey();
    const body = await authorizeBody(u.device.owner, {
      chainId: t.economy.chainId,
      safe: u.safe,
      tokenHolder: u.safe,
      nonce: BigInt(dm.body.nonce),
      session: key.address,
      spendingLimit: 5n,
      expiresAt: chain.body.time + 100,
    });
    const res = await u.client.authorize(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CALLDATA');
  });

  it('refuses a re-encoded safe_tx signature the Safe would reject on chain', async () => {
    const u = await createActivatedUser(t);
    const [dm, chain] = await Promise.all([
      u.client.deviceManager(),
      u.client.get('/v1/chain'),
    ]);
    const body = await authorizeBody(u.device.owner, {
      chainId: t.economy.chainId,
      safe: u.safe,
      tokenHolder: u.tokenHolder,
      nonce: BigInt(dm.body.nonce),
      session: newKey().address,
      spendingLimit: 5n,
      expiresAt: chain.body.time + 100,
    });
    const before = await outboxCount();
    // v 0/1 means "contract signature" / "approved hash" to a Safe: it would revert.
    for (const signature of Object.values(reencodedSignatures(body.safe_tx.signature))) {
      const res = await u.client.authorize({
        ...body,
        safe_tx: { ...body.safe_tx, signature },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_SIGNATURE');
    }
    expect(await outboxCount()).toBe(before);
    expect((await u.client.authorize(body)).status).toBe(202);
  });

  it('answers STALE_SAFE_NONCE for an old or future nonce (41)', async () => {
    const u = await createActivatedUser(t);
    const first = await authorize(u);
    expect(first.res.status).toBe(202);
    const old = await authorize(u, { nonce: 0n });
    expect(old.res.status).toBe(409);
    expect(old.res.body.code).toBe('STALE_SAFE_NONCE');
    expect(old.res.body.details.expected_nonce).toBe('1');
    const future = await authorize(u, { nonce: 7n });
    expect(future.res.body.code).toBe('STALE_SAFE_NONCE');
    expect((await u.client.session(old.key.address)).status).toBe(404);
  });

  it('lets exactly one of two simultaneous authorizations through', async () => {
    const u = await createActivatedUser(t);
    const [dm, chain] = await Promise.all([
      u.client.deviceManager(),
      u.client.get('/v1/chain'),
    ]);
    const keys = [newKey(), newKey()];
    const bodies = await Promise.all(
      keys.map((k) =>
        authorizeBody(u.device.owner, {
          chainId: t.economy.chainId,
          safe: u.safe,
          tokenHolder: u.tokenHolder,
          nonce: BigInt(dm.body.nonce),
          session: k.address,
          spendingLimit: 5n,
          expiresAt: chain.body.time + 100,
        }),
      ),
    );
    const answers = await Promise.all(bodies.map((b) => u.client.authorize(b)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 409]);
    const loser = answers.findIndex((a) => a.status === 409);
    expect(answers[loser]!.body.code).toBe('STALE_SAFE_NONCE');
    const winner = keys[1 - loser]!;
    await waitFor(
      () => u.client.session(winner.address),
      (r) => r.body.status === 'AUTHORIZED',
    );
    expect((await u.client.session(keys[loser]!.address)).status).toBe(404);
    const rows = await t.platform.context.db
      .selectFrom('outbox')
      .select('status')
      .where('user_id', '=', u.userId)
      .where('kind', '=', 'authorize_session')
      .execute();
    expect(rows).toEqual([{ status: 'MINED' }]);
  });

  it('marks FAILED with the reason when the chain refuses it', async () => {
    const u = await createActivatedUser(t);
    // Expires in 2 s by chain time; chain time then jumps before the call is mined.
    await t.devchain.request('evm_setAutomine', [false]);
    try {
      const { key, res } = await authorize(u, { expiresIn: 3 });
      expect(res.status).toBe(202);
      await waitFor(
        () =>
          t.platform.context.db
            .selectFrom('outbox')
            .select('status')
            .where('ref', '=', key.address)
            .executeTakeFirstOrThrow(),
        (r) => r.status === 'SENT',
      );
      await t.devchain.increaseTime(3600);
      const failed = await waitFor(
        () => u.client.session(key.address),
        (r) => r.body.status !== 'INITIALIZING',
      );
      expect(failed.body.status).toBe('FAILED');
      expect(failed.body.failure_reason).toContain('InvalidExpiry');
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
    // The reverted Safe call consumed no nonce: the next authorization uses it.
    const next = await authorize(u);
    expect(next.res.status).toBe(202);
    await waitFor(
      () => u.client.session(next.key.address),
      (r) => r.body.status === 'AUTHORIZED',
    );
  });
});

describe('revoke and logout', () => {
  it('revokes one session; only AUTHORIZED sessions can be revoked (42)', async () => {
    const u = await createActivatedUser(t);
    const session = u.sessions[0]!.address;
    const body = async () => {
      const dm = await u.client.deviceManager();
      return revokeBody(u.device.owner, {
        chainId: t.economy.chainId,
        safe: u.safe,
        tokenHolder: u.tokenHolder,
        nonce: BigInt(dm.body.nonce),
        session,
      });
    };
    const res = await u.client.revoke(session, await body());
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('REVOKING');
    await waitFor(
      () => u.client.session(session),
      (r) => r.body.status === 'REVOKED',
    );
    const again = await u.client.revoke(session, await body());
    expect(again.body.code).toBe('SESSION_NOT_AUTHORIZED');
    const unknown = await u.client.revoke(newKey().address, await body());
    expect(unknown.body.code).toBe('SESSION_NOT_FOUND');
  });

  it('logs out every session, refuses authorizations meanwhile, and the next one reactivates (40, 44)', async () => {
    const u = await createActivatedUser(t, { sessions: 3 });
    await t.devchain.request('evm_setAutomine', [false]);
    let nextNonce: bigint;
    try {
      const dm = await u.client.deviceManager();
      const res = await u.client.logout(
        await logoutBody(u.device.owner, {
          chainId: t.economy.chainId,
          safe: u.safe,
          tokenHolder: u.tokenHolder,
          nonce: BigInt(dm.body.nonce),
        }),
      );
      expect(res.status).toBe(202);
      expect(res.body.status).toBe('LOGGING_OUT');
      nextNonce = BigInt(dm.body.nonce) + 1n;
      const during = await authorize(u, { nonce: nextNonce });
      expect(during.res.status).toBe(422);
      expect(during.res.body.code).toBe('TOKEN_HOLDER_NOT_ACTIVE');
      await t.devchain.mine();
    } finally {
      await t.devchain.request('evm_setAutomine', [true]);
    }
    await waitFor(
      () => u.client.get(`/v1/users/${u.userId}/token-holder`),
      (r) => r.body.status === 'LOGGED_OUT',
    );
    const all = await u.client.get(`/v1/users/${u.userId}/sessions`);
    expect(all.body.sessions.map((s: { status: string }) => s.status)).toEqual([
      'LOGGED_OUT',
      'LOGGED_OUT',
      'LOGGED_OUT',
    ]);
    const authorized = await u.client.get(`/v1/users/${u.userId}/sessions`, {
      status: 'AUTHORIZED',
    });
    expect(authorized.body.sessions).toEqual([]);

    const next = await authorize(u, { nonce: nextNonce });
    expect(next.res.status).toBe(202);
    await waitFor(
      () => u.client.session(next.key.address),
      (r) => r.body.status === 'AUTHORIZED',
    );
    const holder = await u.client.get(`/v1/users/${u.userId}/token-holder`);
    expect(holder.body.status).toBe('ACTIVE');
  });

  it('pages the session list with a cursor', async () => {
    const u = await createActivatedUser(t, { sessions: 5 });
    const first = await u.client.get(`/v1/users/${u.userId}/sessions`, { limit: '2' });
    expect(first.body.sessions).toHaveLength(2);
    const seen = new Set(first.body.sessions.map((s: { address: string }) => s.address));
    let cursor = first.body.next_cursor;
    while (cursor) {
      const page = await u.client.get(`/v1/users/${u.userId}/sessions`, {
        limit: '2',
        cursor,
      });
      for (const s of page.body.sessions) seen.add(s.address);
      cursor = page.body.next_cursor;
    }
    expect(seen.size).toBe(5);
  });
});
