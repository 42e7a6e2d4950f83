import fc from 'fast-check';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { toCanonicalJson, toCanonicalRequest } from './canonicalRequest.ts';
import { recoverDeviceRequestSigner, signDeviceRequest } from './signDeviceRequest.ts';
import { signPartnerRequest, verifyPartnerSignature } from './signPartnerRequest.ts';

// anvil's first test key: public, never for real funds.
const apiSigner = privateKeyToAccount(
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
);

describe('toCanonicalRequest', () => {
  it('sorts query parameters and body keys', () => {
    const a = toCanonicalRequest({
      method: 'post',
      path: '/v1/x',
      query: { b: '2', a: 'x y' },
      body: { z: 1, a: { d: 1, c: 2 } },
      timestamp: 10,
      identity: 'k',
    });
    expect(a).toBe('POST\n/v1/x\na=x%20y&b=2\n{"a":{"c":2,"d":1},"z":1}\n10\nk');
  });

  it('gives the same text for any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(toCanonicalJson(reversed)).toBe(toCanonicalJson(obj));
      }),
    );
  });
});

describe('partner signatures', () => {
  const creds = { apiKey: 'key', apiSecret: 'secret' };
  const request = { method: 'POST', path: '/v1/partner/users', body: {}, timestamp: 5 };

  it('verifies its own signature and refuses a changed request', () => {
    const signature = signPartnerRequest(request, creds);
    expect(verifyPartnerSignature(request, creds, signature)).toBe(true);
    expect(verifyPartnerSignature({ ...request, timestamp: 6 }, creds, signature)).toBe(
      false,
    );
    expect(
      verifyPartnerSignature(request, { ...creds, apiSecret: 'other' }, signature),
    ).toBe(false);
  });
});

describe('device signatures', () => {
  it('recovers the API signer, and another address for another user', async () => {
    const device = {
      userId: 'u1',
      deviceAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const,
      apiSigner,
    };
    const request = { method: 'GET', path: '/v1/chain', timestamp: 7 };
    const signature = await signDeviceRequest(request, device);
    expect(await recoverDeviceRequestSigner(request, device, signature)).toBe(
      apiSigner.address,
    );
    expect(
      await recoverDeviceRequestSigner(request, { ...device, userId: 'u2' }, signature),
    ).not.toBe(apiSigner.address);
  });
});
