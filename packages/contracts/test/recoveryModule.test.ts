import {
  type Address,
  decodeErrorResult,
  encodeFunctionData,
  type Hex,
  parseEventLogs,
  zeroAddress,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  delayedRecoveryModuleAbi,
  getAbortRecoveryTypedData,
  getInitiateRecoveryTypedData,
  getResetRecoveryOwnerTypedData,
  safeAbi,
  type UserWallet,
} from '../src/index.ts';
import { type Fixture, isolateEachTest, setupEconomy } from './fixture.ts';

const SENTINEL: Address = '0x0000000000000000000000000000000000000001';
const DELAY = 3600;
let f: Fixture;
let wallet: UserWallet;
let module: Address;
let newDevice: Address;

/** Decodes the module's custom error from a reverted eth_call. */
async function moduleRevert(
  from: Address,
  data: Hex,
  to: Address = module,
): Promise<string> {
  try {
    await f.publicClient.call({ account: from, to, data });
  } catch (err) {
    let cause: unknown = err;
    while (cause && typeof cause === 'object') {
      const raw = (cause as { data?: unknown }).data;
      if (typeof raw === 'string' && raw.startsWith('0x')) {
        return decodeErrorResult({ abi: delayedRecoveryModuleAbi, data: raw as Hex })
          .errorName;
      }
      cause = (cause as { cause?: unknown }).cause;
    }
    throw err;
  }
  throw new Error('expected a revert');
}

const call = (functionName: string, args: readonly unknown[]) =>
  encodeFunctionData({ abi: delayedRecoveryModuleAbi, functionName, args } as never);

async function nonce(): Promise<bigint> {
  return BigInt(
    await f.publicClient.readContract({
      address: module,
      abi: delayedRecoveryModuleAbi,
      functionName: 'nonce',
    }),
  );
}

async function signInitiate(
  prevOwner: Address,
  oldOwner: Address,
  newOwner: Address,
  signer = f.recoveryOwner,
) {
  return signer.signTypedData(
    getInitiateRecoveryTypedData({
      chainId: f.chain.id,
      recoveryModule: module,
      prevOwner,
      oldOwner,
      newOwner,
      nonce: await nonce(),
    }),
  );
}

async function initiate(
  prevOwner = SENTINEL,
  oldOwner = f.device.address,
  newOwner = newDevice,
) {
  const signature = await signInitiate(prevOwner, oldOwner, newOwner);
  return f.send(
    f.controller,
    module,
    call('initiateRecovery', [prevOwner, oldOwner, newOwner, signature]),
  );
}

async function owners(): Promise<readonly Address[]> {
  return f.publicClient.readContract({
    address: wallet.safe,
    abi: safeAbi,
    functionName: 'getOwners',
  });
}

beforeAll(async () => {
  f = await setupEconomy({ recoveryDelay: DELAY });
  wallet = await f.newWallet();
  module = wallet.recoveryModule;
  newDevice = f.newSessionKey().address;
});

isolateEachTest(() => f);

describe('setup', () => {
  it('stores Safe, recovery owner, controller and delay; the Safe has the module enabled', async () => {
    const read = (functionName: string) =>
      f.publicClient.readContract({
        address: module,
        abi: delayedRecoveryModuleAbi,
        functionName,
      } as never);
    expect(await read('safe')).toBe(wallet.safe);
    expect(await read('recoveryOwner')).toBe(f.recoveryOwner.address);
    expect(await read('controller')).toBe(f.controller.address);
    expect(await read('recoveryDelay')).toBe(BigInt(DELAY));
    expect(
      await f.publicClient.readContract({
        address: wallet.safe,
        abi: safeAbi,
        functionName: 'isModuleEnabled',
        args: [module],
      }),
    ).toBe(true);
  });

  it('refuses a second setup, setting up the implementation, zero addresses and a zero delay', async () => {
    const setup = (safe: Address, owner: Address, controller: Address, delay: bigint) =>
      call('setup', [safe, owner, controller, delay]);
    const a = f.stranger.address;
    expect(await moduleRevert(a, setup(a, a, a, 1n))).toBe('AlreadySetUp');
    expect(
      await moduleRevert(a, setup(a, a, a, 1n), f.manifest.recoveryModuleImplementation),
    ).toBe('AlreadySetUp');
    const impl = f.manifest.recoveryModuleImplementation.slice(2).toLowerCase();
    const hash = await f.walletClient.sendTransaction({
      account: f.relayer,
      data: `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${impl}5af43d82803e903d91602b57fd5bf3`,
    });
    const clone = (await f.publicClient.waitForTransactionReceipt({ hash }))
      .contractAddress!;
    expect(await moduleRevert(a, setup(zeroAddress, a, a, 1n), clone)).toBe(
      'ZeroAddress',
    );
    expect(await moduleRevert(a, setup(a, zeroAddress, a, 1n), clone)).toBe(
      'ZeroAddress',
    );
    expect(await moduleRevert(a, setup(a, a, zeroAddress, 1n), clone)).toBe(
      'ZeroAddress',
    );
    expect(await moduleRevert(a, setup(a, a, a, 0n), clone)).toBe('ZeroDelay');
  });
});

describe('initiateRecovery', () => {
  it('stores the recovery with executeAfter = now + delay and emits RecoveryInitiated', async () => {
    const receipt = await initiate();
    const block = await f.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const [event] = parseEventLogs({
      abi: delayedRecoveryModuleAbi,
      eventName: 'RecoveryInitiated',
      logs: receipt.logs,
    });
    expect(event?.args).toEqual({
      prevOwner: SENTINEL,
      oldOwner: f.device.address,
      newOwner: newDevice,
      executeAfter: block.timestamp + BigInt(DELAY),
    });
    expect(
      await f.publicClient.readContract({
        address: module,
        abi: delayedRecoveryModuleAbi,
        functionName: 'activeRecovery',
      }),
    ).toEqual({
      prevOwner: SENTINEL,
      oldOwner: f.device.address,
      newOwner: newDevice,
      executeAfter: block.timestamp + BigInt(DELAY),
    });
    expect(await nonce()).toBe(1n);
  });

  it('refuses a caller other than the controller, a wrong signer and a second active recovery', async () => {
    const signature = await signInitiate(SENTINEL, f.device.address, newDevice);
    const data = call('initiateRecovery', [
      SENTINEL,
      f.device.address,
      newDevice,
      signature,
    ]);
    expect(await moduleRevert(f.stranger.address, data)).toBe('NotController');
    const forged = await signInitiate(SENTINEL, f.device.address, newDevice, f.stranger);
    expect(
      await moduleRevert(
        f.controller.address,
        call('initiateRecovery', [SENTINEL, f.device.address, newDevice, forged]),
      ),
    ).toBe('InvalidSignature');
    await initiate();
    const again = await signInitiate(SENTINEL, f.device.address, newDevice);
    expect(
      await moduleRevert(
        f.controller.address,
        call('initiateRecovery', [SENTINEL, f.device.address, newDevice, again]),
      ),
    ).toBe('RecoveryAlreadyActive');
  });
});

describe('executeRecovery', () => {
  it('waits for the delay, then swaps the Safe owner and clears the recovery', async () => {
    await initiate();
    const data = call('executeRecovery', [SENTINEL, f.device.address, newDevice]);
    expect(await moduleRevert(f.controller.address, data)).toBe(
      'RecoveryDelayNotElapsed',
    );
    await f.devchain.increaseTime(DELAY);
    expect(await moduleRevert(f.stranger.address, data)).toBe('NotController');
    expect(
      await moduleRevert(
        f.controller.address,
        call('executeRecovery', [SENTINEL, f.device.address, f.stranger.address]),
      ),
    ).toBe('NoMatchingRecovery');
    const receipt = await f.send(f.controller, module, data);
    expect(
      parseEventLogs({
        abi: delayedRecoveryModuleAbi,
        eventName: 'RecoveryExecuted',
        logs: receipt.logs,
      }),
    ).toHaveLength(1);
    expect(await owners()).toEqual([newDevice]);
    expect(await moduleRevert(f.controller.address, data)).toBe('NoMatchingRecovery');
  });

  it('reverts when the Safe refuses the swap', async () => {
    // A wrong previous owner makes Safe.swapOwner fail.
    await initiate(f.stranger.address);
    await f.devchain.increaseTime(DELAY);
    expect(
      await moduleRevert(
        f.controller.address,
        call('executeRecovery', [f.stranger.address, f.device.address, newDevice]),
      ),
    ).toBe('RecoveryExecutionFailed');
  });
});

describe('abortRecovery', () => {
  it('aborts with the recovery owner signature; the signature cannot be replayed', async () => {
    await initiate();
    const signature = await f.recoveryOwner.signTypedData(
      getAbortRecoveryTypedData({
        chainId: f.chain.id,
        recoveryModule: module,
        prevOwner: SENTINEL,
        oldOwner: f.device.address,
        newOwner: newDevice,
        nonce: await nonce(),
      }),
    );
    const data = call('abortRecoveryByOwner', [
      SENTINEL,
      f.device.address,
      newDevice,
      signature,
    ]);
    const receipt = await f.send(f.stranger, module, data);
    expect(
      parseEventLogs({
        abi: delayedRecoveryModuleAbi,
        eventName: 'RecoveryAborted',
        logs: receipt.logs,
      }),
    ).toHaveLength(1);
    expect(
      await moduleRevert(
        f.controller.address,
        call('executeRecovery', [SENTINEL, f.device.address, newDevice]),
      ),
    ).toBe('NoMatchingRecovery');
    await initiate();
    expect(await moduleRevert(f.stranger.address, data)).toBe('InvalidSignature');
  });

  it('refuses an abort for another tuple or with a wrong signer', async () => {
    await initiate();
    const forged = await f.stranger.signTypedData(
      getAbortRecoveryTypedData({
        chainId: f.chain.id,
        recoveryModule: module,
        prevOwner: SENTINEL,
        oldOwner: f.device.address,
        newOwner: newDevice,
        nonce: await nonce(),
      }),
    );
    expect(
      await moduleRevert(
        f.stranger.address,
        call('abortRecoveryByOwner', [SENTINEL, f.device.address, newDevice, forged]),
      ),
    ).toBe('InvalidSignature');
    expect(
      await moduleRevert(
        f.stranger.address,
        call('abortRecoveryByOwner', [
          SENTINEL,
          f.device.address,
          f.stranger.address,
          forged,
        ]),
      ),
    ).toBe('NoMatchingRecovery');
  });

  it('lets only the controller abort without a signature', async () => {
    await initiate();
    const data = call('abortRecoveryByController', [
      SENTINEL,
      f.device.address,
      newDevice,
    ]);
    expect(await moduleRevert(f.stranger.address, data)).toBe('NotController');
    const receipt = await f.send(f.controller, module, data);
    expect(
      parseEventLogs({
        abi: delayedRecoveryModuleAbi,
        eventName: 'RecoveryAborted',
        logs: receipt.logs,
      }),
    ).toHaveLength(1);
    expect(await moduleRevert(f.controller.address, data)).toBe('NoMatchingRecovery');
  });
});

describe('resetRecoveryOwner', () => {
  it('replaces the recovery owner with the current one signature, once', async () => {
    const next = f.newSessionKey();
    const signature = await f.recoveryOwner.signTypedData(
      getResetRecoveryOwnerTypedData({
        chainId: f.chain.id,
        recoveryModule: module,
        oldRecoveryOwner: f.recoveryOwner.address,
        newRecoveryOwner: next.address,
        nonce: await nonce(),
      }),
    );
    const data = call('resetRecoveryOwner', [next.address, signature]);
    expect(await moduleRevert(f.stranger.address, data)).toBe('NotController');
    expect(
      await moduleRevert(
        f.controller.address,
        call('resetRecoveryOwner', [zeroAddress, signature]),
      ),
    ).toBe('ZeroAddress');
    const receipt = await f.send(f.controller, module, data);
    const [event] = parseEventLogs({
      abi: delayedRecoveryModuleAbi,
      eventName: 'RecoveryOwnerReset',
      logs: receipt.logs,
    });
    expect(event?.args).toEqual({
      oldRecoveryOwner: f.recoveryOwner.address,
      newRecoveryOwner: next.address,
    });
    expect(
      await f.publicClient.readContract({
        address: module,
        abi: delayedRecoveryModuleAbi,
        functionName: 'recoveryOwner',
      }),
    ).toBe(next.address);
    expect(await moduleRevert(f.controller.address, data)).toBe('InvalidSignature');
  });

  it('refuses a signature by anyone but the current recovery owner', async () => {
    const forged = await f.stranger.signTypedData(
      getResetRecoveryOwnerTypedData({
        chainId: f.chain.id,
        recoveryModule: module,
        oldRecoveryOwner: f.recoveryOwner.address,
        newRecoveryOwner: f.stranger.address,
        nonce: await nonce(),
      }),
    );
    expect(
      await moduleRevert(
        f.controller.address,
        call('resetRecoveryOwner', [f.stranger.address, forged]),
      ),
    ).toBe('InvalidSignature');
  });
});
