/**
 * The end-to-end story on the embedded chain, each expectation checked:
 * platform up → user, device, activation → session → transfer within the limit →
 * over the limit refused → expired session refused → logout, no session left.
 *
 * Everything started here is stopped in `finally`, also on Ctrl-C (the signal).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from 'viem';
import { createCleanup, untilAborted } from '../internal/createCleanup.ts';
import type { Output } from '../internal/createOutput.ts';
import { createPrintingDelegate } from '../internal/createPrintingDelegate.ts';
import { toIsoTime } from '../internal/describeEntity.ts';
import { assertExpectation, ExpectationError } from '../internal/ExpectationError.ts';

/** Parameters of the story; the defaults are what `ost-wallet demo` runs. */
export type DemoParameters = {
  /** Per-transaction limit of the session, in whole tokens. @default '10' */
  spendingLimit: string;
  /** Session lifetime, in seconds of chain time. @default 3600 */
  expiresIn: number;
};

const STEPS = 7;
// NOTE: a fixed PIN is fine for a throw-away demo wallet on a temporary chain.
const DEMO_PIN = '246813';
const PASSPHRASE_PREFIX = 'ost-wallet-demo-application-passphrase';

/**
 * Runs the demo.
 * @param output - where progress and events go
 * @param signal - aborts the story; everything started is stopped
 * @throws {ExpectationError} when a step did not behave as described
 */
export async function runDemo(
  output: Output,
  signal: AbortSignal,
  parameters: DemoParameters = { spendingLimit: '10', expiresIn: 3600 },
): Promise<void> {
  const started = Date.now();
  const cleanup = createCleanup();
  const step = (n: number, title: string) =>
    output.event('step', { step: n, of: STEPS, title }, `\n[${n}/${STEPS}] ${title}`);
  const note = (name: string, data: Record<string, unknown>, text: string) =>
    output.event(name, data, `      ${text}`);
  const check = (n: number, ok: boolean, expected: string, actual: string) => {
    output.event(
      'check',
      { step: n, ok, expected, actual },
      `      ${ok ? '✓' : '✗'} ${expected}${ok ? '' : ` — got ${actual}`}`,
    );
    if (!ok) throw new ExpectationError(`step ${n}: expected ${expected}, got ${actual}`);
  };

  try {
    // 1 ─ chain, economy, platform
    step(1, 'Start the embedded chain, deploy the economy, start the platform');
    const { startEmbeddedPlatform } = await import('@ost-wallet/platform');
    const dataDir = await mkdtemp(join(tmpdir(), 'ost-wallet-demo-'));
    cleanup.defer('data dir', () => rm(dataDir, { recursive: true, force: true }));
    const platform = await untilAborted(startEmbeddedPlatform({ dataDir }), signal);
    cleanup.defer('platform', () => platform.stop());
    output.addSecret(platform.partner.apiSecret);
    const { devchain, manifest } = platform;
    const token = manifest.token;
    note(
      'platform',
      {
        url: platform.url,
        rpc_url: devchain.rpcUrl,
        chain_id: devchain.chainId,
        token: { address: token.address, symbol: token.symbol, decimals: token.decimals },
      },
      `platform ${platform.url} · anvil ${devchain.rpcUrl} (chain ${devchain.chainId}) · token ${token.symbol}, ${token.decimals} decimals, at ${token.address}`,
    );

    const sdkModule = await import('@ost-wallet/sdk');
    const { toSmallestUnit, fromSmallestUnit } = sdkModule;
    const formatAmount = (v: bigint | string) =>
      `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`;
    const limit = toSmallestUnit(parameters.spendingLimit, token.decimals);

    // 2 ─ user, device, activation
    step(
      2,
      'The app server creates a user; the SDK sets up the device and activates the user',
    );
    const { createPartnerClient } = await import('@ost-wallet/protocol');
    const partner = createPartnerClient({
      platformUrl: platform.url,
      apiKey: platform.partner.apiKey,
      apiSecret: platform.partner.apiSecret,
    });
    const user = await partner.createUser();
    note(
      'user',
      { user_id: user.id, status: user.status },
      `app server created user ${user.id} (${user.status})`,
    );

    const storagePassword = randomBytes(24).toString('base64url');
    output.addSecret(storagePassword);
    const sdk = sdkModule.createWalletSdk({
      platformUrl: platform.url,
      storage: sdkModule.createMemoryStorage(),
      storagePassword,
      pollIntervalMs: 100,
      // NOTE: the demo only: a lighter PIN scrypt so activation takes a moment.
      scrypt: { N: 2 ** 14, r: 1, p: 1 },
    });
    note(
      'scrypt',
      { pin_scrypt: { N: 2 ** 14, r: 1, p: 1 } },
      'PIN key derivation: scrypt N=2^14 for the demo only (default N=2^20)',
    );

    const run = async <T>(
      workflow: string,
      start: (delegate: ReturnType<typeof createPrintingDelegate>) => {
        result: Promise<T>;
        cancel(): void;
      },
      seen: string[],
    ): Promise<T> => {
      const delegate = createPrintingDelegate({
        output,
        workflow,
        formatAmount,
        indent: '      ',
        registerDevice: (params) => partner.registerDevice(user.id, params as never),
        getPin: async () => DEMO_PIN,
        onCallback: (name) => seen.push(name),
      });
      const handle = start(delegate);
      return untilAborted(handle.result, signal, () => handle.cancel());
    };

    const setupSeen: string[] = [];
    const device = await run(
      'setupDevice',
      (d) => sdk.setupDevice(user.id, user.token_id, d),
      setupSeen,
    );
    check(
      2,
      setupSeen.includes('registerDevice') && device.status === 'REGISTERED',
      'device registered through the app server',
      `${device.status}, callbacks ${setupSeen.join(',')}`,
    );

    const activateSeen: string[] = [];
    const activated = await run(
      'activateUser',
      (d) =>
        sdk.activateUser(
          user.id,
          DEMO_PIN,
          PASSPHRASE_PREFIX,
          parameters.expiresIn,
          limit,
          d,
        ),
      activateSeen,
    );
    check(
      2,
      activated.status === 'ACTIVATED',
      'user ACTIVATED with a token holder',
      `${activated.status}`,
    );

    // 3 ─ a session
    step(
      3,
      `addSession: limit ${parameters.spendingLimit} ${token.symbol} per transaction, expires in ${parameters.expiresIn} s`,
    );
    const sessionSeen: string[] = [];
    const session = await run(
      'addSession',
      (d) => sdk.addSession(user.id, limit, parameters.expiresIn, d),
      sessionSeen,
    );
    const ackThenComplete =
      sessionSeen.indexOf('requestAcknowledged') >= 0 &&
      sessionSeen.indexOf('requestAcknowledged') < sessionSeen.indexOf('flowComplete');
    check(
      3,
      ackThenComplete,
      'requestAcknowledged, then flowComplete',
      sessionSeen.join(','),
    );
    check(
      3,
      session.status === 'AUTHORIZED' && BigInt(session.spending_limit) === limit,
      `session AUTHORIZED with limit ${formatAmount(limit)}`,
      `${session.status}, ${formatAmount(session.spending_limit)}`,
    );
    note(
      'session',
      {
        address: session.address,
        spending_limit: session.spending_limit,
        expires_at: session.expires_at,
      },
      `session ${session.address}: limit ${formatAmount(session.spending_limit)}, expires at ${toIsoTime(session.expires_at)} (chain time)`,
    );

    // 4 ─ fund, transfer within the limit
    const { createPublicClient, http, erc20Abi } = await import('viem');
    const chainClient = createPublicClient({ transport: http(devchain.rpcUrl) });
    const holder = (activated.token_holder_address ?? '') as Address;
    const recipient = devchain.accounts[7]!.address;
    const balanceOf = (who: Address) =>
      chainClient.readContract({
        address: token.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [who],
      });
    const showBalances = async (label: string) => {
      const [h, r] = await Promise.all([balanceOf(holder), balanceOf(recipient)]);
      note(
        'balances',
        { when: label, token_holder: h, recipient: r },
        `balances ${label}: user ${formatAmount(h)} · recipient ${formatAmount(r)}`,
      );
      return { h, r };
    };

    const fund = toSmallestUnit('100', token.decimals);
    const within = limit / 2n > 0n ? limit / 2n : limit;
    step(
      4,
      `The app server funds the user with ${formatAmount(fund)}; a transfer of ${formatAmount(within)} (within the limit) succeeds`,
    );
    await partner.fundUser(user.id, { amount: fund.toString() });
    const before = await showBalances('before');
    check(
      4,
      before.h === fund,
      `user holds ${formatAmount(fund)}`,
      formatAmount(before.h),
    );
    const txSeen: string[] = [];
    const tx = await run(
      'executeTransaction',
      (d) =>
        sdk.executeTransaction(
          user.id,
          [recipient],
          [within],
          'direct transfer',
          { name: 'demo', type: 'user_to_user' },
          d,
        ),
      txSeen,
    );
    const after = await showBalances('after');
    check(
      4,
      tx.status === 'SUCCESS' &&
        before.h - after.h === within &&
        after.r - before.r === within,
      `transaction SUCCESS, ${formatAmount(within)} moved`,
      `${tx.status}, user −${formatAmount(before.h - after.h)}, recipient +${formatAmount(after.r - before.r)}`,
    );

    // 5 ─ over the limit
    const over = limit + toSmallestUnit('1', token.decimals);
    step(5, `A transfer of ${formatAmount(over)} (over the limit) is refused`);
    await expectRefusal(
      5,
      'SPENDING_LIMIT_EXCEEDED',
      () =>
        run(
          'executeTransaction',
          (d) =>
            sdk.executeTransaction(
              user.id,
              [recipient],
              [over],
              'direct transfer',
              {},
              d,
            ),
          [],
        ),
      check,
    );
    const afterOver = await balanceOf(holder);
    check(5, afterOver === after.h, 'no tokens moved', formatAmount(after.h - afterOver));

    // 6 ─ chain time past the expiry
    step(
      6,
      `Chain time moves ${parameters.expiresIn + 60} s forward, past the expiry; a transfer is refused`,
    );
    await devchain.increaseTime(parameters.expiresIn + 60);
    const block = await chainClient.getBlock();
    note(
      'chain_time',
      { block_timestamp: Number(block.timestamp) },
      `chain time now ${toIsoTime(Number(block.timestamp))}`,
    );
    await expectRefusal(
      6,
      'SESSION_EXPIRED',
      () =>
        run(
          'executeTransaction',
          (d) =>
            sdk.executeTransaction(
              user.id,
              [recipient],
              [within],
              'direct transfer',
              {},
              d,
            ),
          [],
        ),
      check,
    );

    // 7 ─ new session, logout, nothing left
    step(7, 'A new session, then logoutAllSessions; a transfer is refused');
    const fresh = await run(
      'addSession',
      (d) => sdk.addSession(user.id, limit, parameters.expiresIn, d),
      [],
    );
    check(7, fresh.status === 'AUTHORIZED', 'new session AUTHORIZED', fresh.status);
    await run('logoutAllSessions', (d) => sdk.logoutAllSessions(user.id, d), []);
    await expectRefusal(
      7,
      'NO_SESSION_FOUND',
      () =>
        run(
          'executeTransaction',
          (d) =>
            sdk.executeTransaction(
              user.id,
              [recipient],
              [within],
              'direct transfer',
              {},
              d,
            ),
          [],
        ),
      check,
    );

    const seconds = Math.round((Date.now() - started) / 100) / 10;
    output.event(
      'done',
      { ok: true, seconds },
      `\n✓ every step behaved as described (${seconds} s)`,
    );
  } finally {
    output.progress('      stopping the platform and the chain…');
    await cleanup.run();
    output.event('stopped', {}, '      stopped; nothing left running');
  }
}

async function expectRefusal(
  step: number,
  code: string,
  attempt: () => Promise<unknown>,
  check: (n: number, ok: boolean, expected: string, actual: string) => void,
): Promise<void> {
  let refusedWith: string;
  try {
    const result = await attempt();
    refusedWith = `success (${JSON.stringify(result)})`;
  } catch (err) {
    if (err instanceof Error && err.name === 'InterruptedError') throw err;
    refusedWith = (err as { code?: string }).code ?? String(err);
  }
  check(step, refusedWith === code, `refused with ${code}`, refusedWith);
  assertExpectation(refusedWith === code, `refused with ${code}`);
}
