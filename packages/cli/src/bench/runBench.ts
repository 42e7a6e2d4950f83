/**
 * End-to-end figures, measured side by side in one run on one embedded chain:
 *
 * - throughput: session transfers through SDK + platform vs plain ERC-20 `transfer`s
 *   sent with viem straight to the same anvil, same count, same concurrency, both
 *   waiting for the outcome (SDK: status SUCCESS; plain: the receipt), same poll interval;
 * - latency: `addSession` end to end (PIN check with the default scrypt, Safe
 *   transaction, relay, mined, SUCCESS) vs one bare transaction round trip (send + wait
 *   for the receipt), median and p95 of sequential samples;
 * - CPU: the SDK's own signing and encoding for one session transfer (EIP-712
 *   ExecuteRule signature, rule calldata, device request signature), timed with
 *   `process.cpuUsage` after the platform has stopped, so nothing else runs.
 *
 * Loops are bounded by the parameters; nothing is hard-coded but the sizes.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import type { User } from '@ost-wallet/protocol';
import type { WorkflowDelegate } from '@ost-wallet/sdk';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createCleanup, untilAborted } from '../internal/createCleanup.ts';
import { describeError, type Output } from '../internal/createOutput.ts';
import { ExpectationError } from '../internal/ExpectationError.ts';
import { startTemporaryPlatform } from '../internal/startTemporaryPlatform.ts';
import { cpuMs, elapsedMs, round, runConcurrently, summarize } from './measure.ts';

/** Sizes of the benchmark runs. */
export type BenchParameters = {
  /** Transfers per throughput run (each side). */
  transfers: number;
  /** Transfers in flight at once (each side). */
  concurrency: number;
  /** Sequential samples of addSession and of the bare round trip. */
  samples: number;
};

const POLL_INTERVAL_MS = 50;
const CPU_ITERATIONS = 200;
const THROUGHPUT_TARGET = 0.5;
const PIN = '135792';
const PASSPHRASE_PREFIX = 'ost-wallet-bench-application-passphrase';

/**
 * Runs the benchmark and reports the figures as one `bench` event.
 * @param output - where progress (stderr) and the figures go
 * @param signal - aborts the run; everything started is stopped
 * @param parameters - transfers per side, concurrency, latency samples
 * @throws {ExpectationError} when a measured transfer failed (figures are still printed)
 * @example await runBench(output, signal, { transfers: 60, concurrency: 4, samples: 15 });
 */
export async function runBench(
  output: Output,
  signal: AbortSignal,
  parameters: BenchParameters,
): Promise<void> {
  const { transfers, concurrency, samples } = parameters;
  const cleanup = createCleanup();
  const progress = (text: string) => output.progress(`· ${text}`);
  let failures = 0;

  try {
    const [sdkModule, { createPartnerClient, signDeviceRequest, routes }, contracts] =
      await Promise.all([
        import('@ost-wallet/sdk'),
        import('@ost-wallet/protocol'),
        import('@ost-wallet/contracts'),
      ]);

    progress('starting anvil, deploying the economy, starting the platform');
    const [platform, stopPlatform] = await startTemporaryPlatform(
      'bench',
      cleanup,
      output,
      signal,
    );
    const { devchain, manifest } = platform;
    const token = manifest.token;
    const unit = sdkModule.toSmallestUnit('1', token.decimals);
    const publicClient = createPublicClient({
      transport: http(devchain.rpcUrl),
      pollingInterval: POLL_INTERVAL_MS,
    });

    // The user: device, activation with a wide first session, funds.
    progress('creating, activating and funding the bench user');
    const partner = createPartnerClient({
      platformUrl: platform.url,
      apiKey: platform.partner.apiKey,
      apiSecret: platform.partner.apiSecret,
    });
    const user = await partner.createUser();
    const storagePassword = randomBytes(24).toString('base64url');
    output.addSecret(storagePassword);
    // Counts the SDK's requests to the platform (each one is signed by the device).
    const requests = { count: 0, routes: new Map<string, number>() };
    const sdk = sdkModule.createWalletSdk({
      platformUrl: platform.url,
      storage: sdkModule.createMemoryStorage(),
      storagePassword,
      pollIntervalMs: POLL_INTERVAL_MS,
      fetch: (input, init) => {
        requests.count++;
        const route = `${init?.method ?? 'GET'} ${toRoute(String(input))}`;
        requests.routes.set(route, (requests.routes.get(route) ?? 0) + 1);
        return fetch(input, init);
      },
    });
    const delegate: WorkflowDelegate = {
      registerDevice: (params, callback) => {
        partner
          .registerDevice(user.id, {
            address: params.device_address,
            api_signer_address: params.api_signer_address,
          })
          .then(
            (device) => callback.deviceRegistered(device),
            () => callback.cancelFlow(),
          );
      },
      getPin: (_context, _userId, accept) => accept.pinEntered(PIN, PASSPHRASE_PREFIX),
      flowComplete: () => {},
      flowInterrupt: () => {},
    };
    const wait = <T>(handle: { result: Promise<{ entity: T }>; cancel(): void }) =>
      untilAborted(handle.result, signal, () => handle.cancel()).then(
        (done) => done.entity,
      );

    await wait(sdk.setupDevice(user.id, user.token_id, delegate));
    const activated: User = await wait(
      sdk.activateUser(
        user.id,
        PIN,
        PASSPHRASE_PREFIX,
        86_400,
        unit * 1_000_000n,
        delegate,
      ),
    );
    const holder = activated.token_holder_address as Address;
    const plainSenders = Array.from({ length: concurrency }, () =>
      privateKeyToAccount(generatePrivateKey()),
    );
    // Workers take the next transfer when free, so one sender may send them all.
    const perSender = BigInt(transfers + samples + 1) * unit;
    const fund = unit * BigInt(transfers + 10) + perSender * BigInt(concurrency);
    await partner.fundUser(user.id, fund);
    await untilAborted(
      waitUntil(
        async () => (await balanceOf(publicClient, token.address, holder)) >= fund,
      ),
      signal,
    );

    // The plain senders get gas from anvil and tokens from the user, through the SDK.
    for (const sender of plainSenders) {
      await devchain.request('anvil_setBalance', [sender.address, '0x56bc75e2d63100000']);
    }
    await wait(
      sdk.executeTransaction(
        user.id,
        plainSenders.map((s) => s.address),
        plainSenders.map(() => perSender),
        'direct transfer',
        null,
        delegate,
      ),
    );
    const wallets = plainSenders.map((account) =>
      createWalletClient({ account, transport: http(devchain.rpcUrl) }),
    );
    const recipient = privateKeyToAccount(generatePrivateKey()).address;
    const sendPlain = async (worker: number) => {
      const wallet = wallets[worker]!;
      const hash = await wallet.writeContract({
        address: token.address,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [recipient, unit],
        chain: null,
      });
      const receipt = await publicClient.waitForTransactionReceipt({
        hash,
        pollingInterval: POLL_INTERVAL_MS,
      });
      if (receipt.status !== 'success')
        throw new Error(`plain transfer ${hash} reverted`);
    };

    // Latency: addSession end to end vs one bare round trip, sequential samples.
    progress(
      `addSession × ${samples} (default PIN scrypt) and bare round trip × ${samples}`,
    );
    const addSessionMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await wait(sdk.addSession(user.id, unit * 100n, 86_400, delegate));
      addSessionMs.push(elapsedMs(start));
    }
    const bareMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await untilAborted(sendPlain(0), signal);
      bareMs.push(elapsedMs(start));
    }

    // Throughput, side by side: same count, same concurrency, each waits for its outcome.
    progress(
      `${transfers} session transfers through SDK + platform, ${concurrency} in flight`,
    );
    const cpuBefore = process.cpuUsage();
    const requestsBefore = requests.count;
    requests.routes.clear();
    const ackMs: number[] = [];
    const doneMs: number[] = [];
    const sessionRun = await runConcurrently(transfers, concurrency, async () => {
      const start = performance.now();
      const timed: WorkflowDelegate = {
        ...delegate,
        requestAcknowledged: () => void ackMs.push(elapsedMs(start)),
      };
      await wait(
        sdk.executeTransaction(
          user.id,
          [recipient],
          [unit],
          'direct transfer',
          null,
          timed,
        ),
      );
      doneMs.push(elapsedMs(start));
    });
    const processCpu = process.cpuUsage(cpuBefore);
    const requestsPerTransfer = (requests.count - requestsBefore) / transfers;
    const requestsByRoute = Object.fromEntries(
      [...requests.routes].map(([route, n]) => [route, round(n / transfers, 2)]),
    );
    progress(
      `${transfers} plain ERC-20 transfers straight to anvil, ${concurrency} in flight`,
    );
    const plainRun = await runConcurrently(transfers, concurrency, (_i, worker) =>
      sendPlain(worker),
    );
    failures = sessionRun.errors.length + plainRun.errors.length;
    if (signal.aborted) throw signal.reason;

    // CPU of the SDK's own signing and encoding, with everything else stopped.
    const chainId = devchain.chainId;
    const rule = manifest.tokenRules;
    await stopPlatform();
    progress(`SDK signing and encoding × ${CPU_ITERATIONS}, platform stopped`);
    // The PIN check inside addSession: one derivation with the SDK's default scrypt.
    const pinStart = performance.now();
    await sdkModule.deriveRecoveryOwnerAddress({
      passphrasePrefix: PASSPHRASE_PREFIX,
      pin: PIN,
      userId: user.id,
      salt: 'bench',
    });
    const pinScryptMs = elapsedMs(pinStart);
    const sessionKey = privateKeyToAccount(generatePrivateKey());
    const apiSigner = privateKeyToAccount(generatePrivateKey());
    const device = { userId: user.id, deviceAddress: sessionKey.address, apiSigner };
    let encodeCpu = 0;
    let signCpu = 0;
    let requestCpu = 0;
    for (let i = 0; i < CPU_ITERATIONS; i++) {
      let data: Hex = '0x';
      encodeCpu += await cpuMs(async () => {
        data = contracts.encodeDirectTransfers({ to: [recipient], amounts: [unit] });
      });
      signCpu += await cpuMs(async () => {
        await sessionKey.signTypedData(
          contracts.getExecuteRuleTypedData({
            chainId,
            tokenHolder: holder,
            to: rule,
            data,
            nonce: BigInt(i),
          }),
        );
      });
      requestCpu += await cpuMs(async () => {
        await signDeviceRequest(
          {
            method: 'POST',
            path: routes.transactions(user.id),
            body: {
              session_address: sessionKey.address,
              data,
              nonce: String(i),
              transfers: [{ to: recipient, amount: unit.toString() }],
            },
            timestamp: Math.floor(Date.now() / 1000),
          },
          device,
        );
      });
    }

    const perSecond = (run: { ok: number; ms: number }) =>
      round(run.ok / (run.ms / 1000), 2);
    const sessionTps = perSecond(sessionRun);
    const plainTps = perSecond(plainRun);
    const addSession = summarize(addSessionMs);
    const bare = summarize(bareMs);
    const figures = {
      session_transfers: {
        count: transfers,
        succeeded: sessionRun.ok,
        concurrency,
        seconds: round(sessionRun.ms / 1000, 2),
        per_second: sessionTps,
        acknowledged_ms: ackMs.length > 0 ? summarize(ackMs) : null,
        completed_ms: doneMs.length > 0 ? summarize(doneMs) : null,
        process_cpu_ms_per_transfer: round(
          (processCpu.user + processCpu.system) / 1000 / transfers,
          2,
        ),
      },
      plain_erc20_transfers: {
        count: transfers,
        succeeded: plainRun.ok,
        concurrency,
        seconds: round(plainRun.ms / 1000, 2),
        per_second: plainTps,
      },
      failures: {
        session: countCodes(sessionRun.errors),
        plain: countCodes(plainRun.errors),
      },
      throughput_ratio: round(sessionTps / plainTps, 3),
      throughput_target: THROUGHPUT_TARGET,
      throughput_meets_target: sessionTps / plainTps >= THROUGHPUT_TARGET,
      add_session_ms: { samples, ...addSession, pin_check_ms: pinScryptMs },
      bare_round_trip_ms: { samples, ...bare },
      latency_ratio: {
        median: round(addSession.median / bare.median, 1),
        p95: round(addSession.p95 / bare.p95, 1),
      },
      // One transfer = its calldata + its EIP-712 signature + a signature per request.
      sdk_cpu_ms_per_transfer: {
        iterations: CPU_ITERATIONS,
        total: round(
          (encodeCpu + signCpu + requestCpu * requestsPerTransfer) / CPU_ITERATIONS,
          3,
        ),
        encode_calldata: round(encodeCpu / CPU_ITERATIONS, 3),
        sign_execute_rule: round(signCpu / CPU_ITERATIONS, 3),
        sign_request: round(requestCpu / CPU_ITERATIONS, 3),
        requests_per_transfer: round(requestsPerTransfer, 1),
        requests_per_transfer_by_route: requestsByRoute,
      },
      setup: {
        poll_interval_ms: POLL_INTERVAL_MS,
        pin_scrypt: 'SDK default (N=2^20)',
        chain: 'anvil, automine',
        rpc_url: devchain.rpcUrl,
        node: process.version,
        cpus: cpus().length,
      },
    };
    output.event('bench', figures, () => formatFigures(figures));
    if (failures > 0) {
      throw new ExpectationError(`${failures} measured transfer(s) failed`, {
        cause: sessionRun.errors[0] ?? plainRun.errors[0],
      });
    }
  } finally {
    await cleanup.run();
  }
}

function formatFigures(f: {
  session_transfers: {
    per_second: number;
    seconds: number;
    count: number;
    concurrency: number;
    process_cpu_ms_per_transfer: number;
    acknowledged_ms: { median: number; p95: number } | null;
    completed_ms: { median: number; p95: number } | null;
  };
  plain_erc20_transfers: { per_second: number; seconds: number };
  throughput_ratio: number;
  throughput_meets_target: boolean;
  add_session_ms: { median: number; p95: number; samples: number; pin_check_ms: number };
  bare_round_trip_ms: { median: number; p95: number };
  latency_ratio: { median: number; p95: number };
  sdk_cpu_ms_per_transfer: {
    total: number;
    encode_calldata: number;
    sign_execute_rule: number;
    sign_request: number;
    requests_per_transfer: number;
  };
  setup: { poll_interval_ms: number };
}): string {
  const s = f.session_transfers;
  const p = f.plain_erc20_transfers;
  const c = f.sdk_cpu_ms_per_transfer;
  return [
    '',
    `ost-wallet bench: one embedded chain (anvil, automine), ${s.count} transfers per side, ${s.concurrency} in flight, ${f.setup.poll_interval_ms} ms polls`,
    '',
    `  session transfers (SDK + platform)     ${pad(s.per_second)} /s   (${s.seconds} s)`,
    `    one transfer: acknowledged median ${s.acknowledged_ms?.median ?? '–'} ms, SUCCESS median ${s.completed_ms?.median ?? '–'} ms, p95 ${s.completed_ms?.p95 ?? '–'} ms`,
    `  plain ERC-20 transfers (viem → anvil)  ${pad(p.per_second)} /s   (${p.seconds} s)`,
    `  ratio                                  ${pad(f.throughput_ratio)}      target ≥ 0.5: ${f.throughput_meets_target ? 'met' : 'NOT met'}`,
    '',
    `  addSession end to end                  median ${f.add_session_ms.median} ms, p95 ${f.add_session_ms.p95} ms (${f.add_session_ms.samples} samples)`,
    `    its PIN check alone (one scrypt N=2^20, measured apart): ${f.add_session_ms.pin_check_ms} ms`,
    `  bare transaction round trip            median ${f.bare_round_trip_ms.median} ms, p95 ${f.bare_round_trip_ms.p95} ms`,
    `  ratio                                  median ${f.latency_ratio.median}×, p95 ${f.latency_ratio.p95}×`,
    '',
    `  SDK CPU per session transfer           ${c.total} ms (calldata ${c.encode_calldata} + EIP-712 signature ${c.sign_execute_rule} + ${c.requests_per_transfer} signed requests × ${c.sign_request})`,
    `  process CPU per session transfer       ${s.process_cpu_ms_per_transfer} ms (SDK + in-process platform, anvil excluded)`,
  ].join('\n');
}

// '/v1/users/<uuid>/transactions/<uuid>?x' → '/v1/users/:id/transactions/:id'
function toRoute(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .split('/')
    .map((part) => (/^(0x[0-9a-fA-F]+|[0-9a-f-]{20,})$/.test(part) ? ':id' : part))
    .join('/');
}

function countCodes(errors: unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const err of errors) {
    const { code } = describeError(err);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

function pad(value: number): string {
  return String(value).padStart(8);
}

async function balanceOf(
  client: { readContract: (args: never) => Promise<unknown> },
  tokenAddress: Address,
  who: Address,
): Promise<bigint> {
  return (await client.readContract({
    address: tokenAddress,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [who],
  } as never)) as bigint;
}

async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new ExpectationError(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
