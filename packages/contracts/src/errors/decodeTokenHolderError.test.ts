import { encodeErrorResult, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { tokenAbi } from '../generated/Token.ts';
import { tokenHolderAbi } from '../generated/TokenHolder.ts';
import { decodeTokenHolderError } from './decodeTokenHolderError.ts';

describe('decodeTokenHolderError', () => {
  it('names TokenHolder errors from hex revert data', () => {
    const data = encodeErrorResult({
      abi: tokenHolderAbi,
      errorName: 'SessionExpired',
      args: [zeroAddress, 5n],
    });
    expect(decodeTokenHolderError(data)).toBe('SessionExpired');
  });

  it('names the token error behind an exceeded spending limit', () => {
    const data = encodeErrorResult({
      abi: tokenAbi,
      errorName: 'ERC20InsufficientAllowance',
      args: [zeroAddress, 1n, 2n],
    });
    expect(decodeTokenHolderError(data)).toBe('ERC20InsufficientAllowance');
  });

  it('walks error causes to the raw data', () => {
    const data = encodeErrorResult({
      abi: tokenHolderAbi,
      errorName: 'InvalidSignature',
    });
    const err = new Error('outer', { cause: { shortMessage: 'inner', data } });
    expect(decodeTokenHolderError(err)).toBe('InvalidSignature');
  });

  it('returns undefined for unknown or empty data', () => {
    expect(decodeTokenHolderError('0x')).toBeUndefined();
    expect(decodeTokenHolderError('0xdeadbeef')).toBeUndefined();
    expect(decodeTokenHolderError(new Error('no data'))).toBeUndefined();
  });
});
