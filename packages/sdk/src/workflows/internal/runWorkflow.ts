/**
 * The one place that ends workflows. Whatever the body does (resolve, throw, throw
 * after cancel, never return), the delegate gets exactly one of `flowComplete` /
 * `flowInterrupt`, exactly once:
 *
 * - a `settled` flag is checked and set synchronously before either callback, so the
 *   first outcome wins and later ones (a late error after success, the body's own
 *   rejection after `cancel()`) are only logged;
 * - `cancel()` settles at once with WORKFLOW_CANCELLED and aborts the signal the body
 *   waits on (PIN prompts, polling sleeps, fetches);
 * - every delegate call goes through `callDelegate`, which catches and logs a throw.
 *
 * The body starts in a microtask, so a workflow that fails validation still returns its
 * handle first and reports through `flowInterrupt` like any other failure.
 */
import { toWalletSdkError } from '../../errors/toWalletSdkError.ts';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import type { SafeLogger } from '../../utils/logger.ts';
import { randomId } from '../../utils/randomId.ts';
import type {
  ContextEntity,
  WorkflowContext,
  WorkflowDelegate,
  WorkflowHandle,
  WorkflowType,
} from '../types.ts';

/** @internal What a workflow body gets. */
export type WorkflowScope = {
  context: WorkflowContext;
  delegate: WorkflowDelegate;
  signal: AbortSignal;
  logger: SafeLogger;
  /** Throws the cancellation error when the workflow was cancelled. */
  throwIfCancelled(): void;
  /** Calls an optional delegate method; a throw is logged, never propagated. Returns false when it threw or is absent. */
  callDelegate<
    K extends Exclude<keyof WorkflowDelegate, 'flowComplete' | 'flowInterrupt'>,
  >(method: K, ...args: Parameters<NonNullable<WorkflowDelegate[K]>>): boolean;
};

/** @internal */
export function runWorkflow<T>(parameters: {
  type: WorkflowType;
  delegate: WorkflowDelegate;
  logger: SafeLogger;
  body: (scope: WorkflowScope) => Promise<ContextEntity<T>>;
}): WorkflowHandle<T> {
  const { type, delegate, logger, body } = parameters;
  const context: WorkflowContext = Object.freeze({
    workflowId: randomId(),
    workflowType: type,
  });
  const controller = new AbortController();
  const log = { workflowId: context.workflowId, workflowType: type };
  let settled = false;
  let resolve!: (entity: ContextEntity<T>) => void;
  let reject!: (error: WalletSdkError) => void;
  const result = new Promise<ContextEntity<T>>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Apps that only use the delegate never attach a handler: no unhandled rejection.
  result.catch(() => {});

  // The only caller of flowComplete / flowInterrupt is complete / interrupt below;
  // bodies get `callDelegate`, whose type excludes them.
  const callDelegate = <K extends keyof WorkflowDelegate>(
    method: K,
    ...args: Parameters<NonNullable<WorkflowDelegate[K]>>
  ): boolean => {
    const fn = delegate?.[method] as ((...a: unknown[]) => void) | undefined;
    if (typeof fn !== 'function') return false;
    try {
      fn.apply(delegate, args);
      return true;
    } catch (error) {
      logger.warn('delegate method threw; ignored', {
        ...log,
        method,
        error: error instanceof Error ? error.name : typeof error,
      });
      return false;
    }
  };

  const complete = (entity: ContextEntity<T>) => {
    if (settled) return logger.warn('workflow result after it ended; ignored', log);
    settled = true;
    logger.info('workflow complete', { ...log, entityType: entity.entityType });
    callDelegate('flowComplete', context, entity);
    resolve(entity);
  };

  const interrupt = (thrown: unknown) => {
    const error = toWalletSdkError(thrown);
    if (settled) {
      return logger.debug('workflow error after it ended; ignored', {
        ...log,
        code: error.code,
      });
    }
    settled = true;
    if (!controller.signal.aborted) controller.abort(error);
    logger.info('workflow interrupted', { ...log, code: error.code });
    callDelegate('flowInterrupt', context, error);
    reject(error);
  };

  const scope: WorkflowScope = {
    context,
    delegate,
    signal: controller.signal,
    logger,
    callDelegate,
    throwIfCancelled() {
      if (controller.signal.aborted) throw controller.signal.reason;
    },
  };

  logger.info('workflow started', log);
  void Promise.resolve()
    .then(() => body(scope))
    .then(complete, interrupt);

  return {
    workflowId: context.workflowId,
    result,
    cancel() {
      interrupt(
        new WalletSdkError('WORKFLOW_CANCELLED', `workflow ${type} was cancelled`, {
          details: log,
        }),
      );
    },
  };
}
