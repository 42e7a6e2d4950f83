/**
 * Bad input on every POST route: wrong types, huge numbers, negative and decimal
 * amounts, malformed addresses and hex, missing and extra fields. Each answer is a 4xx
 * with a catalog code, and nothing in the database changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivatedUser, createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import {
  authorizeBody,
  executeBody,
  logoutBody,
  newDevice,
  newKey,
  partnerClient,
  revokeBody,
} from './helpers/testClients.ts';

let t: TestPlatform;
let alice: ActivatedUser;
let fresh: {
  userId: string;
  client: ReturnType<typeof import('./helpers/testClients.ts').deviceClient>;
};

beforeAll(async () => {
  t = await startTestPlatform();
  alice = await createActivatedUser(t, { fund: 10n ** 20n });
  const partner = partnerClient(t.platform.app, t.partner);
  const user = await partner.createUser();
  const device = newDevice(user.body.id);
  await partner.registerDevice(user.body.id, device);
  const { deviceClient } = await import('./helpers/testClients.ts');
  fresh = { userId: user.body.id, client: deviceClient(t.platform.app, device) };
});
afterAll(async () => {
  await t?.close();
});

async function counts() {
  const db = t.platform.context.db;
  const tables = [
    'users',
    'devices',
    'sessions',
    'transactions',
    'fundings',
    'outbox',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    out[table] = await db.selectFrom(table).selectAll().execute();
  }
  return out;
}

const BAD_ADDRESSES = ['0x123', 'not-an-address', 12, null, `0x${'g'.repeat(40)}`];
const BAD_AMOUNTS = [
  '-1',
  '1.5',
  '1e18',
  '',
  ' 1',
  '0x10',
  5,
  -5,
  1.5,
  `1${'0'.repeat(80)}`,
  '01',
];

function set(obj: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let cursor = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete cursor[last];
  else cursor[last] = value;
  return copy;
}

function variants(valid: unknown, fields: Record<string, unknown[]>): unknown[] {
  const out: unknown[] = [
    set(valid, ['unexpected_field'], 'x'),
    'a string body',
    [valid],
    null,
  ];
  for (const [name, bads] of Object.entries(fields)) {
    // A leading '?' marks an optional or unknown field: leaving it out is valid.
    const optional = name.startsWith('?');
    const path = name.replace(/^\?/, '').split('.');
    if (!optional) out.push(set(valid, path, undefined));
    for (const bad of bads) out.push(set(valid, path, bad));
  }
  return out;
}

async function expectRefusedUnchanged(
  send: (body: unknown) => Promise<{ status: number; body: { code?: string } }>,
  bodies: unknown[],
) {
  const before = await counts();
  for (const body of bodies) {
    const res = await send(body);
    expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    expect(typeof res.body.code).toBe('string');
  }
  await t.platform.tick();
  expect(await counts()).toEqual(before);
}

describe('bad input is refused and changes nothing', () => {
  it('POST /v1/partner/users', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    await expectRefusedUnchanged(
      (body) => partner.request('POST', '/v1/partner/users', body),
      [{ name: 'x' }, [], 'x', 5],
    );
  });

  it('POST /v1/partner/users/:id/devices', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const valid = { address: newKey().address, api_signer_address: newKey().address };
    await expectRefusedUnchanged(
      (body) =>
        partner.request('POST', `/v1/partner/users/${fresh.userId}/devices`, body),
      [
        ...variants(valid, { address: BAD_ADDRESSES, api_signer_address: BAD_ADDRESSES }),
        { address: valid.address, api_signer_address: valid.address },
      ],
    );
    const unknownUser = await partner.request(
      'POST',
      '/v1/partner/users/nobody/devices',
      valid,
    );
    expect(unknownUser.body.code).toBe('USER_NOT_FOUND');
  });

  it('POST /v1/partner/users/:id/fund', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    await expectRefusedUnchanged(
      (body) => partner.request('POST', `/v1/partner/users/${alice.userId}/fund`, body),
      [...variants({ amount: '10' }, { amount: BAD_AMOUNTS }), { amount: '0' }],
    );
    const notActivated = await partner.request(
      'POST',
      `/v1/partner/users/${fresh.userId}/fund`,
      { amount: '1' },
    );
    expect(notActivated.body.code).toBe('USER_NOT_ACTIVATED');
  });

  it('POST /v1/users/:id/activate', async () => {
    const chain = await fresh.client.get('/v1/chain');
    const session = {
      address: newKey().address,
      spending_limit: '100',
      expires_at: chain.body.time + 3600,
    };
    const valid = { recovery_owner_address: newKey().address, sessions: [session] };
    await expectRefusedUnchanged(
      (body) => fresh.client.activate(body),
      [
        ...variants(valid, {
          recovery_owner_address: [
            ...BAD_ADDRESSES,
            '0x0000000000000000000000000000000000000000',
          ],
          sessions: ['x', {}, 5],
          'sessions.0.address': BAD_ADDRESSES,
          'sessions.0.spending_limit': [...BAD_AMOUNTS, '0'],
          'sessions.0.expires_at': ['1', -1, 1.5, 2 ** 60, chain.body.time - 10, 0],
        }),
        {
          ...valid,
          sessions: Array.from({ length: 6 }, () => ({
            ...session,
            address: newKey().address,
          })),
        },
        { ...valid, sessions: [session, session] },
        { ...valid, sessions: [{ ...session, spending_limit: (2n ** 128n).toString() }] },
        {
          ...valid,
          sessions: [{ ...session, expires_at: chain.body.time + 2 * 365 * 24 * 3600 }],
        },
      ],
    );
  });

  it('POST /v1/users/:id/sessions', async () => {
    const chain = await alice.client.get('/v1/chain');
    const dm = await alice.client.deviceManager();
    const valid = await authorizeBody(alice.device.owner, {
      chainId: t.economy.chainId,
      safe: alice.safe,
      tokenHolder: alice.tokenHolder,
      nonce: BigInt(dm.body.nonce),
      session: newKey().address,
      spendingLimit: 100n,
      expiresAt: chain.body.time + 600,
    });
    await expectRefusedUnchanged(
      (body) => alice.client.authorize(body),
      [
        ...variants(valid, {
          address: BAD_ADDRESSES,
          spending_limit: [...BAD_AMOUNTS, '0'],
          expires_at: ['1', 1.5, -1, chain.body.time - 5],
          safe_tx: ['x', {}],
          'safe_tx.to': BAD_ADDRESSES,
          'safe_tx.value': BAD_AMOUNTS,
          'safe_tx.data': ['0x1', 'zz', 5, '0xzz'],
          'safe_tx.operation': [2, '0', -1],
          'safe_tx.nonce': BAD_AMOUNTS,
          'safe_tx.signature': ['0x', '0x1234', 5, `0x${'z'.repeat(130)}`],
          '?safe_tx.extra': ['x'],
        }),
        // Readable fields that disagree with the signed call.
        { ...valid, spending_limit: '101' },
        { ...valid, address: newKey().address },
        set(valid, ['safe_tx', 'value'], '1'),
        set(valid, ['safe_tx', 'operation'], 1),
        set(valid, ['safe_tx', 'to'], alice.safe),
      ],
    );
  });

  it('POST /v1/users/:id/sessions/:address/revoke and /logout', async () => {
    const dm = await alice.client.deviceManager();
    const session = alice.sessions[0]!.address;
    const valid = await revokeBody(alice.device.owner, {
      chainId: t.economy.chainId,
      safe: alice.safe,
      tokenHolder: alice.tokenHolder,
      nonce: BigInt(dm.body.nonce),
      session,
    });
    const fields = {
      safe_tx: ['x', {}],
      'safe_tx.data': ['0x1', 5],
      'safe_tx.signature': ['0x12', null],
      'safe_tx.nonce': BAD_AMOUNTS,
    };
    await expectRefusedUnchanged(
      (body) => alice.client.revoke(session, body),
      variants(valid, fields),
    );
    const bad = await alice.client.request(
      'POST',
      `/v1/users/${alice.userId}/sessions/0x12/revoke`,
      valid,
    );
    expect(bad.body.code).toBe('INVALID_PARAMETER');
    const logout = await logoutBody(alice.device.owner, {
      chainId: t.economy.chainId,
      safe: alice.safe,
      tokenHolder: alice.tokenHolder,
      nonce: BigInt(dm.body.nonce),
    });
    await expectRefusedUnchanged(
      (body) => alice.client.logout(body),
      [...variants(logout, fields), valid],
    );
  });

  it('POST /v1/users/:id/transactions', async () => {
    const bob = newKey().address;
    const valid = await executeBody(alice.sessions[0]!, {
      chainId: t.economy.chainId,
      tokenHolder: alice.tokenHolder,
      tokenRules: t.economy.tokenRules,
      nonce: 0n,
      transfers: [{ to: bob, amount: 10n }],
    });
    await expectRefusedUnchanged(
      (body) => alice.client.execute(body),
      [
        ...variants(valid, {
          session_address: BAD_ADDRESSES,
          rule_name: ['pay', 5, ''],
          transfers: ['x', [], {}],
          'transfers.0.to': BAD_ADDRESSES,
          'transfers.0.amount': [...BAD_AMOUNTS, '0'],
          '?transfers.0.memo': ['x'],
          data: ['0x1', 'nothex', 7],
          nonce: BAD_AMOUNTS,
          signature: ['0x', '0x00', `0x${'0'.repeat(131)}`],
          '?meta': ['x', { name: 'x'.repeat(26) }, { other: 'x' }],
        }),
        { ...valid, nonce: '1' },
        { ...valid, data: '0x00' },
        { ...valid, transfers: [{ to: bob, amount: '11' }] },
      ],
    );
  });
});

describe('validation errors', () => {
  it('name the field and use INVALID_PARAMETER', async () => {
    const partner = partnerClient(t.platform.app, t.partner);
    const res = await partner.request('POST', `/v1/partner/users/${alice.userId}/fund`, {
      amount: 5,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'INVALID_PARAMETER',
      details: { field: 'amount' },
    });
    const extra = await partner.request(
      'POST',
      `/v1/partner/users/${alice.userId}/fund`,
      {
        amount: '5',
        to: '0x0',
      },
    );
    expect(extra.body).toMatchObject({
      code: 'INVALID_PARAMETER',
      details: { field: 'to' },
    });
  });

  it('answers malformed JSON, unknown routes and oversized bodies with an ErrorBody', async () => {
    const app = t.platform.app;
    const broken = await app.inject({
      method: 'POST',
      url: '/v1/partner/users',
      headers: { 'content-type': 'application/json' },
      payload: '{"oops":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({
      code: 'INVALID_PARAMETER',
      request_id: expect.any(String),
    });
    const missing = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    const huge = await app.inject({
      method: 'POST',
      url: '/v1/partner/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'y'.repeat(300_000) }),
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().code).toBe('INVALID_PARAMETER');
  });
});
