import { type Devchain, startDevchain } from '@ost-wallet/devchain';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenAbi } from '../generated/Token.ts';
import { deployEconomy } from './deployEconomy.ts';

let chain: Devchain;

beforeAll(async () => {
  chain = await startDevchain();
});

afterAll(async () => {
  await chain?.stop();
});

describe('deployEconomy', () => {
  it('deploys from an RPC URL and returns a JSON-serializable manifest', async () => {
    const deployer = privateKeyToAccount(chain.accounts[0]!.privateKey);
    const treasury = chain.accounts[1]!.address;
    const manifest = await deployEconomy({
      rpcUrl: chain.rpcUrl,
      deployer,
      token: { name: 'Pepo', symbol: 'PEPO', decimals: 18, supply: 10n ** 27n },
      treasury,
    });

    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
    expect(manifest).toMatchObject({
      chainId: chain.chainId,
      token: { name: 'Pepo', symbol: 'PEPO', decimals: 18, temporaryApprovals: true },
      treasury,
      worker: deployer.address,
      recoveryController: deployer.address,
      recoveryDelay: 43_200,
      deployedAtBlock: 1,
    });
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const balance = await client.readContract({
      address: manifest.token.address,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [treasury],
    });
    expect(balance).toBe(10n ** 27n);
  });

  it('refuses a missing RPC URL and a non-positive recovery delay', async () => {
    const deployer = privateKeyToAccount(chain.accounts[0]!.privateKey);
    const token = { name: 'T', symbol: 'T', decimals: 6, supply: 1n };
    await expect(
      deployEconomy({ deployer, token, treasury: deployer.address }),
    ).rejects.toThrow(/rpcUrl/);
    await expect(
      deployEconomy({
        rpcUrl: chain.rpcUrl,
        deployer,
        token,
        treasury: deployer.address,
        recoveryDelay: 0,
      }),
    ).rejects.toThrow(/recoveryDelay/);
  });
});
