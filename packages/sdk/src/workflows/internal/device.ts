/** @internal Loading the device's keys and syncing entities from the platform. */
import type {
  Chain,
  Device,
  DeviceManager,
  Page,
  Session,
  Token,
  User,
} from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import type { LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { DeviceCredentials } from '../../api/createApiClient.ts';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { mnemonicToDeviceOwnerKey } from '../../keys/mnemonicToDeviceOwnerKey.ts';
import type { LocalUser } from '../../state/createLocalState.ts';
import { type SdkRuntime, secretNames } from './runtime.ts';

/** @internal The device's local record and its request-signing identity. */
export async function loadDevice(
  rt: SdkRuntime,
  userId: string,
): Promise<{ local: LocalUser; credentials: DeviceCredentials }> {
  const local = await rt.state.get(userId);
  const apiKey = local && (await rt.keystore.get(secretNames.apiSigner(userId)));
  if (!local || !apiKey) {
    throw new WalletSdkError(
      'DEVICE_NOT_SETUP',
      `no device is set up for user '${userId}'; run setupDevice first`,
      {
        details: { userId },
      },
    );
  }
  const apiSigner = privateKeyToAccount(apiKey as `0x${string}`);
  if (apiSigner.address !== local.apiSignerAddress) {
    throw new WalletSdkError(
      'KEYSTORE_CORRUPT',
      'the stored API-signer key does not match the device record',
    );
  }
  return {
    local,
    credentials: { userId, deviceAddress: local.deviceAddress, apiSigner },
  };
}

/** @internal The device owner key as a viem account (from the stored mnemonic). */
export async function loadOwnerAccount(
  rt: SdkRuntime,
  local: LocalUser,
): Promise<LocalAccount> {
  const mnemonic = await rt.keystore.get(secretNames.deviceMnemonic(local.userId));
  if (!mnemonic)
    throw new WalletSdkError(
      'KEY_NOT_FOUND',
      `the device key of user '${local.userId}' is missing`,
    );
  const account = privateKeyToAccount(mnemonicToDeviceOwnerKey(mnemonic));
  if (account.address !== local.deviceAddress) {
    throw new WalletSdkError(
      'KEYSTORE_CORRUPT',
      'the stored device key does not match the device record',
    );
  }
  return account;
}

/** @internal A user the platform reports ACTIVATED, with its Safe and TokenHolder. */
export type ActivatedUser = User & {
  device_manager_address: string;
  token_holder_address: string;
};

/** @internal Platform reads that also refresh the local record. */
export function createReader(
  rt: SdkRuntime,
  credentials: DeviceCredentials,
  signal: AbortSignal,
) {
  const { userId } = credentials;
  const get = <T>(path: string) =>
    rt.api.request<T>(credentials, { method: 'GET', path, signal });
  const patch = (fn: (l: LocalUser) => void) =>
    rt.state.update(userId, (l) => {
      if (l) fn(l);
      return l;
    });

  return {
    get,
    post: <T>(path: string, body: unknown) =>
      rt.api.request<T>(credentials, { method: 'POST', path, body, signal }),
    async device(): Promise<Device> {
      const device = await get<Device>(routes.currentDevice(userId));
      await patch((l) => {
        l.device = device;
      });
      return device;
    },
    async user(): Promise<User> {
      const user = await get<User>(routes.user(userId));
      await patch((l) => {
        l.user = user;
      });
      return user;
    },
    async token(): Promise<Token> {
      const token = await get<Token>(routes.token);
      await patch((l) => {
        l.token = token;
      });
      return token;
    },
    async chain(): Promise<Chain> {
      const chain = await get<Chain>(routes.chain);
      await patch((l) => {
        l.chainTimeOffset = chain.time - Math.floor(Date.now() / 1000);
      });
      return chain;
    },
    async deviceManager(): Promise<DeviceManager> {
      return await get<DeviceManager>(routes.deviceManager(userId));
    },
    async session(address: string): Promise<Session> {
      return await get<Session>(routes.session(userId, address));
    },
    /** Every session of the user the platform knows (all pages). */
    async sessions(): Promise<Session[]> {
      const all: Session[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const raw: unknown = await rt.api.request(credentials, {
          method: 'GET',
          path: routes.sessions(userId),
          ...(cursor === null ? {} : { query: { cursor } }),
          signal,
        });
        if (Array.isArray(raw)) return raw as Session[];
        const p = raw as Page<'sessions', Session>;
        all.push(...(p.sessions ?? []));
        cursor = p.next_cursor ?? null;
        if (cursor === null) break;
      }
      return all;
    },
    /** The device must be AUTHORIZED (an owner of the user's Safe). */
    async authorizedDevice(): Promise<Device> {
      const device = await this.device();
      if (device.status !== 'AUTHORIZED') {
        throw new WalletSdkError(
          'DEVICE_UNAUTHORIZED',
          `device ${device.address} is ${device.status}, not AUTHORIZED`,
          {
            details: { deviceAddress: device.address, status: device.status },
          },
        );
      }
      return device;
    },
    /** The user must be ACTIVATED with a Safe and a TokenHolder. */
    async activatedUser(): Promise<ActivatedUser> {
      const user = await this.user();
      if (
        user.status !== 'ACTIVATED' ||
        !user.device_manager_address ||
        !user.token_holder_address
      ) {
        throw new WalletSdkError(
          'USER_NOT_ACTIVATED',
          `user '${userId}' is ${user.status}, not ACTIVATED`,
          {
            details: { userId, status: user.status },
          },
        );
      }
      return user as ActivatedUser;
    },
  };
}

/** @internal */
export type Reader = ReturnType<typeof createReader>;

/**
 * @internal The precondition of every workflow on an activated wallet: loads the device,
 * then requires the device AUTHORIZED and the user ACTIVATED according to the platform.
 * Forgets what executeTransaction reused about the user (see `reuseReads.ts`).
 *
 * @throws {WalletSdkError} `DEVICE_NOT_SETUP`, `KEYSTORE_CORRUPT`, `DEVICE_UNAUTHORIZED`,
 *   `USER_NOT_ACTIVATED`
 */
export async function loadActivatedUser(
  rt: SdkRuntime,
  userId: string,
  signal: AbortSignal,
) {
  const { local, credentials } = await loadDevice(rt, userId);
  rt.reads.users.delete(userId);
  rt.reads.sessionsSyncedAt.delete(userId);
  const reader = createReader(rt, credentials, signal);
  await reader.authorizedDevice();
  const user = await reader.activatedUser();
  return { local, reader, user };
}
