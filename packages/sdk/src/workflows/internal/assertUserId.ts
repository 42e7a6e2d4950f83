import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { describe } from '../../utils/toSmallestUnit.ts';

/** @internal A user or token id: a non-empty string of at most 64 characters. */
export function assertId(name: 'userId' | 'tokenId', value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > 64) {
    throw new WalletSdkError(
      'INVALID_PARAMETER',
      `${name} must be a non-empty string of at most 64 characters, got ${describe(value)}`,
    );
  }
  return value;
}
