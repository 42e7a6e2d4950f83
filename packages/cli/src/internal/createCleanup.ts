import { InterruptedError } from './ExpectationError.ts';

/**
 * A last-in-first-out list of things to stop. Every step runs even when an earlier one
 * throws; the first error is rethrown after all ran.
 */
export type Cleanup = {
  /** Registers `stop`, run before everything registered earlier. */
  defer(name: string, stop: () => Promise<unknown> | unknown): void;
  /** Runs every registered step once, newest first. */
  run(): Promise<void>;
};

/** Creates an empty cleanup list. */
export function createCleanup(): Cleanup {
  const steps: { name: string; stop: () => Promise<unknown> | unknown }[] = [];
  return {
    defer(name, stop) {
      steps.push({ name, stop });
    },
    async run() {
      let first: unknown;
      while (steps.length > 0) {
        const step = steps.pop()!;
        try {
          await step.stop();
        } catch (err) {
          first ??= new Error(`cleanup '${step.name}' failed`, { cause: err });
        }
      }
      if (first !== undefined) throw first;
    },
  };
}

/**
 * Resolves with `promise`, or rejects with an `InterruptedError`-named error as soon as
 * `signal` aborts; `onAbort` runs first (e.g. to cancel a workflow).
 */
export async function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  onAbort?: () => void,
): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    throw new InterruptedError();
  }
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort?.();
      reject(new InterruptedError());
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
  }
}
