import { decodeErrorResult, type Hex, isHex } from 'viem';
import { tokenAbi } from '../generated/Token.ts';
import { tokenHolderAbi } from '../generated/TokenHolder.ts';
import { tokenRulesAbi } from '../generated/TokenRules.ts';

const errorAbi = [...tokenHolderAbi, ...tokenRulesAbi, ...tokenAbi].filter(
  (item) => item.type === 'error',
);

/** Custom errors of TokenHolder, TokenRules and the token, by name. */
export type TokenHolderErrorName = Extract<
  (typeof errorAbi)[number],
  { type: 'error' }
>['name'];

/**
 * Names the custom error in revert data from TokenHolder, TokenRules or the token,
 * e.g. 'SessionExpired', 'InvalidNonce' or, inside a failed rule's `RuleFailed`
 * reason, 'ERC20InsufficientAllowance' (the spending limit was exceeded).
 *
 * @param revert - revert data as hex, or an error (viem's errors are walked through
 *   their causes to find the raw revert data)
 * @returns the error name, or undefined when the data matches none of them
 * @example
 * try { await publicClient.simulateContract(request) } catch (err) {
 *   if (decodeTokenHolderError(err) === 'SessionExpired') { ... }
 * }
 */
export function decodeTokenHolderError(
  revert: unknown,
): TokenHolderErrorName | undefined {
  const data = findRevertData(revert);
  if (data === undefined || data.length < 10) return undefined;
  try {
    return decodeErrorResult({ abi: errorAbi, data }).errorName as TokenHolderErrorName;
  } catch {
    return undefined;
  }
}

function findRevertData(revert: unknown): Hex | undefined {
  let current = revert;
  for (let depth = 0; depth < 16 && current !== undefined && current !== null; depth++) {
    if (typeof current === 'string') return isHex(current) ? current : undefined;
    if (typeof current !== 'object') return undefined;
    const { raw, data, cause } = current as {
      raw?: unknown;
      data?: unknown;
      cause?: unknown;
    };
    if (typeof raw === 'string' && isHex(raw)) return raw;
    if (typeof data === 'string' && isHex(data)) return data;
    if (typeof data === 'object' && data !== null) {
      const nested = (data as { data?: unknown }).data;
      if (typeof nested === 'string' && isHex(nested)) return nested;
    }
    current = cause;
  }
  return undefined;
}
