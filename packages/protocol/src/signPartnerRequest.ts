import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { type RequestToSign, toCanonicalRequest } from './canonicalRequest.ts';

/**
 * Signs a partner API request: HMAC-SHA256 with the API secret over the canonical
 * request, whose identity is the API key.
 * @param request - the request, without `identity`
 * @param credentials - the partner's API key and secret
 * @returns the lower-case hex signature for the `ost-signature` header
 * @example signPartnerRequest({ method: 'POST', path: '/v1/partner/users', body: {}, timestamp }, creds)
 */
export function signPartnerRequest(
  request: Omit<RequestToSign, 'identity'>,
  credentials: { apiKey: string; apiSecret: string },
): string {
  const message = toCanonicalRequest({ ...request, identity: credentials.apiKey });
  return bytesToHex(
    hmac(sha256, utf8ToBytes(credentials.apiSecret), utf8ToBytes(message)),
  );
}

/**
 * Checks a partner signature in constant time.
 * @returns true when `signature` is the HMAC of the request under `apiSecret`
 */
export function verifyPartnerSignature(
  request: Omit<RequestToSign, 'identity'>,
  credentials: { apiKey: string; apiSecret: string },
  signature: string,
): boolean {
  const expected = signPartnerRequest(request, credentials);
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  }
  return diff === 0;
}
