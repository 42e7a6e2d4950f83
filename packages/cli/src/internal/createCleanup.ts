import { InterruptedError } from './InterruptedError.ts';

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
      // Settle first: the cancelled workflow's own rejection must not win the race.
      reject(new InterruptedError());
      onAbort?.();
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
  }
}

/**
 * Waits for something that starts and must be stopped (the embedded platform). Its
 * `stop` is registered before the wait, so a Ctrl-C during the start still stops it
 * once it is up; the returned `stop` may be called early and runs only once.
 *
 * @param cleanup - where the stop goes
 * @param starting - the start in progress
 * @param signal - aborts the wait, not the start
 * @returns the started thing and its once-only stop
 */
export async function startStoppable<T extends { stop(): Promise<void> }>(
  cleanup: Cleanup,
  name: string,
  starting: Promise<T>,
  signal: AbortSignal,
): Promise<[T, () => Promise<void>]> {
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= starting.then(
      (started) => started.stop(),
      () => undefined,
    );
    return stopping;
  };
  cleanup.defer(name, stop);
  return [await untilAborted(starting, signal), stop];
}
