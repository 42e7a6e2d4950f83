import { headers, signDeviceRequest } from '@ost-wallet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivatedUser, createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  deviceClient,
  newDevice,
  newKey,
  partnerClient,
  reencodedSignatures,
  send,
} from './helpers/testClients.ts';

let t: TestPlatform;
let alice: ActivatedUser;
let bob: ActivatedUser;
beforeAll(async () => {
  t = await startTestPlatform();
  [alice, bob] = await Promise.all([createActivatedUser(t), createActivatedUser(t)]);
});
afterAll(async () => {
  await t?.close();
});

const now = () => Math.floor(Date.now() / 1000);

describe('partner authentication', () => {
  it('refuses an unsigned request', async () => {
    const res = await send(t.platform.app, 'POST', '/v1/partner/users', { body: {} });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      code: 'UNAUTHORIZED',
      request_id: expect.any(String),
    });
  });

  it('refuses a wrong secret and a wrong key', async () => {
    const wrongSecret = partnerClient(t.platform.app, {
      ...t.partner,
      apiSecret: 'nope',
    });
    expect((await wrongSecret.createUser()).body.code).toBe('UNAUTHORIZED');
    const wrongKey = partnerClient(t.platform.app, { ...t.partner, apiKey: 'ak_other' });
    expect((await wrongKey.createUser()).body.code).toBe('UNAUTHORIZED');
  });

  it('refuses a timestamp outside 100 s, in either direction', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    for (const timestamp of [now() - 101, now() + 101]) {
      const res = await partner.request('POST', '/v1/partner/users', {}, { timestamp });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('REQUEST_EXPIRED');
    }
  });

  it('refuses a replayed POST and creates nothing', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const extra = { timestamp: now(), query: { nonce: 'fixed-nonce' } };
    const first = await partner.request('POST', '/v1/partner/users', {}, extra);
    expect(first.status).toBe(201);
    const before = await t.platform.context.db.selectFrom('users').select('id').execute();
    const again = await partner.request('POST', '/v1/partner/users', {}, extra);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('REQUEST_REPLAYED');
    const after = await t.platform.context.db.selectFrom('users').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('refuses a body changed after signing', async () => {
    const timestamp = now();
    const { signPartnerRequest } = await import('@ost-wallet/protocol');
    const path = `/v1/partner/users/${alice.userId}/fund`;
    const signature = signPartnerRequest(
      { method: 'POST', path, query: {}, body: { amount: '1' }, timestamp },
      t.partner,
    );
    const res = await send(t.platform.app, 'POST', path, {
      body: { amount: '1000000' },
      headers: {
        [headers.apiKey]: t.partner.apiKey,
        [headers.timestamp]: String(timestamp),
        [headers.signature]: signature,
      },
    });
    expect(res.status).toBe(401);
  });
});

describe('device authentication', () => {
  it('refuses an unsigned request', async () => {
    const res = await send(t.platform.app, 'GET', `/v1/users/${alice.userId}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('refuses a signature by a key other than the API signer', async () => {
    const impostor = deviceClient(t.platform.app, {
      ...alice.device,
      apiSigner: newKey(),
    });
    const res = await impostor.user();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('refuses the device owner key signing instead of the API signer', async () => {
    const ownerSigned = deviceClient(t.platform.app, {
      ...alice.device,
      apiSigner: alice.device.owner,
    });
    expect((await ownerSigned.user()).status).toBe(401);
  });

  it('refuses an expired timestamp', async () => {
    const res = await alice.client.request(
      'GET',
      `/v1/users/${alice.userId}`,
      undefined,
      {
        timestamp: now() - 150,
      },
    );
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('REQUEST_EXPIRED');
  });

  it('refuses a malformed signature header', async () => {
    const res = await send(t.platform.app, 'GET', `/v1/users/${alice.userId}`, {
      headers: {
        [headers.userId]: alice.userId,
        [headers.device]: alice.device.owner.address,
        [headers.timestamp]: String(now()),
        [headers.signature]: '0x1234',
      },
    });
    expect(res.status).toBe(401);
  });

  it('refuses a replayed POST signature', async () => {
    const path = `/v1/users/${alice.userId}/activate`;
    const body = { recovery_owner_address: newKey().address, sessions: [] };
    const timestamp = now();
    const signature = await signDeviceRequest(
      { method: 'POST', path, query: {}, body, timestamp },
      {
        userId: alice.userId,
        deviceAddress: alice.device.owner.address,
        apiSigner: alice.device.apiSigner,
      },
    );
    const h = {
      [headers.userId]: alice.userId,
      [headers.device]: alice.device.owner.address,
      [headers.timestamp]: String(timestamp),
      [headers.signature]: signature,
    };
    const first = await send(t.platform.app, 'POST', path, { body, headers: h });
    expect(first.body.code).toBe('USER_ALREADY_ACTIVATED');
    const replay = await send(t.platform.app, 'POST', path, { body, headers: h });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REQUEST_REPLAYED');
  });

  it('refuses a replayed POST whose signature was re-encoded (v 0/1, high s)', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    const path = `/v1/users/${user.body.id}/activate`;
    const body = { recovery_owner_address: '0xzz', sessions: [] };
    const timestamp = now();
    const signature = await signDeviceRequest(
      { method: 'POST', path, query: {}, body, timestamp },
      {
        userId: user.body.id,
        deviceAddress: device.owner.address,
        apiSigner: device.apiSigner,
      },
    );
    const h = (sig: string) => ({
      [headers.userId]: user.body.id,
      [headers.device]: device.owner.address,
      [headers.timestamp]: String(timestamp),
      [headers.signature]: sig,
    });
    const first = await send(t.platform.app, 'POST', path, {
      body,
      headers: h(signature),
    });
    expect(first.body.code).toBe('INVALID_PARAMETER');
    const { lowV, highS } = reencodedSignatures(signature);
    for (const sig of [lowV, highS]) {
      const replay = await send(t.platform.app, 'POST', path, { body, headers: h(sig) });
      expect(replay.status).toBe(401);
      expect(['REQUEST_REPLAYED', 'UNAUTHORIZED']).toContain(replay.body.code);
    }
  });

  it('does not let a device read or act on another user', async () => {
    const paths = [
      `/v1/users/${bob.userId}`,
      `/v1/users/${bob.userId}/sessions`,
      `/v1/users/${bob.userId}/balance`,
      `/v1/users/${bob.userId}/salt`,
      `/v1/users/${bob.userId}/device-manager`,
    ];
    for (const path of paths) {
      const res = await alice.client.request('GET', path);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const act = await alice.client.request('POST', `/v1/users/${bob.userId}/logout`, {
      safe_tx: {},
    });
    expect(act.status).toBe(403);
    // Claiming to be the other user in the headers does not help either.
    const claimed = await alice.client.request(
      'GET',
      `/v1/users/${bob.userId}`,
      undefined,
      {
        userId: bob.userId,
      },
    );
    expect(claimed.status).toBe(401);
  });

  it('refuses a revoked device', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const user = await partner.createUser();
    const device = newDevice(user.body.id);
    await partner.registerDevice(user.body.id, device);
    const client = deviceClient(t.platform.app, device);
    expect((await client.user()).status).toBe(200);
    // NOTE: no device-revocation route yet; the state is set directly.
    await t.platform.context.db
      .updateTable('devices')
      .set({ status: 'REVOKED' })
      .where('address', '=', device.owner.address)
      .execute();
    const res = await client.user();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('accepts a signed request over real HTTP', async () => {
    const url = await t.platform.listen({ port: 0 });
    const client = deviceClient(url, alice.device);
    const res = await client.user();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ACTIVATED');
  });
});
