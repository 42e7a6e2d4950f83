import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import {
  compatibilityFallbackHandlerAbi,
  compatibilityFallbackHandlerBytecode,
} from '../generated/CompatibilityFallbackHandler.ts';
import {
  delayedRecoveryModuleAbi,
  delayedRecoveryModuleBytecode,
} from '../generated/DelayedRecoveryModule.ts';
import { plainTokenAbi, plainTokenBytecode } from '../generated/PlainToken.ts';
import { safeAbi, safeBytecode } from '../generated/Safe.ts';
import {
  safeProxyFactoryAbi,
  safeProxyFactoryBytecode,
} from '../generated/SafeProxyFactory.ts';
import { tokenAbi, tokenBytecode } from '../generated/Token.ts';
import { tokenHolderAbi, tokenHolderBytecode } from '../generated/TokenHolder.ts';
import { tokenRulesAbi, tokenRulesBytecode } from '../generated/TokenRules.ts';
import {
  userWalletFactoryAbi,
  userWalletFactoryBytecode,
} from '../generated/UserWalletFactory.ts';
import type { EconomyManifest } from './EconomyManifest.ts';

/** Parameters of {@link deployEconomy}. */
export type DeployEconomyParameters = {
  /** JSON-RPC URL; used when `publicClient` / `walletClient` are not given. */
  rpcUrl?: string;
  /** Client that reads the chain and waits for receipts. */
  publicClient?: PublicClient;
  /** Client that sends the deployments. */
  walletClient?: WalletClient<Transport, Chain | undefined>;
  /** The account that pays for and sends every deployment. */
  deployer: Account;
  /** The economy's token. */
  token: {
    name: string;
    symbol: string;
    /** 18 and 6 are both supported. */
    decimals: number;
    /** Total supply minted to the treasury, in the smallest unit. */
    supply: bigint;
    /**
     * Deploy the ERC-7674 token (`true`) or a plain ERC-20 (`false`); TokenHolders then
     * approve and reset instead of using transient approvals.
     * @default true
     */
    temporaryApprovals?: boolean;
  };
  /** Receives the whole supply. */
  treasury: Address;
  /** Owner of TokenRules. @default the deployer */
  worker?: Address;
  /** Key that relays recovery operations. @default the deployer */
  recoveryController?: Address;
  /** Recovery delay in seconds. @default 43200 (12 h) */
  recoveryDelay?: number;
  /** Reuse Safe 1.4.1 contracts already on the chain instead of deploying them. */
  safe?: EconomyManifest['safe'];
};

/**
 * Deploys a whole economy: Safe 1.4.1 singleton, proxy factory and fallback handler
 * (from the npm artifacts), the token (supply minted to the treasury), TokenRules, the
 * TokenHolder and DelayedRecoveryModule implementations and the UserWalletFactory.
 *
 * @param parameters - clients or RPC URL, deployer, token, treasury and recovery settings
 * @returns the manifest of deployed addresses (JSON-serializable)
 * @throws when neither clients nor `rpcUrl` are given, or a deployment fails
 * @example
 * const manifest = await deployEconomy({
 *   rpcUrl: chain.rpcUrl,
 *   deployer: privateKeyToAccount(chain.accounts[0].privateKey),
 *   token: { name: 'Pepo', symbol: 'PEPO', decimals: 18, supply: 10n ** 27n },
 *   treasury: chain.accounts[1].address,
 * });
 */
export async function deployEconomy(
  parameters: DeployEconomyParameters,
): Promise<EconomyManifest> {
  const { deployer, token, treasury } = parameters;
  const { publicClient, walletClient } = resolveClients(parameters);
  const worker = parameters.worker ?? deployer.address;
  const recoveryController = parameters.recoveryController ?? deployer.address;
  const recoveryDelay = parameters.recoveryDelay ?? 43_200;
  const temporaryApprovals = token.temporaryApprovals ?? true;
  if (!Number.isInteger(recoveryDelay) || recoveryDelay <= 0) {
    throw new Error(
      `recoveryDelay must be a positive number of seconds, got ${recoveryDelay}`,
    );
  }

  const chainId = await publicClient.getChainId();
  let deployedAtBlock: number | undefined;
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[] = []) => {
    const hash = await walletClient.deployContract({
      abi,
      bytecode,
      args,
      account: deployer,
      chain: walletClient.chain ?? null,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new Error(`deployment failed in transaction ${hash}`);
    }
    deployedAtBlock ??= Number(receipt.blockNumber);
    return getAddress(receipt.contractAddress);
  };

  const safe = parameters.safe ?? {
    singleton: await deploy(safeAbi, safeBytecode),
    proxyFactory: await deploy(safeProxyFactoryAbi, safeProxyFactoryBytecode),
    fallbackHandler: await deploy(
      compatibilityFallbackHandlerAbi,
      compatibilityFallbackHandlerBytecode,
    ),
  };
  const tokenArgs = [token.name, token.symbol, token.decimals, token.supply, treasury];
  const tokenAddress = temporaryApprovals
    ? await deploy(tokenAbi, tokenBytecode, tokenArgs)
    : await deploy(plainTokenAbi, plainTokenBytecode, tokenArgs);
  const tokenRules = await deploy(tokenRulesAbi, tokenRulesBytecode, [
    tokenAddress,
    worker,
  ]);
  const tokenHolderImplementation = await deploy(tokenHolderAbi, tokenHolderBytecode, [
    tokenAddress,
    tokenRules,
  ]);
  const recoveryModuleImplementation = await deploy(
    delayedRecoveryModuleAbi,
    delayedRecoveryModuleBytecode,
  );
  const userWalletFactory = await deploy(
    userWalletFactoryAbi,
    userWalletFactoryBytecode,
    [
      safe.proxyFactory,
      safe.singleton,
      safe.fallbackHandler,
      tokenHolderImplementation,
      recoveryModuleImplementation,
      recoveryController,
      BigInt(recoveryDelay),
    ],
  );

  return {
    chainId,
    token: {
      address: tokenAddress,
      name: token.name,
      symbol: token.symbol,
      decimals: token.decimals,
      temporaryApprovals,
    },
    tokenRules,
    userWalletFactory,
    tokenHolderImplementation,
    recoveryModuleImplementation,
    safe,
    treasury,
    worker,
    recoveryController,
    recoveryDelay,
    deployedAtBlock: deployedAtBlock ?? Number(await publicClient.getBlockNumber()),
  };
}

function resolveClients(parameters: DeployEconomyParameters): {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined>;
} {
  const { rpcUrl } = parameters;
  if (parameters.publicClient && parameters.walletClient) {
    return {
      publicClient: parameters.publicClient,
      walletClient: parameters.walletClient,
    };
  }
  if (rpcUrl === undefined) {
    throw new Error('deployEconomy needs rpcUrl or both publicClient and walletClient');
  }
  return {
    publicClient:
      parameters.publicClient ??
      createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 }),
    walletClient:
      parameters.walletClient ?? createWalletClient({ transport: http(rpcUrl) }),
  };
}
