/**
 * End to end against the real platform (`startEmbeddedPlatform`: anvil, a deployed
 * economy, the HTTP API, relayer and watcher) in a temp data dir. The app server's
 * side (create user, register device, fund) goes through the partner client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  type EmbeddedPlatform,
  startEmbeddedPlatform,
} from '@ost-wallet/platform';
import {
  createPartnerClient,
  type PartnerClient,
  type Session,
  type User,
} from '@ost-wallet/protocol';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContextEntity,
  createMemoryStorage,
  createWalletSdk,
  generateDeviceMnemonic,
  generatePrivateKey,
  toSmallestUnit,
  type WalletSdk,
  type WorkflowDelegate,
  type WorkflowHandle,
} from '../src/index.ts';

const PREFIX = 'ost-wallet-e2e-passphrase-prefix-0001';
const PIN = '246810';
const LIGHT = { pin: { N: 2 ** 10, r: 1, p: 1 }, keystore: { N: 2 ** 10, r: 8, p: 1 } };

type Event = { method: string; arg?: unknown };

/** Every log line and every interrupt error of the run, to check for leaked secrets. */
const logLines: string[] = [];
const interruptErrors: unknown[] = [];
let deviceWords: string[] = [];
/** `METHOD /path` of every request the SDK sends, in order. */
const requests: string[] = [];

/** A delegate that answers like an app: registers through the partner API, types the PIN. */
function appDelegate(partner: PartnerClient, pins: string[] = [PIN]) {
  const events: Event[] = [];
  let pinIndex = 0;
  const answer = (accept: { pinEntered(pin: string, prefix?: string): void }) =>
    accept.pinEntered(pins[Math.min(pinIndex++, pins.length - 1)] ?? PIN, PREFIX);
  const delegate: WorkflowDelegate = {
    registerDevice(params, callback) {
      events.push({ method: 'registerDevice', arg: params });
      partner
        .registerDevice(params.user_id, {
          address: params.device_address,
          api_signer_address: params.api_signer_address,
        })
        .then(
          (device) => callback.deviceRegistered(device),
          () => callback.cancelFlow(),
        );
    },
    getPin(_c, _u, accept) {
      events.push({ method: 'getPin' });
      answer(accept);
    },
    invalidPin(_c, _u, accept) {
      events.push({ method: 'invalidPin' });
      answer(accept);
    },
    pinValidated: () => events.push({ method: 'pinValidated' }),
    requestAcknowledged: (_c, e) =>
      events.push({ method: 'requestAcknowledged', arg: e }),
    flowComplete: (_c, e) => events.push({ method: 'flowComplete', arg: e }),
    flowInterrupt: (_c, e) => {
      interruptErrors.push(e);
      events.push({ method: 'flowInterrupt', arg: e });
    },
  };
  return { delegate, events, methods: () => events.map((e) => e.method) };
}

async function failureOf(
  handle: WorkflowHandle,
): Promise<{ code: string; details: Record<string, unknown> }> {
  return handle.result.then(
    () => ({ code: 'none', details: {} }),
    (e: { code: string; details: Record<string, unknown> }) => e,
  );
}

let dataDir: string;
let embedded: EmbeddedPlatform;
let partner: PartnerClient;
let sdk: WalletSdk;
let user: User;
let decimals: number;
const tokens = (n: string) => toSmallestUnit(n, decimals);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ost-sdk-e2e-'));
  embedded = await startEmbeddedPlatform({
    dataDir,
    logger: createLogger({ level: 'silent' }),
  });
  partner = createPartnerClient({ platformUrl: embedded.url, ...embedded.partner });
  sdk = createWalletSdk({
    platformUrl: embedded.url,
    storage: createMemoryStorage(),
    storagePassword: 'e2e storage password',
    pollIntervalMs: 100,
    pollTimeoutMs: 60_000,
    scrypt: LIGHT,
    // Long enough that the reads of one transfer are still reused at the next.
    reuseReadsForMs: 600_000,
    fetch: (url, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    },
    logger: Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (message: string, fields?: Record<string, unknown>) =>
          logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
      ]),
    ),
  });
  user = await partner.createUser();
});

afterAll(async () => {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.sequential('wallet SDK against the embedded platform', () => {
  let session: Session;
  const recipient = privateKeyToAccount(generatePrivateKey()).address;

  it('sets up the device, registering it through the partner API', async () => {
    const app = appDelegate(partner);
    const { entity: device } = await sdk.setupDevice(user.id, user.token_id, app.delegate)
      .result;
    expect(device).toMatchObject({ user_id: user.id, status: 'REGISTERED' });
    expect(app.methods()).toEqual(['registerDevice', 'flowComplete']);
    expect(await sdk.getCurrentDevice(user.id)).toMatchObject({
      address: (device as { address: string }).address,
    });
    decimals = (await sdk.getToken(user.id)).decimals;

    // A second setup finds the device registered and asks nothing.
    const again = appDelegate(partner);
    await sdk.setupDevice(user.id, user.token_id, again.delegate).result;
    expect(again.methods()).toEqual(['flowComplete']);
  });

  it('activates the user with a first session', async () => {
    const app = appDelegate(partner);
    const { entity } = await sdk.activateUser(
      user.id,
      PIN,
      PREFIX,
      3600,
      tokens('1'),
      app.delegate,
    ).result;
    expect(entity).toMatchObject({ id: user.id, status: 'ACTIVATED' });
    expect(app.methods()).toEqual(['requestAcknowledged', 'flowComplete']);
    expect(await sdk.getActiveSessions(user.id)).toHaveLength(1);
  });

  it('adds a session: PIN, requestAcknowledged, then flowComplete with the AUTHORIZED session', async () => {
    const app = appDelegate(partner);
    const handle = sdk.addSession(user.id, tokens('5'), 3600, app.delegate);
    const { entity } = await handle.result;
    session = entity;
    expect(session).toMatchObject({
      status: 'AUTHORIZED',
      spending_limit: tokens('5').toString(),
    });
    expect(app.methods()).toEqual([
      'getPin',
      'pinValidated',
      'requestAcknowledged',
      'flowComplete',
    ]);
    const ack = app.events[2]?.arg as ContextEntity<Session>;
    expect(ack.entityType).toBe('SESSION');
    expect(ack.entity.address).toBe(session.address);
  });

  it('runs two concurrent addSession calls for one user to completion', async () => {
    const a = appDelegate(partner);
    const b = appDelegate(partner);
    const [x, y] = await Promise.all([
      sdk.addSession(user.id, tokens('2'), 3600, a.delegate).result,
      sdk.addSession(user.id, tokens('2'), 3600, b.delegate).result,
    ]);
    expect(x.entity.status).toBe('AUTHORIZED');
    expect(y.entity.status).toBe('AUTHORIZED');
    expect(x.entity.address).not.toBe(y.entity.address);
    expect(a.methods().filter((m) => m === 'flowComplete')).toHaveLength(1);
    expect(b.methods().filter((m) => m === 'flowComplete')).toHaveLength(1);
  });

  it('executes a transfer within the limit and moves the balance', async () => {
    const funding = await partner.fundUser(user.id, tokens('100').toString());
    for (let i = 0; i < 200; i++) {
      const f = await partner.getFunding(user.id, funding.id);
      if (f.status === 'SUCCESS') break;
      if (f.status === 'FAILED') throw new Error(`funding failed: ${f.failure_reason}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = BigInt((await sdk.getBalance(user.id)).available_balance);
    expect(before).toBe(tokens('100'));

    const app = appDelegate(partner);
    const { entity: tx } = await sdk.executeTransaction(
      user.id,
      [recipient],
      [tokens('4')],
      'direct transfer',
      { name: 'e2e', type: 'user_to_user' },
      app.delegate,
    ).result;
    expect(tx.status).toBe('SUCCESS');
    expect(app.methods()).toEqual(['requestAcknowledged', 'flowComplete']);
    expect(BigInt((await sdk.getBalance(user.id)).available_balance)).toBe(
      before - tokens('4'),
    );
  });

  it('orders concurrent transfers on one session by nonce', async () => {
    const before = BigInt((await sdk.getBalance(user.id)).available_balance);
    // Only the 5-token session fits 3 tokens: both calls must share it.
    const results = await Promise.all(
      [1, 2].map(
        () =>
          sdk.executeTransaction(
            user.id,
            [recipient],
            [tokens('3')],
            'direct transfer',
            null,
            appDelegate(partner).delegate,
          ).result,
      ),
    );
    expect(results.map((r) => r.entity.session_address)).toEqual([
      session.address,
      session.address,
    ]);
    expect(results.map((r) => r.entity.nonce).sort()).toEqual(['1', '2']);
    expect(BigInt((await sdk.getBalance(user.id)).available_balance)).toBe(
      before - tokens('6'),
    );
  });

  it('reuses its reads: a steady-state transfer sends its POST and polls, nothing else', async () => {
    requests.length = 0;
    const { entity: tx } = await sdk.executeTransaction(
      user.id,
      [recipient],
      [tokens('1')],
      'direct transfer',
      null,
      appDelegate(partner).delegate,
    ).result;
    expect(tx.status).toBe('SUCCESS');
    const poll = `GET /v1/users/${user.id}/transactions/${tx.id}`;
    expect(requests.filter((r) => r !== poll)).toEqual([
      `POST /v1/users/${user.id}/transactions`,
    ]);
  });

  it('decides SPENDING_LIMIT_EXCEEDED on fresh sessions and chain time, not reused ones', async () => {
    requests.length = 0;
    const failure = await failureOf(
      sdk.executeTransaction(
        user.id,
        [recipient],
        [tokens('6')],
        'direct transfer',
        null,
        appDelegate(partner).delegate,
      ),
    );
    expect(failure.code).toBe('SPENDING_LIMIT_EXCEEDED');
    expect(requests).toEqual(
      expect.arrayContaining([
        `GET /v1/users/${user.id}/devices/current`,
        `GET /v1/users/${user.id}`,
        `GET /v1/users/${user.id}/sessions`,
        'GET /v1/chain',
      ]),
    );
  });

  it('refuses a transfer over every limit with SPENDING_LIMIT_EXCEEDED and moves nothing', async () => {
    const before = (await sdk.getBalance(user.id)).available_balance;
    const app = appDelegate(partner);
    const failure = await failureOf(
      sdk.executeTransaction(
        user.id,
        [recipient],
        [tokens('6')],
        'direct transfer',
        null,
        app.delegate,
      ),
    );
    expect(failure.code).toBe('SPENDING_LIMIT_EXCEEDED');
    expect(app.methods()).toEqual(['flowInterrupt']);
    expect((await sdk.getBalance(user.id)).available_balance).toBe(before);
  });

  it('ends addSession after three wrong PINs with MAX_PIN_ATTEMPTS and no chain action', async () => {
    const sessionsBefore = (await sdk.getSessions(user.id)).length;
    const blockBefore = await embedded.devchain.request<string>('eth_blockNumber');
    const app = appDelegate(partner, ['135792', '864213', '975310']);
    const failure = await failureOf(
      sdk.addSession(user.id, tokens('1'), 3600, app.delegate),
    );
    expect(failure.code).toBe('MAX_PIN_ATTEMPTS');
    expect(app.methods()).toEqual([
      'getPin',
      'invalidPin',
      'invalidPin',
      'flowInterrupt',
    ]);
    expect((await sdk.getSessions(user.id)).length).toBe(sessionsBefore);
    expect(await embedded.devchain.request<string>('eth_blockNumber')).toBe(blockBefore);
  });

  it('cancels addSession during the PIN prompt with WORKFLOW_CANCELLED', async () => {
    const events: string[] = [];
    let handle!: WorkflowHandle;
    handle = sdk.addSession(user.id, tokens('1'), 3600, {
      getPin: () => {
        events.push('getPin');
        handle.cancel();
      },
      flowComplete: () => events.push('flowComplete'),
      flowInterrupt: (_c, e) => events.push(`flowInterrupt:${e.code}`),
    });
    expect((await failureOf(handle)).code).toBe('WORKFLOW_CANCELLED');
    expect(events).toEqual(['getPin', 'flowInterrupt:WORKFLOW_CANCELLED']);
  });

  it('finishes addSession once even when every optional delegate method throws', async () => {
    const app = appDelegate(partner);
    const boom = () => {
      throw new Error('app bug');
    };
    const delegate: WorkflowDelegate = {
      ...app.delegate,
      getPin: (c, u, accept) => {
        app.delegate.getPin?.(c, u, accept);
        boom();
      },
      pinValidated: boom,
      requestAcknowledged: boom,
    };
    const { entity } = await sdk.addSession(user.id, tokens('1'), 3600, delegate).result;
    expect(entity.status).toBe('AUTHORIZED');
    expect(app.methods()).toEqual(['getPin', 'flowComplete']);
  });

  it('a process that died mid-addSession blocks nothing: a new instance reconciles and adds', async () => {
    const storage = createMemoryStorage();
    const other = await partner.createUser();
    const base = {
      platformUrl: embedded.url,
      storage,
      storagePassword: 'another password',
      pollIntervalMs: 100,
      pollTimeoutMs: 60_000,
      scrypt: LIGHT,
    };
    // The POST never reaches the platform: the process "dies" with a key stored.
    const dying = createWalletSdk({
      ...base,
      fetch: async (url, init) => {
        if (init?.method === 'POST' && String(url).endsWith('/sessions'))
          throw new TypeError('process died');
        return fetch(url, init);
      },
    });
    await dying.setupDevice(other.id, other.token_id, appDelegate(partner).delegate)
      .result;
    await dying.activateUser(
      other.id,
      PIN,
      PREFIX,
      3600,
      tokens('1'),
      appDelegate(partner).delegate,
    ).result;
    const died = await failureOf(
      dying.addSession(other.id, tokens('2'), 3600, appDelegate(partner).delegate),
    );
    expect(died.code).toBe('NETWORK_ERROR');
    const sessionKeys = () =>
      Object.keys(storage.snapshot()).filter((k) =>
        k.startsWith(`keystore:secret:${other.id}:session:`),
      );
    expect(sessionKeys()).toHaveLength(2);

    const restarted = createWalletSdk(base);
    const { entity } = await restarted.addSession(
      other.id,
      tokens('2'),
      3600,
      appDelegate(partner).delegate,
    ).result;
    expect(entity.status).toBe('AUTHORIZED');
    const kept = sessionKeys().map((k) => k.split(':').pop());
    expect(kept).toHaveLength(2);
    expect(kept).toContain(entity.address.toLowerCase());
    expect(await restarted.getActiveSessions(other.id)).toHaveLength(2);
  });

  it('gives the device mnemonics after the PIN; they authorize a second device, which then adds its own session', async () => {
    const app = appDelegate(partner);
    const { entity: words } = await sdk.getDeviceMnemonics(user.id, app.delegate).result;
    expect(words).toHaveLength(12);
    deviceWords = words;
    expect(app.methods()).toEqual(['getPin', 'pinValidated', 'flowComplete']);

    const second = createWalletSdk({
      platformUrl: embedded.url,
      storage: createMemoryStorage(),
      storagePassword: 'second device',
      pollIntervalMs: 100,
      scrypt: LIGHT,
    });
    await second.setupDevice(user.id, user.token_id, appDelegate(partner).delegate)
      .result;
    const stranger = await failureOf(
      second.authorizeDeviceWithMnemonics(
        user.id,
        generateDeviceMnemonic(),
        appDelegate(partner).delegate,
      ),
    );
    expect(stranger.code).toBe('DEVICE_UNAUTHORIZED');
    const secondApp = appDelegate(partner);
    const { entity: device } = await second.authorizeDeviceWithMnemonics(
      user.id,
      words,
      secondApp.delegate,
    ).result;
    expect(device.status).toBe('AUTHORIZED');
    expect(secondApp.methods()).toEqual([
      'getPin',
      'pinValidated',
      'requestAcknowledged',
      'flowComplete',
    ]);
    const again = await failureOf(
      second.authorizeDeviceWithMnemonics(user.id, words, appDelegate(partner).delegate),
    );
    expect(again.code).toBe('ALREADY_EXISTS');

    const { entity: session } = await second.addSession(
      user.id,
      tokens('1'),
      3600,
      appDelegate(partner).delegate,
    ).result;
    expect(session.status).toBe('AUTHORIZED');
    expect((await second.getActiveSessions(user.id)).map((s) => s.address)).toEqual([
      session.address,
    ]);
    const { entity: tx } = await second.executeTransaction(
      user.id,
      [recipient],
      [tokens('1')],
      'direct transfer',
      null,
      appDelegate(partner).delegate,
    ).result;
    expect(tx.status).toBe('SUCCESS');
    expect(tx.session_address).toBe(session.address);
  });

  it('says SESSION_EXPIRED once chain time passes every expiry', async () => {
    // A transfer first, so the next one starts from reused (now stale) chain time.
    await sdk.executeTransaction(
      user.id,
      [recipient],
      [tokens('1')],
      'direct transfer',
      null,
      appDelegate(partner).delegate,
    ).result;
    const latest = Math.max(...(await sdk.getSessions(user.id)).map((s) => s.expires_at));
    const { time } = await sdk.getChain(user.id);
    await embedded.devchain.increaseTime(latest - time + 120);
    await embedded.devchain.mine();
    // The platform's chain clock follows new blocks within its poll interval.
    for (let i = 0; i < 50 && (await sdk.getChain(user.id)).time <= latest + 60; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const app = appDelegate(partner);
    requests.length = 0;
    const failure = await failureOf(
      sdk.executeTransaction(
        user.id,
        [recipient],
        [tokens('1')],
        'direct transfer',
        null,
        app.delegate,
      ),
    );
    expect(failure.code).toBe('SESSION_EXPIRED');
    expect(await sdk.getActiveSessions(user.id)).toEqual([]);
    // The platform refused the POST made on reused reads; the SDK read again.
    const post = requests.indexOf(`POST /v1/users/${user.id}/transactions`);
    expect(post).toBeGreaterThanOrEqual(0);
    expect(requests.slice(post)).toEqual(
      expect.arrayContaining([`GET /v1/users/${user.id}/sessions`, 'GET /v1/chain']),
    );
  });

  it('revokes a session; the revoked one is never chosen', async () => {
    const added = await sdk.addSession(
      user.id,
      tokens('3'),
      3600,
      appDelegate(partner).delegate,
    ).result;
    expect((await sdk.getActiveSessions(user.id)).map((s) => s.address)).toEqual([
      added.entity.address,
    ]);
    const app = appDelegate(partner);
    const { entity } = await sdk.revokeSession(
      user.id,
      added.entity.address,
      app.delegate,
    ).result;
    expect(entity.status).toBe('REVOKED');
    expect(app.methods()).toEqual(['requestAcknowledged', 'flowComplete']);
    expect(await sdk.getActiveSessions(user.id)).toEqual([]);
    const failure = await failureOf(
      sdk.executeTransaction(
        user.id,
        [recipient],
        [tokens('1')],
        'direct transfer',
        null,
        appDelegate(partner).delegate,
      ),
    );
    expect(failure.code).toBe('SESSION_EXPIRED');
  });

  it('logs out every session; then there is no session at all', async () => {
    await sdk.addSession(user.id, tokens('3'), 3600, appDelegate(partner).delegate)
      .result;
    const app = appDelegate(partner);
    const { entity } = await sdk.logoutAllSessions(user.id, app.delegate).result;
    expect(entity).toMatchObject({ status: 'LOGGED_OUT' });
    expect(app.methods()).toEqual(['requestAcknowledged', 'flowComplete']);
    const failure = await failureOf(
      sdk.executeTransaction(
        user.id,
        [recipient],
        [tokens('1')],
        'direct transfer',
        null,
        appDelegate(partner).delegate,
      ),
    );
    expect(failure.code).toBe('NO_SESSION_FOUND');
  });

  it('never put a PIN, the storage password or the device words in a log line or an error', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(interruptErrors.length).toBeGreaterThan(3);
    const text = [
      ...logLines,
      ...interruptErrors.map((e) => {
        const err = e as Error & { details?: unknown };
        return `${err.message} ${JSON.stringify(err)} ${JSON.stringify(err.details)}`;
      }),
    ].join('\n');
    for (const secret of [PIN, '135792', '864213', '975310', 'e2e storage password']) {
      expect(text).not.toContain(secret);
    }
    expect(deviceWords).toHaveLength(12);
    expect(text).not.toContain(deviceWords.slice(0, 4).join(' '));
  });
});
