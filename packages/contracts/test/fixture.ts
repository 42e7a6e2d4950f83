/**
 * Shared test setup: one anvil per test file (via @ost-wallet/devchain), one economy,
 * and helpers to drive the Safe and TokenHolder the way the SDK and platform do.
 */
import { type Devchain, startDevchain } from '@ost-wallet/devchain';
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeEach } from 'vitest';
import {
  createUserWallet,
  decodeTokenHolderError,
  deployEconomy,
  type EconomyManifest,
  encodeDirectTransfers,
  encodeExecTransaction,
  getExecuteRuleTypedData,
  getSafeTxTypedData,
  type InitialSession,
  safeAbi,
  tokenAbi,
  tokenHolderAbi,
  toUserSalt,
  type UserWallet,
} from '../src/index.ts';

export type Fixture = Awaited<ReturnType<typeof setupEconomy>>;

/** Options of {@link setupEconomy}. */
export type SetupOptions = {
  decimals?: number;
  temporaryApprovals?: boolean;
  recoveryDelay?: number;
};

/** Starts anvil and deploys an economy; the treasury holds the whole supply. */
export async function setupEconomy(options: SetupOptions = {}) {
  const devchain: Devchain = await startDevchain();
  const chain: Chain = defineChain({
    id: devchain.chainId,
    name: 'devchain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [devchain.rpcUrl] } },
  });
  const accounts = devchain.accounts.map((a) => privateKeyToAccount(a.privateKey));
  const [relayer, treasury, device, recoveryOwner, controller, worker, stranger] =
    accounts as [LocalAccount, ...LocalAccount[]] & LocalAccount[];
  const publicClient = createPublicClient({
    chain,
    transport: http(devchain.rpcUrl),
    pollingInterval: 20,
  }) as PublicClient;
  const walletClient: WalletClient<Transport, Chain> = createWalletClient({
    chain,
    transport: http(devchain.rpcUrl),
  });
  const decimals = options.decimals ?? 18;
  const unit = 10n ** BigInt(decimals);

  const manifest: EconomyManifest = await deployEconomy({
    publicClient,
    walletClient,
    deployer: relayer,
    token: {
      name: 'Test Token',
      symbol: 'TT',
      decimals,
      supply: 1_000_000n * unit,
      temporaryApprovals: options.temporaryApprovals ?? true,
    },
    treasury: treasury!.address,
    worker: worker!.address,
    recoveryController: controller!.address,
    recoveryDelay: options.recoveryDelay ?? 3600,
  });

  let walletCount = 0;

  /** Sends a transaction from `from` and waits for a successful receipt. */
  async function send(
    from: LocalAccount,
    to: Address,
    data: Hex,
  ): Promise<TransactionReceipt> {
    const hash = await walletClient.sendTransaction({ account: from, to, data });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /** Latest block timestamp (chain time). */
  async function now(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  /** A fresh random session key (generated at run time, never stored). */
  function newSessionKey(): LocalAccount {
    return privateKeyToAccount(generatePrivateKey());
  }

  /** Creates a wallet for a new user with `device` as Safe owner. */
  async function newWallet(sessions: InitialSession[] = []): Promise<UserWallet> {
    walletCount += 1;
    return createUserWallet({
      publicClient,
      walletClient,
      account: relayer!,
      userWalletFactory: manifest.userWalletFactory,
      device: device!.address,
      recoveryOwner: recoveryOwner!.address,
      salt: toUserSalt(`user-${walletCount}-${Date.now()}`),
      sessions,
    });
  }

  /** Signs a SafeTx with `signer` (the device key) and relays execTransaction. */
  async function execSafe(
    safe: Address,
    to: Address,
    data: Hex,
    signer: LocalAccount = device!,
  ): Promise<TransactionReceipt> {
    const nonce = await publicClient.readContract({
      address: safe,
      abi: safeAbi,
      functionName: 'nonce',
    });
    const signature = await signer.signTypedData(
      getSafeTxTypedData({ chainId: chain.id, safe, to, data, nonce }),
    );
    return send(relayer!, safe, encodeExecTransaction({ to, data, signature }));
  }

  /** Signs an ExecuteRule message with a session key. */
  async function signRule(
    sessionKey: LocalAccount,
    tokenHolder: Address,
    to: Address,
    data: Hex,
    nonce: bigint,
    chainId: number = chain.id,
  ): Promise<Hex> {
    return sessionKey.signTypedData(
      getExecuteRuleTypedData({ chainId, tokenHolder, to, data, nonce }),
    );
  }

  /** Reads a session's stored fields. */
  async function session(tokenHolder: Address, key: Address) {
    const [spendingLimit, expiresAt, nonce, generation, revoked] =
      await publicClient.readContract({
        address: tokenHolder,
        abi: tokenHolderAbi,
        functionName: 'sessions',
        args: [key],
      });
    return { spendingLimit, expiresAt, nonce, generation, revoked };
  }

  /** Token balance of `owner`. */
  async function balanceOf(owner: Address): Promise<bigint> {
    return publicClient.readContract({
      address: manifest.token.address,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [owner],
    });
  }

  /** Transfers tokens from the treasury. */
  async function fund(to: Address, amount: bigint): Promise<void> {
    await send(treasury!, manifest.token.address, encodeTransfer(to, amount));
  }

  /** Signs and relays a direct transfer; returns the receipt and the RuleExecuted args. */
  async function directTransfer(
    sessionKey: LocalAccount,
    tokenHolder: Address,
    to: Address[],
    amounts: bigint[],
    nonce?: bigint,
  ) {
    const data = encodeDirectTransfers({ to, amounts });
    const useNonce = nonce ?? (await session(tokenHolder, sessionKey.address)).nonce;
    const signature = await signRule(
      sessionKey,
      tokenHolder,
      manifest.tokenRules,
      data,
      useNonce,
    );
    const receipt = await send(
      relayer!,
      tokenHolder,
      encodeExecuteRule(manifest.tokenRules, data, useNonce, signature),
    );
    const [executed] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'RuleExecuted',
      logs: receipt.logs,
    });
    const [failed] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'RuleFailed',
      logs: receipt.logs,
    });
    return { receipt, executed: executed?.args, failed: failed?.args };
  }

  return {
    devchain,
    chain,
    manifest,
    publicClient,
    walletClient,
    relayer: relayer!,
    treasury: treasury!,
    device: device!,
    recoveryOwner: recoveryOwner!,
    controller: controller!,
    worker: worker!,
    stranger: stranger!,
    unit,
    send,
    now,
    newSessionKey,
    newWallet,
    execSafe,
    signRule,
    session,
    balanceOf,
    fund,
    directTransfer,
  };
}

/**
 * Gives every test of the file a fresh chain: snapshots anvil before each test and
 * reverts after it; stops anvil after the last test. Call at the top level of the file.
 */
export function isolateEachTest(fixture: () => Fixture): void {
  let snapshot: Hex;

  afterAll(async () => {
    await fixture()?.devchain.stop();
  });

  beforeEach(async () => {
    snapshot = await fixture().devchain.snapshot();
  });

  afterEach(async () => {
    await fixture().devchain.revert(snapshot);
  });
}

/** Calldata of ERC-20 transfer. */
export function encodeTransfer(to: Address, amount: bigint): Hex {
  return encodeFunctionData({
    abi: tokenAbi,
    functionName: 'transfer',
    args: [to, amount],
  });
}

/** Calldata of TokenHolder.executeRule. */
export function encodeExecuteRule(
  to: Address,
  data: Hex,
  nonce: bigint,
  signature: Hex,
): Hex {
  return encodeFunctionData({
    abi: tokenHolderAbi,
    functionName: 'executeRule',
    args: [to, data, nonce, signature],
  });
}

/**
 * Runs `fn` expecting a revert and returns the decoded custom error name.
 * Uses eth_call so nothing is mined.
 */
export async function revertName(
  fn: () => Promise<unknown>,
): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return (
      decodeTokenHolderError(err) ?? `undecoded: ${(err as Error).message.slice(0, 300)}`
    );
  }
  throw new Error('expected a revert');
}
