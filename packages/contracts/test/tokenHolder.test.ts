import {
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  maxUint128,
  parseEther,
  parseEventLogs,
  stringToHex,
  zeroAddress,
} from 'viem';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeTokenHolderError,
  encodeAuthorizeSession,
  encodeDirectTransfers,
  encodeLogout,
  encodeRevokeSession,
  tokenAbi,
  tokenHolderAbi,
  type UserWallet,
} from '../src/index.ts';
import {
  encodeExecuteRule,
  encodeTransfer,
  type Fixture,
  isolateEachTest,
  revertName,
  setupEconomy,
} from './fixture.ts';

let f: Fixture;
let wallet: UserWallet;
let holder: Address;
const HOUR = 3600n;

/** Simulates a TokenHolder call as the Safe (eth_call from the Safe address). */
function asSafe(data: Hex) {
  return () => f.publicClient.call({ account: wallet.safe, to: holder, data });
}

/** Simulates executeRule from the relayer. */
function simulateRule(to: Address, data: Hex, nonce: bigint, signature: Hex) {
  return () =>
    f.publicClient.call({
      account: f.relayer.address,
      to: holder,
      data: encodeExecuteRule(to, data, nonce, signature),
    });
}

async function authorize(key: Address, spendingLimit: bigint, ttl = HOUR) {
  const expiresAt = (await f.now()) + ttl;
  const receipt = await f.execSafe(
    wallet.safe,
    holder,
    encodeAuthorizeSession({ sessionKey: key, spendingLimit, expiresAt }),
  );
  return { receipt, expiresAt };
}

beforeAll(async () => {
  f = await setupEconomy();
  wallet = await f.newWallet();
  holder = wallet.tokenHolder;
  await f.fund(holder, 1000n * f.unit);
});

isolateEachTest(() => f);

describe('setup', () => {
  it('stores owner, generation 1, token and rules; first sessions with nonce 0', async () => {
    const key = f.newSessionKey();
    const expiresAt = (await f.now()) + HOUR;
    const created = await f.newWallet([
      { key: key.address, spendingLimit: 5n, expiresAt },
    ]);
    const read = (functionName: 'owner' | 'generation' | 'token' | 'tokenRules') =>
      f.publicClient.readContract({
        address: created.tokenHolder,
        abi: tokenHolderAbi,
        functionName,
      });
    expect(await read('owner')).toBe(created.safe);
    expect(await read('generation')).toBe(1);
    expect(await read('token')).toBe(f.manifest.token.address);
    expect(await read('tokenRules')).toBe(f.manifest.tokenRules);
    expect(await f.session(created.tokenHolder, key.address)).toEqual({
      spendingLimit: 5n,
      expiresAt,
      nonce: 0n,
      generation: 1n,
      revoked: false,
    });
    const receipt = await f.publicClient.getTransactionReceipt({
      hash: created.transactionHash,
    });
    const events = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'SessionAuthorized',
      logs: receipt.logs,
    });
    expect(events.map((e) => e.args)).toEqual([
      { key: key.address, spendingLimit: 5n, expiresAt },
    ]);
  });

  it('refuses a second setup and setting up the implementation', async () => {
    const setup = encodeFunctionData({
      abi: tokenHolderAbi,
      functionName: 'setup',
      args: [f.stranger.address, [], [], []],
    });
    for (const to of [holder, f.manifest.tokenHolderImplementation]) {
      expect(
        await revertName(() =>
          f.publicClient.call({ account: f.stranger.address, to, data: setup }),
        ),
      ).toBe('AlreadySetUp');
    }
  });

  it('refuses a zero owner and session lists of different lengths', async () => {
    // A bare EIP-1167 clone of the implementation, not set up yet.
    const impl = f.manifest.tokenHolderImplementation.slice(2).toLowerCase();
    const hash = await f.walletClient.sendTransaction({
      account: f.relayer,
      data: `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${impl}5af43d82803e903d91602b57fd5bf3`,
    });
    const clone = (await f.publicClient.waitForTransactionReceipt({ hash }))
      .contractAddress!;
    const setup =
      (owner: Address, keys: Address[], limits: bigint[], expiries: bigint[]) => () =>
        f.publicClient.call({
          account: f.stranger.address,
          to: clone,
          data: encodeFunctionData({
            abi: tokenHolderAbi,
            functionName: 'setup',
            args: [owner, keys, limits, expiries],
          }),
        });
    expect(await revertName(setup(zeroAddress, [], [], []))).toBe('ZeroAddress');
    expect(
      await revertName(setup(f.device.address, [f.stranger.address], [1n], [])),
    ).toBe('LengthMismatch');
    expect(await revertName(setup(f.device.address, [], [1n], [1n]))).toBe(
      'LengthMismatch',
    );
  });

  it('refuses an invalid first session at wallet creation', async () => {
    expect(
      await revertName(() =>
        f.newWallet([
          { key: f.stranger.address, spendingLimit: 0n, expiresAt: 9_999_999_999n },
        ]),
      ),
    ).toMatch(/InvalidSpendingLimit|reverted/);
  });
});

describe('authorizeSession', () => {
  it('authorizes through a Safe transaction signed by the device key', async () => {
    const key = f.newSessionKey();
    const { receipt, expiresAt } = await authorize(key.address, 10n * f.unit);
    const [event] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'SessionAuthorized',
      logs: receipt.logs,
    });
    expect(event?.args).toEqual({
      key: key.address,
      spendingLimit: 10n * f.unit,
      expiresAt,
    });
    expect(await f.session(holder, key.address)).toEqual({
      spendingLimit: 10n * f.unit,
      expiresAt,
      nonce: 0n,
      generation: 1n,
      revoked: false,
    });
  });

  it('refuses a caller other than the owner', async () => {
    const data = encodeAuthorizeSession({
      sessionKey: f.stranger.address,
      spendingLimit: 1n,
      expiresAt: 9_999_999_999n,
    });
    expect(
      await revertName(() =>
        f.publicClient.call({ account: f.device.address, to: holder, data }),
      ),
    ).toBe('NotOwner');
  });

  it('refuses a Safe transaction signed by a key that is not an owner', async () => {
    const data = encodeAuthorizeSession({
      sessionKey: f.stranger.address,
      spendingLimit: 1n,
      expiresAt: 9_999_999_999n,
    });
    await expect(f.execSafe(wallet.safe, holder, data, f.stranger)).rejects.toThrow();
  });

  it('refuses a zero key, a zero limit, a limit of 2^128 and an expiry not in the future', async () => {
    const now = await f.now();
    const call = (sessionKey: Address, spendingLimit: bigint, expiresAt: bigint) =>
      revertName(
        asSafe(encodeAuthorizeSession({ sessionKey, spendingLimit, expiresAt })),
      );
    const key = f.newSessionKey().address;
    expect(await call(zeroAddress, 1n, now + HOUR)).toBe('ZeroSessionKey');
    expect(await call(key, 0n, now + HOUR)).toBe('InvalidSpendingLimit');
    expect(await call(key, maxUint128 + 1n, now + HOUR)).toBe('InvalidSpendingLimit');
    expect(await call(key, 1n, now - 1n)).toBe('InvalidExpiry');
    expect(await call(key, 1n, 0n)).toBe('InvalidExpiry');
    await asSafe(
      encodeAuthorizeSession({
        sessionKey: key,
        spendingLimit: maxUint128,
        expiresAt: now + HOUR,
      }),
    )();
  });

  it('never authorizes a key again: active, revoked, expired or logged out', async () => {
    const again = (key: Address) =>
      revertName(
        asSafe(
          encodeAuthorizeSession({
            sessionKey: key,
            spendingLimit: 1n,
            expiresAt: 9_999_999_999n,
          }),
        ),
      );
    const active = f.newSessionKey().address;
    const revoked = f.newSessionKey().address;
    const expired = f.newSessionKey().address;
    await authorize(active, 1n);
    await authorize(revoked, 1n);
    await authorize(expired, 1n, 10n);
    await f.execSafe(wallet.safe, holder, encodeRevokeSession(revoked));
    await f.devchain.increaseTime(20);
    expect(await again(active)).toBe('SessionKeyExists');
    expect(await again(revoked)).toBe('SessionKeyExists');
    expect(await again(expired)).toBe('SessionKeyExists');
    await f.execSafe(wallet.safe, holder, encodeLogout());
    expect(await again(active)).toBe('SessionKeyExists');
  });
});

describe('revokeSession', () => {
  it('revokes through the Safe and emits SessionRevoked', async () => {
    const key = f.newSessionKey().address;
    await authorize(key, 1n);
    const receipt = await f.execSafe(wallet.safe, holder, encodeRevokeSession(key));
    const [event] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'SessionRevoked',
      logs: receipt.logs,
    });
    expect(event?.args).toEqual({ key });
    expect((await f.session(holder, key)).revoked).toBe(true);
  });

  it('refuses a non-owner, an unknown key and a revoked key', async () => {
    const key = f.newSessionKey().address;
    await authorize(key, 1n);
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.stranger.address,
          to: holder,
          data: encodeRevokeSession(key),
        }),
      ),
    ).toBe('NotOwner');
    expect(await revertName(asSafe(encodeRevokeSession(f.newSessionKey().address)))).toBe(
      'SessionNotAuthorized',
    );
    await f.execSafe(wallet.safe, holder, encodeRevokeSession(key));
    expect(await revertName(asSafe(encodeRevokeSession(key)))).toBe(
      'SessionNotAuthorized',
    );
  });
});

describe('logout', () => {
  it('emits SessionsLoggedOut(1) then (2) and bumps the generation', async () => {
    const first = await f.execSafe(wallet.safe, holder, encodeLogout());
    const second = await f.execSafe(wallet.safe, holder, encodeLogout());
    const ended = [first, second].map(
      (r) =>
        parseEventLogs({
          abi: tokenHolderAbi,
          eventName: 'SessionsLoggedOut',
          logs: r.logs,
        })[0]?.args.generation,
    );
    expect(ended).toEqual([1n, 2n]);
    expect(
      await f.publicClient.readContract({
        address: holder,
        abi: tokenHolderAbi,
        functionName: 'generation',
      }),
    ).toBe(3);
  });

  it('refuses a non-owner', async () => {
    expect(
      await revertName(() =>
        f.publicClient.call({
          account: f.stranger.address,
          to: holder,
          data: encodeLogout(),
        }),
      ),
    ).toBe('NotOwner');
  });

  it('ends every old session; a session authorized afterwards works', async () => {
    const a = f.newSessionKey();
    const b = f.newSessionKey();
    await authorize(a.address, 10n * f.unit);
    await authorize(b.address, 10n * f.unit);
    await f.execSafe(wallet.safe, holder, encodeLogout());
    const data = encodeDirectTransfers({ to: [f.stranger.address], amounts: [1n] });
    for (const key of [a, b]) {
      const signature = await f.signRule(key, holder, f.manifest.tokenRules, data, 0n);
      expect(
        await revertName(simulateRule(f.manifest.tokenRules, data, 0n, signature)),
      ).toBe('SessionNotActive');
    }
    const c = f.newSessionKey();
    await authorize(c.address, 10n * f.unit);
    expect((await f.session(holder, c.address)).generation).toBe(2n);
    const { executed } = await f.directTransfer(c, holder, [f.stranger.address], [1n]);
    expect(executed?.success).toBe(true);
  });
});

describe('executeRule', () => {
  const limit = () => 10n * f.unit;
  let key: ReturnType<Fixture['newSessionKey']>;
  let recipient: Address;

  beforeEach(async () => {
    key = f.newSessionKey();
    recipient = f.newSessionKey().address;
    await authorize(key.address, limit());
  });

  it('moves tokens, emits RuleExecuted(true), consumes the nonce and leaves no allowance', async () => {
    const before = await f.balanceOf(holder);
    const { executed, failed } = await f.directTransfer(
      key,
      holder,
      [recipient],
      [3n * f.unit],
    );
    expect(executed).toEqual({
      key: key.address,
      to: f.manifest.tokenRules,
      nonce: 0n,
      success: true,
    });
    expect(failed).toBeUndefined();
    expect(await f.balanceOf(recipient)).toBe(3n * f.unit);
    expect(await f.balanceOf(holder)).toBe(before - 3n * f.unit);
    expect((await f.session(holder, key.address)).nonce).toBe(1n);
    const allowance = await f.publicClient.readContract({
      address: f.manifest.token.address,
      abi: tokenAbi,
      functionName: 'allowance',
      args: [holder, f.manifest.tokenRules],
    });
    expect(allowance).toBe(0n);
  });

  it('passes a transfer of exactly the limit', async () => {
    const { executed } = await f.directTransfer(key, holder, [recipient], [limit()]);
    expect(executed?.success).toBe(true);
    expect(await f.balanceOf(recipient)).toBe(limit());
  });

  it('moves nothing for limit + 1 and says why', async () => {
    const before = await f.balanceOf(holder);
    const { executed, failed } = await f.directTransfer(
      key,
      holder,
      [recipient],
      [limit() + 1n],
    );
    expect(executed?.success).toBe(false);
    expect(decodeTokenHolderError(failed?.reason)).toBe('ERC20InsufficientAllowance');
    expect(await f.balanceOf(holder)).toBe(before);
    expect(await f.balanceOf(recipient)).toBe(0n);
  });

  it('caps the sum of a batch at the limit', async () => {
    const half = limit() / 2n;
    const { executed } = await f.directTransfer(
      key,
      holder,
      [recipient, f.stranger.address],
      [half, half + 1n],
    );
    expect(executed?.success).toBe(false);
    expect(await f.balanceOf(recipient)).toBe(0n);
  });

  it('passes two transfers each within the limit', async () => {
    const a = await f.directTransfer(key, holder, [recipient], [7n * f.unit]);
    const b = await f.directTransfer(key, holder, [recipient], [7n * f.unit]);
    expect([a.executed?.success, b.executed?.success]).toEqual([true, true]);
    expect(await f.balanceOf(recipient)).toBe(14n * f.unit);
    expect((await f.session(holder, key.address)).nonce).toBe(2n);
  });

  it('does not revert a failing rule: the nonce is consumed and nothing moves', async () => {
    const before = await f.balanceOf(holder);
    const data = encodeDirectTransfers({ to: [recipient], amounts: [2000n * f.unit] });
    const signature = await f.signRule(key, holder, f.manifest.tokenRules, data, 0n);
    const receipt = await f.send(
      f.relayer,
      holder,
      encodeExecuteRule(f.manifest.tokenRules, data, 0n, signature),
    );
    expect(receipt.status).toBe('success');
    const [event] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'RuleExecuted',
      logs: receipt.logs,
    });
    expect(event?.args.success).toBe(false);
    expect((await f.session(holder, key.address)).nonce).toBe(1n);
    expect(await f.balanceOf(holder)).toBe(before);
    // The same signed message cannot run again.
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, signature)),
    ).toBe('InvalidNonce');
  });

  it('refuses a bad signature without consuming the nonce or moving tokens', async () => {
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const good = await f.signRule(key, holder, f.manifest.tokenRules, data, 0n);
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, '0x1234')),
    ).toBe('InvalidSignature');
    const flipped =
      `${good.slice(0, 10)}${good[10] === '0' ? '1' : '0'}${good.slice(11)}` as Hex;
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, flipped)),
    ).toMatch(/InvalidSignature|SessionNotFound/);
    const hash = await f.walletClient.sendTransaction({
      account: f.relayer,
      to: holder,
      data: encodeExecuteRule(f.manifest.tokenRules, data, 0n, '0x1234'),
      gas: 300_000n,
    });
    expect((await f.publicClient.waitForTransactionReceipt({ hash })).status).toBe(
      'reverted',
    );
    expect((await f.session(holder, key.address)).nonce).toBe(0n);
    expect(await f.balanceOf(recipient)).toBe(0n);
  });

  it('refuses a never-authorized key', async () => {
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const signature = await f.signRule(
      f.newSessionKey(),
      holder,
      f.manifest.tokenRules,
      data,
      0n,
    );
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, signature)),
    ).toBe('SessionNotFound');
  });

  it('refuses a signature for another chain id or another TokenHolder', async () => {
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const otherChain = await f.signRule(key, holder, f.manifest.tokenRules, data, 0n, 1);
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, otherChain)),
    ).toBe('SessionNotFound');
    const other = await f.newWallet();
    const otherHolder = await f.signRule(
      key,
      other.tokenHolder,
      f.manifest.tokenRules,
      data,
      0n,
    );
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, otherHolder)),
    ).toBe('SessionNotFound');
  });

  it('refuses an expired session (expiresAt <= block.timestamp)', async () => {
    const short = f.newSessionKey();
    const { expiresAt } = await authorize(short.address, limit(), 100n);
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const signature = await f.signRule(short, holder, f.manifest.tokenRules, data, 0n);
    // One second before expiry it still works.
    await f.devchain.setNextBlockTimestamp(expiresAt - 1n);
    await f.send(
      f.relayer,
      holder,
      encodeExecuteRule(f.manifest.tokenRules, data, 0n, signature),
    );
    const next = await f.signRule(short, holder, f.manifest.tokenRules, data, 1n);
    await f.devchain.setNextBlockTimestamp(expiresAt);
    await f.devchain.mine();
    expect(await revertName(simulateRule(f.manifest.tokenRules, data, 1n, next))).toBe(
      'SessionExpired',
    );
  });

  it('refuses a revoked key', async () => {
    await f.execSafe(wallet.safe, holder, encodeRevokeSession(key.address));
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const signature = await f.signRule(key, holder, f.manifest.tokenRules, data, 0n);
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 0n, signature)),
    ).toBe('SessionNotActive');
  });

  it('refuses a wrong nonce', async () => {
    const data = encodeDirectTransfers({ to: [recipient], amounts: [1n] });
    const signature = await f.signRule(key, holder, f.manifest.tokenRules, data, 1n);
    expect(
      await revertName(simulateRule(f.manifest.tokenRules, data, 1n, signature)),
    ).toBe('InvalidNonce');
  });

  it('lets a session call neither the token (approve, transfer) nor the TokenHolder', async () => {
    const token = f.manifest.token.address;
    const calls: [Address, Hex][] = [
      [
        token,
        encodeFunctionData({
          abi: tokenAbi,
          functionName: 'approve',
          args: [f.stranger.address, 1n],
        }),
      ],
      [token, encodeTransfer(f.stranger.address, 1n)],
      [
        holder,
        encodeAuthorizeSession({
          sessionKey: f.stranger.address,
          spendingLimit: 1n,
          expiresAt: 9_999_999_999n,
        }),
      ],
      [holder, encodeLogout()],
    ];
    for (const [to, data] of calls) {
      const signature = await f.signRule(key, holder, to, data, 0n);
      expect(await revertName(simulateRule(to, data, 0n, signature))).toBe(
        'InvalidTarget',
      );
    }
  });

  it('forwards msg.value to the rule', async () => {
    const before = await f.publicClient.getBalance({ address: recipient });
    const signature = await f.signRule(key, holder, recipient, '0x', 0n);
    const hash = await f.walletClient.sendTransaction({
      account: f.relayer,
      to: holder,
      data: encodeExecuteRule(recipient, '0x', 0n, signature),
      value: parseEther('1'),
    });
    await f.publicClient.waitForTransactionReceipt({ hash });
    expect(await f.publicClient.getBalance({ address: recipient })).toBe(
      before + parseEther('1'),
    );
  });

  it('uses the EIP-712 type string the TypeScript helper signs', async () => {
    const typehash = await f.publicClient.readContract({
      address: holder,
      abi: tokenHolderAbi,
      functionName: 'EXECUTE_RULE_TYPEHASH',
    });
    expect(typehash).toBe(
      keccak256(stringToHex('ExecuteRule(address to,bytes data,uint256 nonce)')),
    );
    const [, name, version, chainId, verifyingContract] =
      await f.publicClient.readContract({
        address: holder,
        abi: tokenHolderAbi,
        functionName: 'eip712Domain',
      });
    expect({ name, version, chainId, verifyingContract }).toEqual({
      name: 'TokenHolder',
      version: '1',
      chainId: BigInt(f.chain.id),
      verifyingContract: holder,
    });
  });
});
