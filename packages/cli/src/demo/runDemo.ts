/**
 * The end-to-end story on the embedded chain, every expectation checked:
 *
 *   1 chain + economy + platform   2 user, device, activation   3 addSession
 *   4 fund, transfer within the limit   5 over the limit refused
 *   6 chain time past the expiry, refused   7 new session, logout, refused
 *
 * A step that does not behave as described throws an ExpectationError (exit 12); an
 * unexpected error keeps its own code. Everything started is stopped in `finally`,
 * also when the signal aborts (Ctrl-C). Printed: progress, each delegate callback as it
 * arrives, the checks. Never printed: keys, mnemonics, the PIN, the API secret.
 */
import { randomBytes } from 'node:crypto';
import type { Session, Transaction, User } from '@ost-wallet/protocol';
import type { WorkflowDelegate, WorkflowHandle } from '@ost-wallet/sdk';
import { type Address, createPublicClient, erc20Abi, http } from 'viem';
import { createCleanup, untilAborted } from '../internal/createCleanup.ts';
import { describeError, type Output } from '../internal/createOutput.ts';
import { createPrintingDelegate } from '../internal/createPrintingDelegate.ts';
import { toIsoTime } from '../internal/describeEntity.ts';
import { ExpectationError } from '../internal/ExpectationError.ts';
import { InterruptedError } from '../internal/InterruptedError.ts';
import { startTemporaryPlatform } from '../internal/startTemporaryPlatform.ts';

/** Parameters of the story; the defaults are what `ost-wallet demo` runs. */
export type DemoParameters = {
  /** Per-transaction limit of the session, in whole tokens. @default '10' */
  spendingLimit: string;
  /** Session lifetime, in seconds of chain time. @default 3600 */
  expiresIn: number;
};

const STEPS = 7;
const INDENT = '      ';
// NOTE: a fixed PIN is fine for a throw-away wallet on a temporary chain; never printed.
const DEMO_PIN = '246813';
const PASSPHRASE_PREFIX = 'ost-wallet-demo-application-passphrase';
// NOTE: the demo only: a lighter PIN scrypt (the default is N = 2^20).
const DEMO_PIN_SCRYPT = { N: 2 ** 14, r: 1, p: 1 };

/**
 * Runs the demo.
 * @param output - where progress and events go
 * @param signal - aborts the story; everything started is stopped
 * @param parameters - session limit and lifetime
 * @throws {ExpectationError} when a step did not behave as described; {InterruptedError}
 *   when the signal aborted; any SDK or platform error that was not part of the story
 * @example await runDemo(createOutput(processIo, { json: true, verbose: false }), signal);
 */
export async function runDemo(
  output: Output,
  signal: AbortSignal,
  parameters: DemoParameters = { spendingLimit: '10', expiresIn: 3600 },
): Promise<void> {
  const started = Date.now();
  const cleanup = createCleanup();
  let succeeded = false;
  const step = (n: number, title: string) =>
    output.event('step', { step: n, of: STEPS, title }, `\n[${n}/${STEPS}] ${title}`);
  const note = (name: string, data: Record<string, unknown>, text: string) =>
    output.event(name, data, `${INDENT}${text}`);
  const check = (n: number, ok: boolean, expected: string, actual: string) => {
    output.event(
      'check',
      { step: n, ok, expected, actual },
      `${INDENT}${ok ? '✓' : '✗'} ${expected}${ok ? '' : ` — got ${actual}`}`,
    );
    if (!ok) throw new ExpectationError(`step ${n}: expected ${expected}, got ${actual}`);
  };

  try {
    // 1 ─ chain, economy, platform
    step(1, 'Start the embedded chain, deploy the economy, start the platform');
    const [sdkModule, { createPartnerClient }] = await Promise.all([
      import('@ost-wallet/sdk'),
      import('@ost-wallet/protocol'),
    ]);
    const [platform] = await startTemporaryPlatform('demo', cleanup, output, signal);
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
      `platform ${platform.url} · anvil ${devchain.rpcUrl} (chain ${devchain.chainId})\n` +
        `${INDENT}token ${token.symbol} (${token.decimals} decimals) at ${token.address}`,
    );

    const { toSmallestUnit, fromSmallestUnit } = sdkModule;
    const tokens = (v: bigint | string) =>
      `${fromSmallestUnit(BigInt(v), token.decimals)} ${token.symbol}`;
    const limit = toSmallestUnit(parameters.spendingLimit, token.decimals);
    const chain = createPublicClient({ transport: http(devchain.rpcUrl) });
    const balanceOf = (who: Address) =>
      chain.readContract({
        address: token.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [who],
      });

    // 2 ─ user, device, activation
    step(
      2,
      'The app server creates a user; the SDK sets up the device and activates the user',
    );
    const partner = createPartnerClient({
      platformUrl: platform.url,
      apiKey: platform.partner.apiKey,
      apiSecret: platform.partner.apiSecret,
    });
    const user = await partner.createUser();
    note(
      'user',
      { user_id: user.id, status: user.status },
      `app server: user ${user.id} ${user.status}`,
    );

    const storagePassword = randomBytes(24).toString('base64url');
    output.addSecret(storagePassword);
    const sdk = sdkModule.createWalletSdk({
      platformUrl: platform.url,
      storage: sdkModule.createMemoryStorage(),
      storagePassword,
      pollIntervalMs: 100,
      scrypt: { pin: DEMO_PIN_SCRYPT },
    });
    note(
      'pin_scrypt',
      { ...DEMO_PIN_SCRYPT, default_N: 2 ** 20 },
      'PIN key derivation: scrypt N=2^14 for this demo only (the SDK default is N=2^20)',
    );

    // Runs one workflow with a printing delegate; records the callbacks in order.
    const run = async <T>(
      workflow: string,
      start: (delegate: WorkflowDelegate) => WorkflowHandle<T>,
      seen: string[] = [],
    ): Promise<T> => {
      const delegate = createPrintingDelegate({
        output,
        workflow,
        formatAmount: tokens,
        indent: INDENT,
        registerDevice: (params) =>
          partner.registerDevice(user.id, {
            address: params.device_address,
            api_signer_address: params.api_signer_address,
          }),
        getPin: async () => ({ pin: DEMO_PIN, passphrasePrefix: PASSPHRASE_PREFIX }),
        onCallback: (name) => seen.push(name),
      });
      const handle = start(delegate);
      const done = await untilAborted(handle.result, signal, () => handle.cancel());
      return done.entity;
    };
    const refused = async (n: number, code: string, start: () => Promise<unknown>) => {
      let outcome: string;
      try {
        const result = await start();
        outcome = `success (${(result as { status?: string }).status ?? 'no status'})`;
      } catch (err) {
        if (err instanceof InterruptedError) throw err;
        outcome = describeError(err).code;
      }
      check(n, outcome === code, `refused with ${code}`, outcome);
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
      'device REGISTERED through the app server (registerDevice answered)',
      `${device.status}, callbacks ${setupSeen.join(' ')}`,
    );

    const activated: User = await run('activateUser', (d) =>
      sdk.activateUser(
        user.id,
        DEMO_PIN,
        PASSPHRASE_PREFIX,
        parameters.expiresIn,
        limit,
        d,
      ),
    );
    check(
      2,
      activated.status === 'ACTIVATED' && activated.token_holder_address !== null,
      'user ACTIVATED with a token holder',
      activated.status,
    );
    const holder = activated.token_holder_address as Address;
    for (const first of await sdk.getActiveSessions(user.id)) {
      note(
        'first_session',
        {
          address: first.address,
          spending_limit: first.spending_limit,
          expires_at: first.expires_at,
        },
        `activation also authorized a first session ${first.address}: limit ${tokens(first.spending_limit)}, expires ${toIsoTime(first.expires_at)}`,
      );
    }

    // 3 ─ a session
    step(
      3,
      `addSession: ${parameters.spendingLimit} ${token.symbol} per transaction, expiring in ${parameters.expiresIn} s of chain time`,
    );
    const sessionSeen: string[] = [];
    const session: Session = await run(
      'addSession',
      (d) => sdk.addSession(user.id, limit, parameters.expiresIn, d),
      sessionSeen,
    );
    const ack = sessionSeen.indexOf('requestAcknowledged');
    check(
      3,
      ack >= 0 && ack < sessionSeen.indexOf('flowComplete'),
      'requestAcknowledged, then flowComplete',
      sessionSeen.join(' '),
    );
    check(
      3,
      session.status === 'AUTHORIZED' && BigInt(session.spending_limit) === limit,
      `session AUTHORIZED with a limit of ${tokens(limit)}`,
      `${session.status}, ${tokens(session.spending_limit)}`,
    );
    note(
      'session',
      {
        address: session.address,
        spending_limit: session.spending_limit,
        expires_at: session.expires_at,
      },
      `session ${session.address}: limit ${tokens(session.spending_limit)}, expires ${toIsoTime(session.expires_at)} (chain time)`,
    );

    // 4 ─ fund, then a transfer within the limit
    const fund = limit * 5n;
    const within = limit / 2n > 0n ? limit / 2n : limit;
    const recipient = devchain.accounts[7]!.address;
    step(
      4,
      `The app server funds the user with ${tokens(fund)}; a transfer of ${tokens(within)} succeeds`,
    );
    const funding = await partner.fundUser(user.id, fund);
    note(
      'funding',
      { id: funding.id, status: funding.status },
      `funding ${funding.id} ${funding.status}`,
    );
    await untilAborted(
      waitFor(async () => (await balanceOf(holder)) >= fund, 30_000),
      signal,
    );
    const before = {
      user: await balanceOf(holder),
      recipient: await balanceOf(recipient),
    };
    note(
      'balances',
      { when: 'before', user: before.user, recipient: before.recipient },
      `before: user ${tokens(before.user)} · recipient ${tokens(before.recipient)}`,
    );
    const tx: Transaction = await run('executeTransaction', (d) =>
      sdk.executeTransaction(
        user.id,
        [recipient],
        [within],
        'direct transfer',
        { name: 'demo' },
        d,
      ),
    );
    const after = {
      user: await balanceOf(holder),
      recipient: await balanceOf(recipient),
    };
    note(
      'balances',
      { when: 'after', user: after.user, recipient: after.recipient },
      `after:  user ${tokens(after.user)} · recipient ${tokens(after.recipient)}`,
    );
    check(
      4,
      tx.status === 'SUCCESS' &&
        before.user - after.user === within &&
        after.recipient - before.recipient === within,
      `transaction SUCCESS and exactly ${tokens(within)} moved`,
      `${tx.status}, user −${tokens(before.user - after.user)}`,
    );

    // 5 ─ over the limit
    const over = limit + toSmallestUnit('1', token.decimals);
    step(5, `A transfer of ${tokens(over)}, over the ${tokens(limit)} limit, is refused`);
    await refused(5, 'SPENDING_LIMIT_EXCEEDED', () =>
      run('executeTransaction', (d) =>
        sdk.executeTransaction(user.id, [recipient], [over], 'direct transfer', null, d),
      ),
    );
    const afterOver = await balanceOf(holder);
    check(
      5,
      afterOver === after.user,
      'no tokens moved',
      `${tokens(after.user - afterOver)} moved`,
    );

    // 6 ─ chain time past the expiry
    const jump = parameters.expiresIn + 60;
    step(6, `Chain time moves ${jump} s forward, past the expiry; a transfer is refused`);
    await devchain.increaseTime(jump);
    const block = await chain.getBlock();
    // The SDK judges expiry by the platform's chain time: wait until the platform saw the jump.
    const clock = platform.platform.context.clock;
    await untilAborted(
      waitFor(async () => (await clock.now()).time > session.expires_at, 10_000),
      signal,
    );
    note(
      'chain_time',
      { block_timestamp: Number(block.timestamp), expires_at: session.expires_at },
      `chain time now ${toIsoTime(Number(block.timestamp))} (seen by the platform), past ${toIsoTime(session.expires_at)}`,
    );
    await refused(6, 'SESSION_EXPIRED', () =>
      run('executeTransaction', (d) =>
        sdk.executeTransaction(
          user.id,
          [recipient],
          [within],
          'direct transfer',
          null,
          d,
        ),
      ),
    );

    // 7 ─ a new session, logout, nothing left
    step(7, 'A new session, then logoutAllSessions; a transfer is refused');
    const fresh: Session = await run('addSession', (d) =>
      sdk.addSession(user.id, limit, parameters.expiresIn, d),
    );
    check(7, fresh.status === 'AUTHORIZED', 'new session AUTHORIZED', fresh.status);
    await run('logoutAllSessions', (d) => sdk.logoutAllSessions(user.id, d));
    await refused(7, 'NO_SESSION_FOUND', () =>
      run('executeTransaction', (d) =>
        sdk.executeTransaction(
          user.id,
          [recipient],
          [within],
          'direct transfer',
          null,
          d,
        ),
      ),
    );

    succeeded = true;
  } finally {
    output.progress(`${INDENT}stopping the platform and the chain…`);
    await cleanup.run();
    output.event('stopped', {}, `${INDENT}stopped: platform, chain, temporary data`);
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  if (succeeded) {
    output.event(
      'done',
      { ok: true, seconds },
      `\n✓ every step behaved as described (${seconds} s)`,
    );
  }
}

async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new ExpectationError(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
