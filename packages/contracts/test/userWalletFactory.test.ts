import {
  type Address,
  encodeAbiParameters,
  encodeFunctionData,
  hashTypedData,
  keccak256,
  parseAbi,
  parseAbiParameters,
  parseEventLogs,
  zeroAddress,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encodeAuthorizeSession,
  encodeCreateUserWallet,
  encodeLogout,
  encodeRevokeSession,
  getSafeTxTypedData,
  safeAbi,
  safeProxyFactoryAbi,
  tokenHolderAbi,
  toUserSalt,
  userWalletFactoryAbi,
  userWalletFactoryBytecode,
} from '../src/index.ts';
import { type Fixture, isolateEachTest, revertName, setupEconomy } from './fixture.ts';

const SENTINEL: Address = '0x0000000000000000000000000000000000000001';
let f: Fixture;

const safeCall = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: safeAbi, functionName, args } as never);

beforeAll(async () => {
  f = await setupEconomy();
});

isolateEachTest(() => f);

describe('UserWalletFactory', () => {
  it('creates Safe, recovery module and TokenHolder at the predicted addresses', async () => {
    const salt = toUserSalt('user-predicted');
    const predicted = await f.publicClient.readContract({
      address: f.manifest.userWalletFactory,
      abi: userWalletFactoryAbi,
      functionName: 'predictUserWallet',
      args: [f.relayer.address, salt, f.device.address],
    });
    const receipt = await f.send(
      f.relayer,
      f.manifest.userWalletFactory,
      encodeCreateUserWallet({
        device: f.device.address,
        recoveryOwner: f.recoveryOwner.address,
        salt,
      }),
    );
    const [event] = parseEventLogs({
      abi: userWalletFactoryAbi,
      eventName: 'UserWalletCreated',
      logs: receipt.logs,
    });
    expect([
      event?.args.safe,
      event?.args.tokenHolder,
      event?.args.recoveryModule,
    ]).toEqual(predicted);
    // The same salt from the same relayer cannot be used twice.
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.relayer.address,
          to: f.manifest.userWalletFactory,
          data: encodeCreateUserWallet({
            device: f.device.address,
            recoveryOwner: f.recoveryOwner.address,
            salt,
          }),
        }),
      ),
    ).toContain('0xb06ebf3d'); // FailedDeployment() from OpenZeppelin Clones
  });

  it('still creates the wallet when someone deployed its Safe first through the proxy factory', async () => {
    // Anyone may call SafeProxyFactory.createProxyWithNonce with the factory's public
    // initializer and salt, front-running the relayer: the same Safe appears at the
    // predicted address and the factory's own creation of it fails.
    const salt = toUserSalt('user-front-run');
    const [safe, tokenHolder, recoveryModule] = await f.publicClient.readContract({
      address: f.manifest.userWalletFactory,
      abi: userWalletFactoryAbi,
      functionName: 'predictUserWallet',
      args: [f.relayer.address, salt, f.device.address],
    });
    const read = (functionName: 'moduleSetup' | 'fallbackHandler' | 'safeSingleton') =>
      f.publicClient.readContract({
        address: f.manifest.userWalletFactory,
        abi: userWalletFactoryAbi,
        functionName,
      });
    const initializer = safeCall('setup', [
      [f.device.address],
      1n,
      await read('moduleSetup'),
      encodeFunctionData({
        abi: parseAbi(['function enableModules(address[] modules)']),
        args: [[recoveryModule]],
      }),
      await read('fallbackHandler'),
      zeroAddress,
      0n,
      zeroAddress,
    ]);
    const userSalt = keccak256(
      encodeAbiParameters(parseAbiParameters('address, bytes32'), [
        f.relayer.address,
        salt,
      ]),
    );
    await f.send(
      f.stranger,
      f.manifest.safe.proxyFactory,
      encodeFunctionData({
        abi: safeProxyFactoryAbi,
        functionName: 'createProxyWithNonce',
        args: [await read('safeSingleton'), initializer, BigInt(userSalt)],
      }),
    );
    expect(await f.publicClient.getCode({ address: safe })).toMatch(/^0x[0-9a-f]{2,}$/);

    const receipt = await f.send(
      f.relayer,
      f.manifest.userWalletFactory,
      encodeCreateUserWallet({
        device: f.device.address,
        recoveryOwner: f.recoveryOwner.address,
        salt,
      }),
    );
    const [event] = parseEventLogs({
      abi: userWalletFactoryAbi,
      eventName: 'UserWalletCreated',
      logs: receipt.logs,
    });
    expect([
      event?.args.safe,
      event?.args.tokenHolder,
      event?.args.recoveryModule,
    ]).toEqual([safe, tokenHolder, recoveryModule]);
    expect(
      await f.publicClient.readContract({
        address: safe,
        abi: safeAbi,
        functionName: 'getOwners',
      }),
    ).toEqual([f.device.address]);
    expect(
      await f.publicClient.readContract({
        address: tokenHolder,
        abi: tokenHolderAbi,
        functionName: 'owner',
      }),
    ).toBe(safe);
  });

  it('sets the Safe up: device owner, threshold 1, fallback handler, module; TokenHolder owned by the Safe', async () => {
    const wallet = await f.newWallet();
    const read = (functionName: string, args: readonly unknown[] = []) =>
      f.publicClient.readContract({
        address: wallet.safe,
        abi: safeAbi,
        functionName,
        args,
      } as never);
    expect(await read('getOwners')).toEqual([f.device.address]);
    expect(await read('getThreshold')).toBe(1n);
    expect(await read('isModuleEnabled', [wallet.recoveryModule])).toBe(true);
    // Safe 1.4.1 keeps the fallback handler at keccak256("fallback_manager.handler.address").
    const slot = await f.publicClient.getStorageAt({
      address: wallet.safe,
      slot: '0x6c9a6c4a39284e37ed1cf53d337577d14212a4870fb976a4366c693b939918d5',
    });
    expect(BigInt(slot ?? '0x0')).toBe(BigInt(f.manifest.safe.fallbackHandler));
    expect(
      await f.publicClient.readContract({
        address: wallet.tokenHolder,
        abi: tokenHolderAbi,
        functionName: 'owner',
      }),
    ).toBe(wallet.safe);
    // The clones delegate to the implementations (EIP-1167 runtime code embeds them).
    const code = await f.publicClient.getCode({ address: wallet.tokenHolder });
    expect(code?.toLowerCase()).toContain(
      f.manifest.tokenHolderImplementation.slice(2).toLowerCase(),
    );
  });

  it('refuses zero constructor arguments and a zero device', async () => {
    const args = [
      f.manifest.safe.proxyFactory,
      f.manifest.safe.singleton,
      f.manifest.safe.fallbackHandler,
      f.manifest.tokenHolderImplementation,
      f.manifest.recoveryModuleImplementation,
      f.controller.address,
      3600n,
    ] as const;
    for (let i = 0; i < 6; i++) {
      const broken = args.map((a, j) =>
        j === i ? zeroAddress : a,
      ) as unknown as typeof args;
      await expect(
        f.walletClient.deployContract({
          account: f.relayer,
          abi: userWalletFactoryAbi,
          bytecode: userWalletFactoryBytecode,
          args: broken,
        }),
      ).rejects.toThrow(/0xd92e233d/); // ZeroAddress()
    }
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.relayer.address,
          to: f.manifest.userWalletFactory,
          data: encodeCreateUserWallet({
            device: zeroAddress,
            recoveryOwner: f.recoveryOwner.address,
            salt: toUserSalt('z'),
          }),
        }),
      ),
    ).toBe('ZeroAddress');
  });

  it('creates first sessions in the same transaction', async () => {
    const keys = [f.newSessionKey(), f.newSessionKey()];
    const expiresAt = (await f.now()) + 3600n;
    const wallet = await f.newWallet(
      keys.map((k) => ({ key: k.address, spendingLimit: 7n, expiresAt })),
    );
    for (const k of keys)
      expect((await f.session(wallet.tokenHolder, k.address)).spendingLimit).toBe(7n);
  });
});

describe('Safe wallet operations with threshold 1 (device key signs EIP-712 SafeTx)', () => {
  it('hashes SafeTx exactly like Safe.getTransactionHash', async () => {
    const wallet = await f.newWallet();
    const data = encodeLogout();
    const typedData = getSafeTxTypedData({
      chainId: f.chain.id,
      safe: wallet.safe,
      to: wallet.tokenHolder,
      data,
      nonce: 0n,
    });
    const onChain = await f.publicClient.readContract({
      address: wallet.safe,
      abi: safeAbi,
      functionName: 'getTransactionHash',
      args: [wallet.tokenHolder, 0n, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, 0n],
    });
    expect(hashTypedData(typedData)).toBe(onChain);
  });

  it('adds, swaps and removes owners, manages sessions, then changes the threshold', async () => {
    const wallet = await f.newWallet();
    const { safe, tokenHolder } = wallet;
    const second = f.newSessionKey();
    const third = f.newSessionKey();
    const owners = () =>
      f.publicClient.readContract({
        address: safe,
        abi: safeAbi,
        functionName: 'getOwners',
      });

    await f.execSafe(safe, safe, safeCall('addOwnerWithThreshold', [second.address, 1n]));
    expect(await owners()).toEqual([second.address, f.device.address]);
    await f.execSafe(
      safe,
      safe,
      safeCall('swapOwner', [second.address, f.device.address, third.address]),
    );
    expect(await owners()).toEqual([second.address, third.address]);
    // The new owner signs alone (threshold 1).
    await f.execSafe(
      safe,
      safe,
      safeCall('removeOwner', [SENTINEL, second.address, 1n]),
      third,
    );
    expect(await owners()).toEqual([third.address]);

    const key = f.newSessionKey().address;
    const authorized = await f.execSafe(
      safe,
      tokenHolder,
      encodeAuthorizeSession({
        sessionKey: key,
        spendingLimit: 5n,
        expiresAt: (await f.now()) + 3600n,
      }),
      third,
    );
    expect(
      parseEventLogs({
        abi: tokenHolderAbi,
        eventName: 'SessionAuthorized',
        logs: authorized.logs,
      })[0]?.args.key,
    ).toBe(key);
    const revoked = await f.execSafe(safe, tokenHolder, encodeRevokeSession(key), third);
    expect(
      parseEventLogs({
        abi: tokenHolderAbi,
        eventName: 'SessionRevoked',
        logs: revoked.logs,
      })[0]?.args.key,
    ).toBe(key);
    const loggedOut = await f.execSafe(safe, tokenHolder, encodeLogout(), third);
    expect(
      parseEventLogs({
        abi: tokenHolderAbi,
        eventName: 'SessionsLoggedOut',
        logs: loggedOut.logs,
      })[0]?.args.generation,
    ).toBe(1n);

    await f.execSafe(
      safe,
      safe,
      safeCall('addOwnerWithThreshold', [second.address, 2n]),
      third,
    );
    expect(
      await f.publicClient.readContract({
        address: safe,
        abi: safeAbi,
        functionName: 'getThreshold',
      }),
    ).toBe(2n);
    // The removed device key can no longer act.
    await expect(
      f.execSafe(safe, tokenHolder, encodeLogout(), f.device),
    ).rejects.toThrow();
  });
});
