/** Runs the `ost-wallet-platform` bin in a child process, for crash tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

export type SpawnedPlatform = {
  url: string;
  partner: { apiKey: string; apiSecret: string };
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
};

export async function spawnPlatform(options: {
  rpcUrl: string;
  economyFile: string;
  dataDir: string;
  relayerKey: string;
  env?: Record<string, string>;
}): Promise<SpawnedPlatform> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      bin,
      '--rpc-url',
      options.rpcUrl,
      '--economy',
      options.economyFile,
      '--data-dir',
      options.dataDir,
      '--port',
      '0',
    ],
    {
      env: {
        ...process.env,
        OST_WALLET_RELAYER_KEY: options.relayerKey,
        LOG_LEVEL: 'warn',
        ...(options.env ?? {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += String(c);
  });
  child.stderr?.on('data', (c) => {
    err += String(c);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  while (!/listening on (\S+)/.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`platform did not start: ${err.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const announced = JSON.parse(
    out.slice(0, out.lastIndexOf('ost-wallet platform listening')),
  ) as {
    url: string;
    partner: { apiKey: string; apiSecret: string };
  };
  return {
    url: announced.url,
    partner: announced.partner,
    child,
    exited,
    stderr: () => err,
  };
}
