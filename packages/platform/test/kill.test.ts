/**
 * The kill test: the platform runs in a child process and is killed with SIGKILL
 * between accepting a session authorization and its mining. Restarted on the same
 * database, it finishes the job: the session ends AUTHORIZED, and the chain saw the
 * authorization exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deployEconomy,
  type EconomyManifest,
  tokenHolderAbi,
} from '@ost-wallet/contracts';
import { type Devchain, startDevchain } from '@ost-wallet/devchain';
import { type Address, createPublicClient, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivatedUser } from './helpers/activatedUser.ts';
import { type SpawnedPlatform, spawnPlatform } from './helpers/spawnPlatform.ts';
import type { TestPlatform } from './helpers/startTestPlatform.ts';
import { authorizeBody, deviceClient, newKey, waitFor } from './helpers/testClients.ts';

let devchain: Devchain;
let economy: EconomyManifest;
let economyFile: string;
let publicClient: PublicClient;
const dirs: string[] = [];

beforeAll(async () => {
  devchain = await startDevchain();
  const relayer = devchain.accounts[0]!;
  economy = await deployEconomy({
    rpcUrl: devchain.rpcUrl,
    deployer: privateKeyToAccount(relayer.privateKey),
    token: { name: 'Kill', symbol: 'KIL', decimals: 6, supply: 10n ** 18n },
    treasury: relayer.address,
  });
  const dir = mkdtempSync(join(tmpdir(), 'ost-kill-'));
  dirs.push(dir);
  economyFile = join(dir, 'economy.json');
  writeFileSync(economyFile, JSON.stringify(economy));
  publicClient = createPublicClient({ transport: http(devchain.rpcUrl) }) as PublicClient;
});

afterAll(async () => {
  await devchain?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string> = {}) {
  return spawnPlatform({
    rpcUrl: devchain.rpcUrl,
    economyFile,
    dataDir,
    relayerKey: devchain.accounts[0]!.privateKey,
    env,
  });
}

/** The pieces of TestPlatform that createActivatedUser needs, over HTTP. */
function asTestPlatform(p: SpawnedPlatform) {
  return {
    platform: { app: undefined },
    partner: p.partner,
    economy,
  } as unknown as TestPlatform;
}

async function prepare(p: SpawnedPlatform) {
  const u = await createActivatedUser(asTestPlatform(p), { target: p.url });
  const [dm, chain] = await Promise.all([
    u.client.deviceManager(),
    u.client.get('/v1/chain'),
  ]);
  const key = newKey();
  const body = await authorizeBody(u.device.owner, {
    chainId: economy.chainId,
    safe: u.safe,
    tokenHolder: u.tokenHolder,
    nonce: BigInt(dm.body.nonce),
    session: key.address,
    spendingLimit: 10n,
    expiresAt: chain.body.time + 3600,
  });
  return { u, key, body };
}

async function authorizedEvents(tokenHolder: Address, key: Address) {
  const logs = await publicClient.getContractEvents({
    address: tokenHolder,
    abi: tokenHolderAbi,
    eventName: 'SessionAuthorized',
    args: { key },
    fromBlock: 0n,
  });
  return logs.length;
}

async function kill(p: SpawnedPlatform) {
  p.child.kill('SIGKILL');
  const { signal } = await p.exited;
  expect(signal).toBe('SIGKILL');
}

describe('crash between accepting and mining', () => {
  it.each([
    ['mined while the platform is down', true],
    ['still pending at restart', false],
  ])(
    'finishes a sent authorization after SIGKILL and restart (%s)',
    async (_, mineWhileDown) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ost-kill-a-'));
      dirs.push(dataDir);
      const first = await start(dataDir);
      const { u, key, body } = await prepare(first);
      const relayer = devchain.accounts[0]!.address;
      const nonceBefore = await publicClient.getTransactionCount({ address: relayer });

      await devchain.request('evm_setAutomine', [false]);
      try {
        const res = await u.client.authorize(body);
        expect(res.status).toBe(202);
        expect(res.body.status).toBe('INITIALIZING');
        // Wait until the relayer handed the transaction to the node, then kill.
        await waitFor(
          () => devchain.request<{ pending: string }>('txpool_status'),
          (s) => BigInt(s.pending) === 1n,
        );
        await kill(first);
        if (mineWhileDown) await devchain.mine();
      } finally {
        if (mineWhileDown) await devchain.request('evm_setAutomine', [true]);
      }

      const second = await start(dataDir);
      try {
        if (!mineWhileDown) {
          // The restarted platform re-sends the same bytes ('already known'); one block
          // then mines the single transaction.
          await new Promise((r) => setTimeout(r, 500));
          expect(
            await devchain.request<{ pending: string }>('txpool_status'),
          ).toMatchObject({
            pending: '0x1',
          });
          await devchain.request('evm_setAutomine', [true]);
          await devchain.mine();
        }
        const client = deviceClient(second.url, u.device);
        const done = await waitFor(
          () => client.session(key.address),
          (r) => r.body.status !== 'INITIALIZING',
        );
        expect(done.body.status).toBe('AUTHORIZED');
        expect(await authorizedEvents(u.tokenHolder, key.address)).toBe(1);
        expect(await publicClient.getTransactionCount({ address: relayer })).toBe(
          nonceBefore + 1,
        );
      } finally {
        await devchain.request('evm_setAutomine', [true]);
        await kill(second);
      }
    },
  );

  it('broadcasts a signed but never sent authorization after restart, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ost-kill-b-'));
    dirs.push(dataDir);
    const setup = await start(dataDir);
    const { u, key, body } = await prepare(setup);
    await kill(setup);

    // This run dies by its own SIGKILL right after storing the signed transaction.
    const crashing = await start(dataDir, { OST_WALLET_FAILPOINT: 'after-sign' });
    const relayer = devchain.accounts[0]!.address;
    const nonceBefore = await publicClient.getTransactionCount({ address: relayer });
    const res = await deviceClient(crashing.url, u.device)
      .authorize(body)
      .catch(() => undefined);
    if (res) expect(res.status).toBe(202);
    const { signal } = await crashing.exited;
    expect(signal).toBe('SIGKILL');
    expect(await authorizedEvents(u.tokenHolder, key.address)).toBe(0);
    expect(await publicClient.getTransactionCount({ address: relayer })).toBe(
      nonceBefore,
    );

    const restarted = await start(dataDir);
    try {
      const client = deviceClient(restarted.url, u.device);
      const done = await waitFor(
        () => client.session(key.address),
        (r) => r.body.status !== 'INITIALIZING',
      );
      expect(done.body.status).toBe('AUTHORIZED');
      expect(await authorizedEvents(u.tokenHolder, key.address)).toBe(1);
      expect(await publicClient.getTransactionCount({ address: relayer })).toBe(
        nonceBefore + 1,
      );
      // The Safe moved on by exactly one.
      const dm = await client.deviceManager();
      expect(dm.body.nonce).toBe('1');
    } finally {
      await kill(restarted);
    }
  });
});
