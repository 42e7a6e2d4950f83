/** The `ost-wallet-platform` bin in embedded mode: starts, prints, serves, stops. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ost-bin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function runBin() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', bin, '--data-dir', dataDir, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => {
    out += String(c);
  });
  child.stderr.on('data', (c) => {
    err += String(c);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 30_000;
  while (
    !out.includes('listening on') &&
    Date.now() < deadline &&
    child.exitCode === null
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!out.includes('listening on')) throw new Error(`bin did not start: ${err}`);
  const announced = JSON.parse(out.slice(0, out.lastIndexOf('ost-wallet platform'))) as {
    url: string;
    partner: { apiKey: string; apiSecret: string };
    manifest: { tokenRules: string };
  };
  return { child, exited, announced, stderr: () => err };
}

describe('ost-wallet-platform', () => {
  it('starts the embedded platform, prints URL and credentials to stdout only, stops on SIGTERM, resumes', async () => {
    const first = await runBin();
    expect(first.announced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.announced.manifest.tokenRules).toMatch(/^0x/);
    expect(first.stderr()).not.toContain(first.announced.partner.apiSecret);
    const health = await fetch(`${first.announced.url}/health`);
    expect(health.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // The chain state was written on the way out: the same economy is found again.
    const second = await runBin();
    expect(second.announced.manifest).toEqual(first.announced.manifest);
    expect(second.announced.partner).toEqual(first.announced.partner);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('names the environment it reads in --help', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += String(c);
    });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(out).toContain('OST_WALLET_RELAYER_KEY');
    expect(out).toContain('DATABASE_URL');
  });

  it('refuses --rpc-url without a relayer key', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', bin, '--rpc-url', 'http://127.0.0.1:1', '--economy', 'x.json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, OST_WALLET_RELAYER_KEY: '' },
      },
    );
    let err = '';
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toContain('OST_WALLET_RELAYER_KEY');
  });
});
