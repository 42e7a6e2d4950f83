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

describe('ost-wallet-platform', () => {
  it('starts the embedded platform, prints URL and credentials to stdout only, stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', bin, '--data-dir', dataDir, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += String(c);
    });
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    const exited = new Promise<number | null>((r) =>
      child.once('exit', (code) => r(code)),
    );
    const deadline = Date.now() + 30_000;
    while (
      !out.includes('listening on') &&
      Date.now() < deadline &&
      child.exitCode === null
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const announced = JSON.parse(
      out.slice(0, out.lastIndexOf('ost-wallet platform')),
    ) as {
      url: string;
      partner: { apiKey: string; apiSecret: string };
      manifest: { tokenRules: string };
    };
    expect(announced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(announced.manifest.tokenRules).toMatch(/^0x/);
    expect(err).not.toContain(announced.partner.apiSecret);
    const health = await fetch(`${announced.url}/health`);
    expect(health.status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
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
