import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import type { WorkflowScope } from './runWorkflow.ts';

/**
 * @internal Asks the app something through a delegate method that answers by callback
 * (PIN, device registration). Resolves with the first answer; rejects on `cancelFlow`,
 * on workflow cancellation, when the method is missing, or when it throws before
 * answering. Answers after the first are ignored.
 */
export function waitForAnswer<T>(
  scope: WorkflowScope,
  method: string,
  ask: (answer: (value: T) => void, cancelFlow: () => void) => boolean,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      scope.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => reject(scope.signal.reason));
    if (scope.signal.aborted) return finish(() => reject(scope.signal.reason));
    scope.signal.addEventListener('abort', onAbort, { once: true });

    const called = ask(
      (value) => finish(() => resolve(value)),
      () =>
        finish(() =>
          reject(
            new WalletSdkError(
              'WORKFLOW_CANCELLED',
              `the app cancelled the flow at ${method}`,
            ),
          ),
        ),
    );
    if (!called) {
      finish(() =>
        reject(
          new WalletSdkError(
            'WORKFLOW_FAILED',
            `delegate.${method} is missing or threw before answering`,
            {
              details: { method },
            },
          ),
        ),
      );
    }
  });
}
