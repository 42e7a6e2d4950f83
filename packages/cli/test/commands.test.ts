/**
 * The user/device/session/tx/balance commands against a real embedded platform, in
 * process, the way the README walks through them: exit codes and JSON results.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  type EmbeddedPlatform,
  startEmbeddedPlatform,
} from '@ost-wallet/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exitCodes } from '../src/exitCodes.ts';
import { createTestIo } from '../src/internal/createTestIo.ts';
import { runCli } from '../src/runCli.ts';

const RECIPIENT = '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955';

let dir: string;
let platform: EmbeddedPlatform;
let userId: string;

async function cli(...args: string[]) {
  const t = createTestIo();
  const code = await runCli(['--json', ...args], { io: t.io });
  const events = t.events();
  return { code, events, last: events.at(-1) ?? {}, stderr: t.stderr() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ost-wallet-cli-test-'));
  platform = await startEmbeddedPlatform({
    dataDir: join(dir, 'platform'),
    logger: createLogger({ level: 'silent' }),
  });
  vi.stubEnv('OST_WALLET_PLATFORM_URL', platform.url);
  vi.stubEnv('OST_WALLET_API_KEY', platform.partner.apiKey);
  vi.stubEnv('OST_WALLET_API_SECRET', platform.partner.apiSecret);
  vi.stubEnv('OST_WALLET_KEYSTORE', join(dir, 'keystore'));
  vi.stubEnv('OST_WALLET_KEYSTORE_PASSWORD', 'correct horse battery staple');
  vi.stubEnv('OST_WALLET_PIN', '314159');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await platform?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('commands against a running platform', () => {
  it('creates a user, sets up the device and activates the user', async () => {
    const created = await cli('user', 'create');
    expect(created.code).toBe(0);
    userId = (created.last.user as { id: string }).id;
    vi.stubEnv('OST_WALLET_USER_ID', userId);

    const device = await cli('device', 'setup');
    expect(device.code).toBe(0);
    expect(device.last).toMatchObject({
      event: 'device',
      device: { status: 'REGISTERED' },
    });

    const activated = await cli(
      'user',
      'activate',
      '--spending-limit',
      '1',
      '--expires-in',
      '600',
    );
    expect(activated.code).toBe(0);
    expect(activated.last).toMatchObject({
      event: 'user',
      user: { status: 'ACTIVATED' },
    });
  });

  it('funds the user and shows the balance in whole tokens', async () => {
    expect((await cli('user', 'fund', '--amount', '50')).code).toBe(0);
    let balance: Record<string, unknown> = {};
    for (let i = 0; i < 100 && balance.available_balance_tokens !== '50 OWT'; i++) {
      balance = (await cli('balance')).last;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(balance.available_balance_tokens).toBe('50 OWT');
  });

  it('adds a session with a limit in tokens and an expiry in seconds, and lists it', async () => {
    const added = await cli(
      'session',
      'add',
      '--spending-limit',
      '10',
      '--expires-in',
      '3600',
    );
    expect(added.code).toBe(0);
    expect(added.last).toMatchObject({
      event: 'session',
      session: { status: 'AUTHORIZED', spending_limit: '10000000000000000000' },
    });
    const listed = await cli('session', 'list');
    const sessions = listed.last.sessions as { address: string; status: string }[];
    expect(sessions.map((s) => s.status)).toEqual(['AUTHORIZED', 'AUTHORIZED']);
  });

  it('sends within the limit and exits 6 over it', async () => {
    const sent = await cli('tx', 'send', '--to', RECIPIENT, '--amount', '2.5');
    expect(sent.code).toBe(0);
    expect(sent.last).toMatchObject({
      event: 'transaction',
      transaction: { status: 'SUCCESS' },
    });

    const over = await cli('tx', 'send', '--to', RECIPIENT, '--amount', '11');
    expect(over.code).toBe(exitCodes.session);
    expect(over.last).toMatchObject({ event: 'error', code: 'SPENDING_LIMIT_EXCEEDED' });
  });

  it('refuses an amount with more decimals than the token has (exit 3)', async () => {
    const bad = await cli(
      'tx',
      'send',
      '--to',
      RECIPIENT,
      '--amount',
      `0.${'1'.repeat(19)}`,
    );
    expect(bad.code).toBe(exitCodes.input);
    expect(bad.last).toMatchObject({ code: 'INVALID_AMOUNT' });
  });

  it('revokes a session, logs out all and then finds no session (exit 6)', async () => {
    const { last } = await cli('session', 'list');
    const address = (last.sessions as { address: string }[])[0]!.address;
    const revoked = await cli('session', 'revoke', address);
    expect(revoked.code).toBe(0);
    expect(revoked.last).toMatchObject({ session: { address, status: 'REVOKED' } });

    expect((await cli('session', 'logout-all')).code).toBe(0);
    const none = await cli('tx', 'send', '--to', RECIPIENT, '--amount', '1');
    expect(none.code).toBe(exitCodes.session);
    expect(none.last).toMatchObject({ code: 'NO_SESSION_FOUND' });
  });

  it('exits 9 on a wrong keystore password', async () => {
    vi.stubEnv('OST_WALLET_KEYSTORE_PASSWORD', 'wrong');
    const wrong = await cli('balance');
    vi.stubEnv('OST_WALLET_KEYSTORE_PASSWORD', 'correct horse battery staple');
    expect(wrong.code).toBe(exitCodes.keystore);
    expect(wrong.last).toMatchObject({ code: 'KEYSTORE_WRONG_PASSWORD' });
  });

  it('exits 10 when the platform cannot be reached', async () => {
    const down = await cli('user', 'show', '--platform-url', 'http://127.0.0.1:9');
    expect(down.code).toBe(exitCodes.network);
    expect(down.last).toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('exits 4 when the partner secret is wrong', async () => {
    const denied = await cli('user', 'create', '--api-secret', 'not-the-secret');
    expect(denied.code).toBe(exitCodes.auth);
  });

  it('never prints the partner secret or the keystore password', async () => {
    const t = createTestIo();
    await runCli(['--verbose', 'balance'], { io: t.io });
    await runCli(['--verbose', 'user', 'show', '--user', platform.partner.apiSecret], {
      io: t.io,
    });
    const printed = t.stdout() + t.stderr();
    expect(printed).not.toContain(platform.partner.apiSecret);
    expect(printed).not.toContain('correct horse battery staple');
  });
});
