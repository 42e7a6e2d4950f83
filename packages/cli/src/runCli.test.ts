import { errorCatalog, OstWalletError } from '@ost-wallet/errors';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgram } from './createProgram.ts';
import { exitCodes, toExitCode } from './exitCodes.ts';
import { createOutput } from './internal/createOutput.ts';
import { createTestIo } from './internal/createTestIo.ts';
import { ExpectationError } from './internal/ExpectationError.ts';
import { runCli } from './runCli.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

const cliEnv = [
  'OST_WALLET_PLATFORM_URL',
  'OST_WALLET_API_KEY',
  'OST_WALLET_API_SECRET',
  'OST_WALLET_USER_ID',
  'OST_WALLET_KEYSTORE_PASSWORD',
  'OST_WALLET_PIN',
];

/** A test io with exactly these CLI variables set. */
function withEnv(env: Record<string, string>) {
  for (const name of cliEnv) vi.stubEnv(name, env[name]);
  return createTestIo();
}

function allCommands(command: Command, path: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [here, ...allCommands(sub, here)];
  });
}

describe('help', () => {
  it('lists every command, the environment and the exit codes', async () => {
    const t = createTestIo();
    expect(await runCli(['--help'], { io: t.io })).toBe(0);
    for (const name of [
      'up',
      'demo',
      'bench',
      'user',
      'device',
      'session',
      'tx',
      'balance',
    ]) {
      expect(t.stdout()).toContain(`${name} `);
    }
    expect(t.stdout()).toContain('Exit codes:');
    expect(t.stdout()).toContain('OST_WALLET_KEYSTORE_PASSWORD');
    expect(t.stdout()).toMatch(/ {2}6 {2}session: SESSION_EXPIRED/);
  });

  it('answers --help on every command with exit 0', async () => {
    const runtime = {
      io: createTestIo().io,
      signal: new AbortController().signal,
      exitCode: 0,
    };
    const paths = allCommands(createProgram(runtime));
    expect(paths.length).toBeGreaterThanOrEqual(14);
    for (const path of paths) {
      const t = createTestIo();
      expect(await runCli([...path, '--help'], { io: t.io }), path.join(' ')).toBe(0);
      expect(t.stdout(), path.join(' ')).toContain(`Usage: ost-wallet ${path.join(' ')}`);
    }
  });

  it('documents the session options with their units', async () => {
    const t = createTestIo();
    await runCli(['session', 'add', '--help'], { io: t.io });
    expect(t.stdout()).toContain('--spending-limit <tokens>');
    expect(t.stdout()).toContain('--expires-in <seconds>');
    expect(t.stdout()).toContain('env: OST_WALLET_PLATFORM_URL');
  });
});

describe('usage errors', () => {
  it('exits 2 with a short line for an unknown command', async () => {
    const t = withEnv({});
    expect(await runCli(['fly'], { io: t.io })).toBe(exitCodes.usage);
    expect(t.stderr()).toMatch(/^error USAGE: unknown command 'fly'/);
  });

  it('exits 2 when a required option is missing', async () => {
    const t = withEnv({ OST_WALLET_PLATFORM_URL: 'http://127.0.0.1:9' });
    const code = await runCli(['session', 'add', '--user', 'u1', '--expires-in', '60'], {
      io: t.io,
    });
    expect(code).toBe(exitCodes.usage);
    expect(t.stderr()).toContain(
      "error USAGE: required option '--spending-limit <tokens>'",
    );
  });

  it('exits 2 when the platform URL is neither flag nor env', async () => {
    const t = withEnv({});
    expect(await runCli(['user', 'create'], { io: t.io })).toBe(exitCodes.usage);
    expect(t.stderr()).toContain('--platform-url');
  });

  it('refuses a non-numeric expiry before doing anything', async () => {
    const t = withEnv({ OST_WALLET_PLATFORM_URL: 'http://127.0.0.1:9' });
    const args = [
      'session',
      'add',
      '--user',
      'u1',
      '--spending-limit',
      '1',
      '--expires-in',
      '1h',
    ];
    expect(await runCli(args, { io: t.io })).toBe(exitCodes.usage);
    expect(t.stderr()).toContain("expected a positive integer, got '1h'");
  });

  it('prints usage errors as one JSON line with --json', async () => {
    const t = createTestIo();
    expect(await runCli(['--json', 'fly'], { io: t.io })).toBe(exitCodes.usage);
    expect(t.events()).toEqual([
      {
        event: 'error',
        code: 'USAGE',
        message: expect.stringContaining('fly'),
        exit_code: 2,
      },
    ]);
  });
});

describe('errors of commands', () => {
  it('exits 3 when partner credentials are missing', async () => {
    const t = withEnv({ OST_WALLET_PLATFORM_URL: 'http://127.0.0.1:9' });
    expect(await runCli(['user', 'create'], { io: t.io })).toBe(exitCodes.input);
    expect(t.stderr()).toMatch(/^error INVALID_PARAMETER: partner credentials missing/);
  });

  it('asks for OST_WALLET_KEYSTORE_PASSWORD when there is no terminal', async () => {
    const t = withEnv({ OST_WALLET_PLATFORM_URL: 'http://127.0.0.1:9' });
    const code = await runCli(['--json', 'session', 'logout-all', '--user', 'u1'], {
      io: t.io,
    });
    expect(code).toBe(exitCodes.input);
    expect(t.events()[0]).toMatchObject({
      event: 'error',
      code: 'INVALID_PARAMETER',
      message: expect.stringContaining('OST_WALLET_KEYSTORE_PASSWORD'),
      exit_code: 3,
    });
  });

  it('never prints the API secret, even in a verbose error', async () => {
    const secret = 'sk_test_0123456789abcdef';
    const t = withEnv({
      OST_WALLET_PLATFORM_URL: 'http://127.0.0.1:9',
      OST_WALLET_API_KEY: 'key',
      OST_WALLET_API_SECRET: secret,
    });
    await runCli(['--verbose', 'user', 'show', '--user', secret], { io: t.io });
    expect(t.stdout() + t.stderr()).not.toContain(secret);
  });
});

describe('exit codes', () => {
  it('gives every error kind of the catalog its own code', () => {
    const kinds = new Set(Object.values(errorCatalog).map((entry) => entry.kind));
    const codes = [...kinds].map((kind) => exitCodes[kind]);
    expect(new Set(codes).size).toBe(kinds.size);
    expect(codes).not.toContain(0);
    expect(codes).not.toContain(exitCodes.usage);
  });

  it('maps errors by the kind of their code', () => {
    expect(toExitCode(new OstWalletError('SPENDING_LIMIT_EXCEEDED', 'x'))).toBe(6);
    expect(toExitCode(new OstWalletError('INVALID_SESSION_EXPIRY_TIME', 'x'))).toBe(3);
    expect(toExitCode(new OstWalletError('NETWORK_ERROR', 'x'))).toBe(10);
    expect(toExitCode(new ExpectationError('x'))).toBe(12);
    expect(toExitCode(new Error('x'))).toBe(1);
  });
});

describe('output', () => {
  it('prints error causes only with --verbose', () => {
    const quiet = createTestIo();
    const loud = createTestIo();
    const err = new OstWalletError('CHAIN_ERROR', 'eth_call failed', {
      details: { method: 'eth_call' },
      cause: new Error('connection refused'),
    });
    createOutput(quiet.io, { json: false, verbose: false }).error(err);
    createOutput(loud.io, { json: false, verbose: true }).error(err);
    expect(quiet.stderr()).toBe('error CHAIN_ERROR: eth_call failed\n');
    expect(loud.stderr()).toContain('caused by Error: connection refused');
    expect(loud.stderr()).toContain('"method":"eth_call"');
  });

  it('adds the reason the chain gave to the message, without --verbose', () => {
    const t = createTestIo();
    const err = new OstWalletError('WORKFLOW_FAILED', 'session 0xAb ended FAILED', {
      details: { status: 'FAILED', reason: 'InvalidExpiry (Safe GS013)' },
    });
    createOutput(t.io, { json: false, verbose: false }).error(err);
    expect(t.stderr()).toBe(
      'error WORKFLOW_FAILED: session 0xAb ended FAILED: InvalidExpiry (Safe GS013)\n',
    );
    const noReason = createTestIo();
    createOutput(noReason.io, { json: false, verbose: false }).error(
      new OstWalletError('WORKFLOW_FAILED', 'activation failed', {
        details: { status: 'FAILED', reason: null },
      }),
    );
    expect(noReason.stderr()).toBe('error WORKFLOW_FAILED: activation failed\n');
  });

  it('writes bigints in JSON events as decimal strings', () => {
    const t = createTestIo();
    createOutput(t.io, { json: true, verbose: false }).event(
      'x',
      { amount: 10n ** 20n },
      '',
    );
    expect(t.events()).toEqual([{ event: 'x', amount: '100000000000000000000' }]);
  });
});
