/** Authorizing a second device of a user through the Safe (addOwnerWithThreshold). */
import { safeAbi } from '@ost-wallet/contracts';
import { type Address, encodeFunctionData, type LocalAccount } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivatedUser, createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  authorizeBody,
  deviceClient,
  newDevice,
  newKey,
  partnerClient,
  signSafeTx,
  type TestDevice,
  waitFor,
} from './helpers/testClients.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

/** Registers a second device for the user through the partner API. */
async function registerSecondDevice(u: ActivatedUser) {
  const device = newDevice(u.userId);
  const res = await partnerClient(t.platform.app, t.partner).registerDevice(
    u.userId,
    device,
  );
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { device, client: deviceClient(t.platform.app, device) };
}

async function authorizeDeviceBody(
  u: ActivatedUser,
  device: TestDevice,
  overrides: {
    signer?: LocalAccount;
    owner?: Address;
    to?: Address;
    nonce?: bigint;
  } = {},
) {
  const dm = await u.client.deviceManager();
  return {
    device_address: device.owner.address,
    safe_tx: await signSafeTx(overrides.signer ?? u.device.owner, {
      chainId: t.economy.chainId,
      safe: u.safe,
      to: overrides.to ?? u.safe,
      data: encodeFunctionData({
        abi: safeAbi,
        functionName: 'addOwnerWithThreshold',
        args: [overrides.owner ?? device.owner.address, 1n],
      }),
      nonce: overrides.nonce ?? BigInt(dm.body.nonce),
    }),
  };
}

function postAuthorize(
  client: ReturnType<typeof deviceClient>,
  userId: string,
  body: unknown,
) {
  return client.request('POST', `/v1/users/${userId}/devices/authorize`, body);
}

async function owners(safe: Address) {
  return t.platform.context.publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: 'getOwners',
  });
}

async function outboxCount() {
  const rows = await t.platform.context.db.selectFrom('outbox').select('id').execute();
  return rows.length;
}

describe('device authorization', () => {
  it('adds the requesting device as a Safe owner; it then authorizes sessions itself', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const res = await postAuthorize(
      second.client,
      u.userId,
      await authorizeDeviceBody(u, second.device),
    );
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('AUTHORIZING');
    expect(res.body.address).toBe(second.device.owner.address);

    const done = await waitFor(
      () => second.client.get(`/v1/users/${u.userId}/devices/current`),
      (r) => r.body.status !== 'AUTHORIZING',
    );
    expect(done.body.status).toBe('AUTHORIZED');
    expect(done.body.failure_reason).toBeNull();
    expect(await owners(u.safe)).toContain(second.device.owner.address);

    const [dm, chain] = await Promise.all([
      second.client.deviceManager(),
      second.client.get('/v1/chain'),
    ]);
    const key = newKey();
    const session = await second.client.authorize(
      await authorizeBody(second.device.owner, {
        chainId: t.economy.chainId,
        safe: u.safe,
        tokenHolder: u.tokenHolder,
        nonce: BigInt(dm.body.nonce),
        session: key.address,
        spendingLimit: 5n,
        expiresAt: chain.body.time + 600,
      }),
    );
    expect(session.status).toBe(202);
    const authorized = await waitFor(
      () => second.client.session(key.address),
      (r) => r.body.status !== 'INITIALIZING',
    );
    expect(authorized.body.status).toBe('AUTHORIZED');
  });

  it('refuses a call other than addOwnerWithThreshold(device, 1) on the Safe', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const before = await outboxCount();
    const otherOwner = await authorizeDeviceBody(u, second.device, {
      owner: newKey().address,
    });
    const otherTarget = await authorizeDeviceBody(u, second.device, {
      to: u.tokenHolder,
    });
    for (const body of [otherOwner, otherTarget]) {
      const res = await postAuthorize(second.client, u.userId, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_CALLDATA');
    }
    expect(await outboxCount()).toBe(before);
    const device = await second.client.get(`/v1/users/${u.userId}/devices/current`);
    expect(device.body.status).toBe('REGISTERED');
  });

  it('refuses a signer that is not an AUTHORIZED device of the user', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const other = await createActivatedUser(t);
    for (const signer of [second.device.owner, newKey(), other.device.owner]) {
      const res = await postAuthorize(
        second.client,
        u.userId,
        await authorizeDeviceBody(u, second.device, { signer }),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DEVICE_UNAUTHORIZED');
    }
  });

  it('answers STALE_SAFE_NONCE when the nonce is not the next one or is already claimed', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const stale = await postAuthorize(
      second.client,
      u.userId,
      await authorizeDeviceBody(u, second.device, { nonce: 5n }),
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_SAFE_NONCE');

    // A session authorization takes the nonce between signing and sending.
    const body = await authorizeDeviceBody(u, second.device);
    const chain = await u.client.get('/v1/chain');
    const session = await u.client.authorize(
      await authorizeBody(u.device.owner, {
        chainId: t.economy.chainId,
        safe: u.safe,
        tokenHolder: u.tokenHolder,
        nonce: BigInt(body.safe_tx.nonce),
        session: newKey().address,
        spendingLimit: 5n,
        expiresAt: chain.body.time + 600,
      }),
    );
    expect(session.status).toBe(202);
    const claimed = await postAuthorize(second.client, u.userId, body);
    expect(claimed.status).toBe(409);
    expect(claimed.body.code).toBe('STALE_SAFE_NONCE');
    const device = await second.client.get(`/v1/users/${u.userId}/devices/current`);
    expect(device.body.status).toBe('REGISTERED');
  });

  it('refuses a device_address other than the requesting device, and a device not REGISTERED', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const third = await registerSecondDevice(u);
    const res = await postAuthorize(
      second.client,
      u.userId,
      await authorizeDeviceBody(u, third.device),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');

    const self = await postAuthorize(
      u.client,
      u.userId,
      await authorizeDeviceBody(u, u.device),
    );
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('DEVICE_NOT_REGISTERED');
  });

  it('puts the device back to REGISTERED with the reason when the chain refuses it', async () => {
    const u = await createActivatedUser(t);
    const second = await registerSecondDevice(u);
    const first = await postAuthorize(
      second.client,
      u.userId,
      await authorizeDeviceBody(u, second.device),
    );
    expect(first.status).toBe(202);
    const path = `/v1/users/${u.userId}/devices/current`;
    await waitFor(
      () => second.client.get(path),
      (r) => r.body.status === 'AUTHORIZED',
    );
    // The database forgets the device is an owner: the Safe refuses to add it twice.
    await t.platform.context.db
      .updateTable('devices')
      .set({ status: 'REGISTERED' })
      .where('address', '=', second.device.owner.address)
      .execute();
    const again = await postAuthorize(
      second.client,
      u.userId,
      await authorizeDeviceBody(u, second.device),
    );
    expect(again.status).toBe(202);
    const failed = await waitFor(
      () => second.client.get(path),
      (r) => r.body.status !== 'AUTHORIZING',
    );
    expect(failed.body.status).toBe('REGISTERED');
    // GS204: address is already an owner.
    expect(failed.body.failure_reason).toMatch(/GS204/);
  });
});
