import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devchain, startDevchain } from './startDevchain.ts';

describe('startDevchain', () => {
  let chain: Devchain;
  beforeAll(async () => {
    chain = await startDevchain({ chainId: 4242, accounts: 3 });
  });
  afterAll(() => chain.stop());

  it('serves JSON-RPC on loopback with the chain id asked for', async () => {
    expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await chain.request('eth_chainId')).toBe('0x1092');
    expect(chain.chainId).toBe(4242);
  });

  it('returns funded accounts with their keys', async () => {
    expect(chain.accounts).toHaveLength(3);
    expect(chain.accounts[0]?.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    const balance = await chain.request<string>('eth_getBalance', [
      chain.accounts[2]?.address,
      'latest',
    ]);
    expect(BigInt(balance)).toBeGreaterThan(0n);
  });

  it('moves chain time forward', async () => {
    const before = await latestTimestamp(chain);
    await chain.increaseTime(7200);
    const after = await latestTimestamp(chain);
    expect(after - before).toBeGreaterThanOrEqual(7200);
  });

  it('reverts to a snapshot', async () => {
    const id = await chain.snapshot();
    await chain.mine(5);
    const mined = BigInt(await chain.request<string>('eth_blockNumber'));
    await chain.revert(id);
    expect(BigInt(await chain.request<string>('eth_blockNumber'))).toBe(mined - 5n);
  });
});

describe('process lifetime', () => {
  it('stop() ends anvil and frees its port', async () => {
    const chain = await startDevchain();
    await chain.stop();
    await expect(chain.request('eth_chainId')).rejects.toThrow();
  });

  it('leaves no anvil running when the starting process is killed', async () => {
    const script = fileURLToPath(new URL('./internal/startAndWait.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const rpcUrl = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
    );
    const port = new URL(rpcUrl).port;
    expect(anvilPids(port)).not.toHaveLength(0);

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await waitFor(() => anvilPids(port).length === 0);
    expect(anvilPids(port)).toHaveLength(0);
  });
});

async function latestTimestamp(chain: Devchain): Promise<number> {
  const block = await chain.request<{ timestamp: string }>('eth_getBlockByNumber', [
    'latest',
    false,
  ]);
  return Number(block.timestamp);
}

function anvilPids(port: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('anvil') && line.includes(`--port ${port}`))
    .filter((line) => !line.includes('setpriv'));
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
