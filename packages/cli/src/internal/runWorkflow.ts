import { untilAborted } from './createCleanup.ts';
import {
  createPrintingDelegate,
  type PrintingDelegateOptions,
} from './createPrintingDelegate.ts';

/** A started SDK workflow. */
export type WorkflowHandle<T> = {
  workflowId: string;
  result: Promise<T>;
  cancel(): void;
};

/** The delegate the SDK workflows receive. */
export type PrintingDelegate = ReturnType<typeof createPrintingDelegate>;

/**
 * Starts a workflow with a printing delegate and waits for its entity; Ctrl-C cancels it.
 * @param options - the printing delegate's options
 * @param signal - the run's abort signal
 * @param start - starts the workflow with the delegate
 * @returns the entity of `flowComplete`
 * @throws the workflow's error (the one `flowInterrupt` received)
 */
export async function runWorkflow<T>(
  options: PrintingDelegateOptions,
  signal: AbortSignal,
  start: (delegate: PrintingDelegate) => WorkflowHandle<T>,
): Promise<T> {
  const handle = start(createPrintingDelegate(options));
  return untilAborted(handle.result, signal, () => handle.cancel());
}
