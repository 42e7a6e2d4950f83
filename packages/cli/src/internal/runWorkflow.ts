import type { ContextEntity, WorkflowDelegate, WorkflowHandle } from '@ost-wallet/sdk';
import { untilAborted } from './createCleanup.ts';
import {
  createPrintingDelegate,
  type PrintingDelegateOptions,
} from './createPrintingDelegate.ts';

/**
 * Starts a workflow with a printing delegate (callbacks as progress lines on stderr)
 * and waits for its entity; Ctrl-C cancels it.
 * @param options - the printing delegate's options
 * @param signal - the run's abort signal
 * @param start - starts the workflow with the delegate
 * @returns the entity `flowComplete` received
 * @throws the error `flowInterrupt` received
 */
export async function runWorkflow<T>(
  options: PrintingDelegateOptions,
  signal: AbortSignal,
  start: (delegate: WorkflowDelegate) => WorkflowHandle<T>,
): Promise<T> {
  const handle = start(createPrintingDelegate({ report: 'progress', ...options }));
  const done: ContextEntity<T> = await untilAborted(handle.result, signal, () =>
    handle.cancel(),
  );
  return done.entity;
}
