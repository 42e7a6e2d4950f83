import { decodeTokenHolderError, safeAbi } from '@ost-wallet/contracts';
import {
  type Address,
  decodeErrorResult,
  decodeFunctionData,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import type { OutboxRow } from '../db/schema.ts';

/**
 * Names why a mined transaction reverted: replays it as a call at its block (a
 * reverted transaction changed nothing, and the block's timestamp is the one it saw)
 * and decodes the revert. For a Safe transaction whose inner call
 * failed (Safe GS013), replays the inner call from the Safe to name the TokenHolder
 * error (e.g. SessionKeyExists).
 * @returns a short reason such as 'SessionExpired' or 'GS013'
 */
export async function explainFailure(
  publicClient: PublicClient,
  row: Pick<OutboxRow, 'to_address' | 'data' | 'relayer_address' | 'gas'>,
  receipt: Pick<TransactionReceipt, 'blockNumber'>,
): Promise<string> {
  const blockNumber = receipt.blockNumber;
  const reason = await replay(publicClient, {
    from: row.relayer_address as Address,
    to: row.to_address as Address,
    data: row.data as Hex,
    gas: BigInt(row.gas),
    blockNumber,
  });
  if (reason !== 'GS013') return reason ?? 'transaction reverted';

  try {
    const { functionName, args } = decodeFunctionData({
      abi: safeAbi,
      data: row.data as Hex,
    });
    if (functionName !== 'execTransaction') return reason;
    const inner = await replay(publicClient, {
      from: row.to_address as Address,
      to: args[0],
      data: args[2],
      blockNumber,
    });
    return inner ? `${inner} (Safe GS013)` : 'Safe transaction failed (GS013)';
  } catch {
    return 'Safe transaction failed (GS013)';
  }
}

async function replay(
  publicClient: PublicClient,
  call: { from: Address; to: Address; data: Hex; gas?: bigint; blockNumber: bigint },
): Promise<string | undefined> {
  try {
    await publicClient.call({
      account: call.from,
      to: call.to,
      data: call.data,
      blockNumber: call.blockNumber,
      ...(call.gas === undefined ? {} : { gas: call.gas }),
    });
    return undefined;
  } catch (error) {
    const named = decodeTokenHolderError(error);
    // Error(string) and Panic(uint256) are built in: read their argument below.
    if (named && named !== ('Error' as string) && named !== ('Panic' as string))
      return named;
    const data = findData(error);
    if (data) {
      try {
        const decoded = decodeErrorResult({ abi: [], data });
        const first = decoded.args?.[0];
        return typeof first === 'string' ? first : decoded.errorName;
      } catch {
        return `reverted with ${data.slice(0, 10)}`;
      }
    }
    return 'reverted';
  }
}

/**
 * Names revert data: a TokenHolder / rules / token custom error, or the message of an
 * Error(string).
 */
export function nameRevertData(data: Hex | undefined): string | undefined {
  if (!data || data === '0x') return undefined;
  const named = decodeTokenHolderError(data);
  if (named && named !== ('Error' as string) && named !== ('Panic' as string))
    return named;
  try {
    const decoded = decodeErrorResult({ abi: [], data });
    const first = decoded.args?.[0];
    return typeof first === 'string' ? first : decoded.errorName;
  } catch {
    return `reverted with ${data.slice(0, 10)}`;
  }
}

function findData(error: unknown): Hex | undefined {
  let current = error as { data?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 10 && current; i++) {
    if (typeof current.data === 'string' && current.data.startsWith('0x')) {
      return current.data as Hex;
    }
    current = current.cause as typeof current;
  }
  return undefined;
}
