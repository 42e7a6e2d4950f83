import { type Address, encodeFunctionData, parseEventLogs } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeTokenHolderError,
  encodeAuthorizeSession,
  encodeDirectTransfers,
  plainTokenAbi,
  tokenHolderAbi,
  tokenRulesAbi,
  type UserWallet,
} from '../src/index.ts';
import { type Fixture, isolateEachTest, revertName, setupEconomy } from './fixture.ts';

// This file runs the plain-ERC-20 path (no ERC-7674) with a 6-decimals token.
let f: Fixture;
let wallet: UserWallet;
let key: ReturnType<Fixture['newSessionKey']>;
const limit = 25_000_000n; // 25 tokens with 6 decimals

function setEnabled(from: Fixture['worker'], enabled: boolean) {
  return f.send(
    from,
    f.manifest.tokenRules,
    encodeFunctionData({
      abi: tokenRulesAbi,
      functionName: 'setDirectTransfersEnabled',
      args: [enabled],
    }),
  );
}

function allowance(owner: Address, spender: Address) {
  return f.publicClient.readContract({
    address: f.manifest.token.address,
    abi: plainTokenAbi,
    functionName: 'allowance',
    args: [owner, spender],
  });
}

beforeAll(async () => {
  f = await setupEconomy({ decimals: 6, temporaryApprovals: false });
  wallet = await f.newWallet();
  await f.fund(wallet.tokenHolder, 1000n * f.unit);
  key = f.newSessionKey();
  await f.execSafe(
    wallet.safe,
    wallet.tokenHolder,
    encodeAuthorizeSession({
      sessionKey: key.address,
      spendingLimit: limit,
      expiresAt: (await f.now()) + 3600n,
    }),
  );
});

isolateEachTest(() => f);

describe('plain ERC-20 token with 6 decimals', () => {
  it('deploys a token without temporary approvals and 6 decimals', async () => {
    expect(f.manifest.token).toMatchObject({ decimals: 6, temporaryApprovals: false });
    const read = (
      address: Address,
      abi: typeof plainTokenAbi | typeof tokenHolderAbi,
      functionName: string,
    ) => f.publicClient.readContract({ address, abi, functionName } as never);
    expect(await read(f.manifest.token.address, plainTokenAbi, 'decimals')).toBe(6);
    expect(await read(wallet.tokenHolder, tokenHolderAbi, 'temporaryApprovals')).toBe(
      false,
    );
    expect(await f.balanceOf(f.treasury.address)).toBe(
      1_000_000n * f.unit - 1000n * f.unit,
    );
  });

  it('passes exactly the limit with approve, then resets the allowance to 0', async () => {
    const recipient = f.newSessionKey().address;
    const { executed } = await f.directTransfer(
      key,
      wallet.tokenHolder,
      [recipient],
      [limit],
    );
    expect(executed?.success).toBe(true);
    expect(await f.balanceOf(recipient)).toBe(limit);
    expect(await allowance(wallet.tokenHolder, f.manifest.tokenRules)).toBe(0n);
  });

  it('moves nothing for limit + 1 and resets the allowance', async () => {
    const recipient = f.newSessionKey().address;
    const { executed, failed } = await f.directTransfer(
      key,
      wallet.tokenHolder,
      [recipient],
      [limit + 1n],
    );
    expect(executed?.success).toBe(false);
    expect(decodeTokenHolderError(failed?.reason)).toBe('ERC20InsufficientAllowance');
    expect(await f.balanceOf(recipient)).toBe(0n);
    expect(await allowance(wallet.tokenHolder, f.manifest.tokenRules)).toBe(0n);
  });

  it('passes two transfers each within the limit and a batch to three recipients', async () => {
    const [a, b, c] = [
      f.newSessionKey().address,
      f.newSessionKey().address,
      f.newSessionKey().address,
    ];
    await f.directTransfer(key, wallet.tokenHolder, [a], [20n * f.unit]);
    await f.directTransfer(key, wallet.tokenHolder, [a], [20n * f.unit]);
    const { executed } = await f.directTransfer(
      key,
      wallet.tokenHolder,
      [a, b, c],
      [1n, 2n, 3n],
    );
    expect(executed?.success).toBe(true);
    expect([await f.balanceOf(a), await f.balanceOf(b), await f.balanceOf(c)]).toEqual([
      40n * f.unit + 1n,
      2n,
      3n,
    ]);
  });
});

describe('TokenRules', () => {
  it('lets only the worker switch direct transfers, with an event', async () => {
    const data = encodeFunctionData({
      abi: tokenRulesAbi,
      functionName: 'setDirectTransfersEnabled',
      args: [false],
    });
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.stranger.address,
          to: f.manifest.tokenRules,
          data,
        }),
      ),
    ).toMatch(/OwnableUnauthorizedAccount|undecoded/);
    const receipt = await setEnabled(f.worker, false);
    const [event] = parseEventLogs({
      abi: tokenRulesAbi,
      eventName: 'DirectTransfersEnabledSet',
      logs: receipt.logs,
    });
    expect(event?.args.enabled).toBe(false);
    expect(
      await f.publicClient.readContract({
        address: f.manifest.tokenRules,
        abi: tokenRulesAbi,
        functionName: 'directTransfersEnabled',
      }),
    ).toBe(false);
  });

  it('fails the rule while direct transfers are disabled, and works again once enabled', async () => {
    const recipient = f.newSessionKey().address;
    await setEnabled(f.worker, false);
    const off = await f.directTransfer(key, wallet.tokenHolder, [recipient], [1n]);
    expect(off.executed?.success).toBe(false);
    expect(decodeTokenHolderError(off.failed?.reason)).toBe('DirectTransfersDisabled');
    await setEnabled(f.worker, true);
    const on = await f.directTransfer(key, wallet.tokenHolder, [recipient], [1n]);
    expect(on.executed?.success).toBe(true);
  });

  it('reverts on recipient and amount lists of different lengths', async () => {
    const data = encodeFunctionData({
      abi: tokenRulesAbi,
      functionName: 'directTransfers',
      args: [[f.stranger.address], [1n, 2n]],
    });
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.treasury.address,
          to: f.manifest.tokenRules,
          data,
        }),
      ),
    ).toBe('LengthMismatch');
    expect(() =>
      encodeDirectTransfers({ to: [f.stranger.address], amounts: [] }),
    ).toThrow(/same length/);
  });

  it('moves only from the caller and only within its allowance', async () => {
    const data = encodeDirectTransfers({ to: [f.stranger.address], amounts: [1n] });
    // No allowance from the treasury to TokenRules: nothing moves.
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.treasury.address,
          to: f.manifest.tokenRules,
          data,
        }),
      ),
    ).toBe('ERC20InsufficientAllowance');
  });
});
