import { isErrorCode, isOstWalletError } from '@ost-wallet/errors';
import { WalletSdkError } from './WalletSdkError.ts';

/**
 * Turns anything thrown into a {@link WalletSdkError}: SDK and other ost-wallet errors
 * keep their code, anything else becomes `fallbackCode` with the original as `cause`.
 *
 * @param error - the thrown value
 * @param fallbackCode - the code for errors that carry none
 * @default fallbackCode 'WORKFLOW_FAILED'
 * @returns a WalletSdkError
 * @throws never
 * @example const err = toWalletSdkError(new Error('boom')); // err.code === 'WORKFLOW_FAILED'
 */
export function toWalletSdkError(
  error: unknown,
  fallbackCode:
    | 'WORKFLOW_FAILED'
    | 'INTERNAL_ERROR'
    | 'NETWORK_ERROR' = 'WORKFLOW_FAILED',
): WalletSdkError {
  if (error instanceof WalletSdkError) return error;
  if (isOstWalletError(error)) {
    return new WalletSdkError(error.code, error.shortMessage, {
      details: error.details,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WalletSdkError(fallbackCode, `unexpected failure: ${message}`, {
    cause: error,
  });
}

/**
 * Turns a platform error answer (`ErrorBody` JSON) into a {@link WalletSdkError} with the
 * same code; an unknown code becomes `INTERNAL_ERROR` with the platform's code in details.
 *
 * @param status - the HTTP status of the answer
 * @param body - the parsed JSON body, or undefined when it was not JSON
 * @returns a WalletSdkError
 * @throws never
 * @example fromErrorBody(422, { code: 'SESSION_EXPIRED', message: 'expired', details: {} })
 */
export function fromErrorBody(status: number, body: unknown): WalletSdkError {
  const b = (body ?? {}) as {
    code?: unknown;
    message?: unknown;
    details?: unknown;
    request_id?: unknown;
  };
  const details: Record<string, unknown> = {
    ...(b.details !== null && typeof b.details === 'object' ? (b.details as object) : {}),
    status,
  };
  if (typeof b.request_id === 'string') details.requestId = b.request_id;
  const message =
    typeof b.message === 'string' ? b.message : `platform answered HTTP ${status}`;
  if (isErrorCode(b.code)) return new WalletSdkError(b.code, message, { details });
  if (b.code !== undefined) details.platformCode = b.code;
  const code =
    status === 429 ? 'RATE_LIMITED' : status >= 500 ? 'NETWORK_ERROR' : 'INTERNAL_ERROR';
  return new WalletSdkError(code, message, { details });
}
