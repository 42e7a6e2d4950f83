import {
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hash,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem';
import { userWalletFactoryAbi } from '../generated/UserWalletFactory.ts';

/** A session to authorize while the wallet is created. */
export type InitialSession = {
  /** Session key address. */
  key: Address;
  /** In the token's smallest unit. */
  spendingLimit: bigint;
  /** Unix time in seconds. */
  expiresAt: bigint;
};

/** Parameters of {@link encodeCreateUserWallet}. */
export type EncodeCreateUserWalletParameters = {
  /** The device key: the Safe's only owner. */
  device: Address;
  /** The address derived from the user's PIN. */
  recoveryOwner: Address;
  /** Per-user salt (32 bytes); see {@link toUserSalt}. Addresses derive from it. */
  salt: Hex;
  /** First sessions. @default [] */
  sessions?: readonly InitialSession[];
};

/** Parameters of {@link createUserWallet}. */
export type CreateUserWalletParameters = EncodeCreateUserWalletParameters & {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined>;
  /** Sender (the relayer). */
  account: Account;
  /** The economy's UserWalletFactory. */
  userWalletFactory: Address;
};

/** The contracts of one user, as created by the factory. */
export type UserWallet = {
  /** The Safe (device manager). */
  safe: Address;
  /** The user's TokenHolder. */
  tokenHolder: Address;
  /** The user's DelayedRecoveryModule. */
  recoveryModule: Address;
  /** The creating transaction. */
  transactionHash: Hash;
  /** Block it was mined in. */
  blockNumber: bigint;
  /** Gas it used. */
  gasUsed: bigint;
};

/**
 * Turns a user id into the 32-byte salt the factory derives addresses from.
 *
 * @param userId - any stable user identifier
 * @returns keccak256 of the UTF-8 id
 * @example
 * const salt = toUserSalt('0c5f4c4e-7e2f-4a0b-9f4d-1c2b3a4d5e6f');
 */
export function toUserSalt(userId: string): Hex {
  return keccak256(stringToHex(userId));
}

/**
 * Encodes `UserWalletFactory.createUserWallet(...)`, for relayers that send it
 * themselves.
 *
 * @param parameters - device, recovery owner, salt and first sessions
 * @returns calldata for the UserWalletFactory
 * @example
 * const data = encodeCreateUserWallet({ device, recoveryOwner, salt: toUserSalt(userId) });
 */
export function encodeCreateUserWallet(
  parameters: EncodeCreateUserWalletParameters,
): Hex {
  const { device, recoveryOwner, salt, sessions = [] } = parameters;
  return encodeFunctionData({
    abi: userWalletFactoryAbi,
    functionName: 'createUserWallet',
    args: [
      device,
      recoveryOwner,
      salt,
      sessions.map((s) => s.key),
      sessions.map((s) => s.spendingLimit),
      sessions.map((s) => s.expiresAt),
    ],
  });
}

/**
 * Creates a user's Safe, recovery module and TokenHolder in one transaction and
 * reads their addresses from the `UserWalletCreated` event.
 *
 * @param parameters - clients, sender, factory, device, recovery owner, salt, sessions
 * @returns the new contracts' addresses and the transaction facts
 * @throws when the transaction reverts or the event is missing
 * @example
 * const wallet = await createUserWallet({
 *   publicClient, walletClient, account: relayer,
 *   userWalletFactory: manifest.userWalletFactory,
 *   device: device.address, recoveryOwner, salt: toUserSalt('user-1'),
 * });
 */
export async function createUserWallet(
  parameters: CreateUserWalletParameters,
): Promise<UserWallet> {
  const { publicClient, walletClient, account, userWalletFactory } = parameters;

  const hash = await walletClient.sendTransaction({
    account,
    chain: walletClient.chain ?? null,
    to: userWalletFactory,
    data: encodeCreateUserWallet(parameters),
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') {
    throw new Error(`createUserWallet reverted in transaction ${hash}`);
  }

  const [event] = parseEventLogs({
    abi: userWalletFactoryAbi,
    eventName: 'UserWalletCreated',
    logs: receipt.logs,
  });
  if (!event) throw new Error(`no UserWalletCreated event in transaction ${hash}`);
  return {
    ...event.args,
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  };
}
