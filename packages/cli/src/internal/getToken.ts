import { OstWalletError } from '@ost-wallet/errors';
import type { Token } from '@ost-wallet/protocol';

/**
 * The economy's token (decimals, symbol) as the platform describes it.
 * @param platformUrl - the platform's base URL
 * @throws {OstWalletError} `NETWORK_ERROR` when the platform cannot be reached
 */
export async function getToken(platformUrl: string, _tokenId?: string): Promise<Token> {
  let res: Response;
  try {
    res = await fetch(new URL('/v1/token', platformUrl));
  } catch (cause) {
    throw new OstWalletError(
      'NETWORK_ERROR',
      `platform at ${platformUrl} cannot be reached`,
      { cause },
    );
  }
  if (!res.ok)
    throw new OstWalletError('NETWORK_ERROR', `GET /v1/token answered ${res.status}`);
  return ((await res.json()) as { token: Token }).token;
}
