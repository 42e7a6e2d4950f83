import { isOstWalletError } from '@ost-wallet/errors';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { sleep } from '../../utils/sleep.ts';
import type { WorkflowScope } from './runWorkflow.ts';

/** @internal What one poll found. */
export type PollOutcome<T> =
  | { done: T }
  | { failed: WalletSdkError }
  | { pending: string };

/**
 * @internal Polls `read` until `judge` says done or failed, waiting `intervalMs` first
 * and 1.5× longer each round (at most 8× `intervalMs`), never past the deadline.
 * Network errors and rate limits count as "still pending"; other errors end the poll.
 *
 * @throws {WalletSdkError} `POLLING_TIMEOUT` at the deadline; the workflow's cancellation
 *   error when cancelled; the failure `judge` returned
 */
export async function pollUntil<R, T>(
  scope: WorkflowScope,
  options: { intervalMs: number; timeoutMs: number; what: string },
  read: () => Promise<R>,
  judge: (value: R) => PollOutcome<T>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.intervalMs;
  let last = 'not read yet';
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new WalletSdkError(
        'POLLING_TIMEOUT',
        `${options.what} did not finish within ${options.timeoutMs} ms`,
        {
          details: { lastStatus: last, timeoutMs: options.timeoutMs },
        },
      );
    }
    await sleep(Math.min(delay, remaining), scope.signal);
    delay = Math.min(delay * 1.5, options.intervalMs * 8);
    let value: R;
    try {
      value = await read();
    } catch (error) {
      scope.throwIfCancelled();
      if (
        isOstWalletError(error) &&
        (error.code === 'NETWORK_ERROR' || error.code === 'RATE_LIMITED')
      ) {
        last = error.code;
        continue;
      }
      throw error;
    }
    scope.throwIfCancelled();
    const outcome = judge(value);
    if ('done' in outcome) return outcome.done;
    if ('failed' in outcome) throw outcome.failed;
    last = outcome.pending;
  }
}
