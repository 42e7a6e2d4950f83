/**
 * The embedded default chain: anvil on loopback, started from the npm package's binary.
 *
 * On Linux anvil runs under `setpriv --pdeathsig KILL`, so the kernel ends it even when
 * the process that started it is killed outright; elsewhere exit and signal handlers
 * stop it on a normal exit. Time moves with `increaseTime` / `setNextBlockTimestamp`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OstWalletError } from '@ost-wallet/errors';
import type { Address, Hex } from 'viem';
import { findAnvil } from './findAnvil.ts';
import { getFreePort } from './getFreePort.ts';

/** anvil's default mnemonic: its accounts are public test keys, never for real funds. */
export const ANVIL_TEST_MNEMONIC =
  'test test test test test test test test test test test junk';

/** Options for {@link startDevchain}. */
export type DevchainOptions = {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Host to bind; loopback only. @default '127.0.0.1' */
  host?: string;
  /** Chain id. @default 31337 */
  chainId?: number;
  /** Seconds between blocks; when omitted every transaction is mined at once (automine). */
  blockTime?: number;
  /** Number of funded accounts. @default 10 */
  accounts?: number;
  /** Mnemonic for the funded accounts. @default ANVIL_TEST_MNEMONIC */
  mnemonic?: string;
  /** Path to a state file: loaded at start when present, written at stop. */
  stateFile?: string;
  /**
   * Also write the state file every this many seconds, so a hard kill loses at most
   * that much. Only with `stateFile`; when omitted the file is written at stop only.
   */
  stateInterval?: number;
  /** How long to wait for the RPC to answer, in milliseconds. @default 20000 */
  startTimeoutMs?: number;
  /**
   * Kill anvil at once when the process gets SIGINT/SIGTERM/SIGHUP. Pass false when the
   * owner stops the chain itself on those signals (so `stop()` can write the state
   * file); anvil is still killed when the process exits. @default true
   */
  stopOnSignal?: boolean;
};

/** A funded anvil account. */
export type DevchainAccount = { address: Address; privateKey: Hex };

/** A running embedded chain. */
export type Devchain = {
  rpcUrl: string;
  chainId: number;
  accounts: DevchainAccount[];
  /** Moves chain time forward by `seconds` and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** Fixes the timestamp of the next block (unix seconds). */
  setNextBlockTimestamp(timestamp: number | bigint): Promise<void>;
  /** Mines `blocks` blocks. @default 1 */
  mine(blocks?: number): Promise<void>;
  /** Takes a snapshot of the chain state; returns its id. */
  snapshot(): Promise<Hex>;
  /** Reverts to a snapshot taken by {@link Devchain.snapshot}. */
  revert(id: Hex): Promise<void>;
  /** Sends a raw JSON-RPC request. */
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Stops anvil; resolves once the process has exited. */
  stop(): Promise<void>;
};

const running = new Set<ChildProcess>();
/** Children whose owner stops them on a signal (see `stopOnSignal`). */
const ownerStopped = new WeakSet<ChildProcess>();
let hooksInstalled = false;

/**
 * Starts anvil on a loopback port and waits until its RPC answers.
 *
 * @param options - see {@link DevchainOptions}
 * @returns the running chain with helpers to move time and `stop()`
 * @throws {OstWalletError} `ANVIL_NOT_FOUND` when the binary is missing, `CHAIN_ERROR`
 *   when anvil exits early or does not answer in time
 * @example
 * const chain = await startDevchain();
 * await chain.increaseTime(3600);
 * await chain.stop();
 */
export async function startDevchain(options: DevchainOptions = {}): Promise<Devchain> {
  const host = options.host ?? '127.0.0.1';
  const chainId = options.chainId ?? 31337;
  const accountCount = options.accounts ?? 10;
  const mnemonic = options.mnemonic ?? ANVIL_TEST_MNEMONIC;
  const bin = findAnvil();
  const port = options.port ?? (await getFreePort(host));

  const args = [
    '--host',
    host,
    '--port',
    String(port),
    '--chain-id',
    String(chainId),
    '--accounts',
    String(accountCount),
    '--mnemonic',
    mnemonic,
    '--hardfork',
    'prague',
  ];
  if (options.blockTime !== undefined)
    args.push('--block-time', String(options.blockTime));
  if (options.stateFile !== undefined) args.push('--state', options.stateFile);
  if (options.stateFile !== undefined && options.stateInterval !== undefined) {
    args.push('--state-interval', String(options.stateInterval));
  }

  const child = spawnSupervised(bin, args);
  running.add(child);
  if (options.stopOnSignal === false) ownerStopped.add(child);
  installExitHooks();
  let output = '';
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const rpcUrl = `http://${host}:${port}`;
  let id = 0;
  const request = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (body.error) {
      throw new OstWalletError('CHAIN_ERROR', `${method} failed: ${body.error.message}`);
    }
    return body.result as T;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new OstWalletError('CHAIN_ERROR', 'anvil exited during start', {
        details: { exitCode: child.exitCode, output: output.trim().slice(-1000) },
      });
    }
    try {
      await request('eth_chainId');
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new OstWalletError(
          'CHAIN_ERROR',
          `anvil did not answer on ${rpcUrl} in time`,
          {
            details: { output: output.trim().slice(-1000) },
          },
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.stdout?.off('data', onData);
  child.stdout?.resume();

  const accounts = await deriveAccounts(mnemonic, accountCount);

  return {
    rpcUrl,
    chainId,
    accounts,
    request,
    async increaseTime(seconds) {
      await request('evm_increaseTime', [seconds]);
      await request('evm_mine');
    },
    async setNextBlockTimestamp(timestamp) {
      await request('evm_setNextBlockTimestamp', [Number(timestamp)]);
    },
    async mine(blocks = 1) {
      await request('anvil_mine', [`0x${blocks.toString(16)}`]);
    },
    snapshot: () => request<Hex>('evm_snapshot'),
    async revert(snapshotId) {
      const ok = await request<boolean>('evm_revert', [snapshotId]);
      if (!ok) throw new OstWalletError('CHAIN_ERROR', `no snapshot ${snapshotId}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT lets anvil write its --state file before exiting.
      child.kill(options.stateFile ? 'SIGINT' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function spawnSupervised(bin: string, args: string[]): ChildProcess {
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  if (process.platform === 'linux' && existsSync('/usr/bin/setpriv')) {
    return spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', bin, ...args], { stdio });
  }
  return spawn(bin, args, { stdio });
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = (onSignal: boolean) => {
    for (const child of running) {
      if (onSignal && ownerStopped.has(child)) continue;
      child.kill('SIGKILL');
    }
  };
  process.once('exit', () => killAll(false));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll(true);
      // Keep the default behaviour (exit) unless the app handles the signal itself.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

async function deriveAccounts(
  mnemonic: string,
  count: number,
): Promise<DevchainAccount[]> {
  const { mnemonicToAccount } = await import('viem/accounts');
  const { bytesToHex } = await import('viem');
  return Array.from({ length: count }, (_, addressIndex) => {
    const account = mnemonicToAccount(mnemonic, { addressIndex });
    const key = account.getHdKey().privateKey;
    if (!key) throw new OstWalletError('INTERNAL_ERROR', 'derived account has no key');
    return { address: account.address, privateKey: bytesToHex(key) };
  });
}
