/**
 * A demo or bench step ran but did not behave as described; the CLI exits with 12.
 * Not an {@link OstWalletError}: no package would ever throw it.
 */
export class ExpectationError extends Error {
  override name = 'ExpectationError';
  readonly code = 'EXPECTATION_NOT_MET';
  readonly shortMessage: string;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.shortMessage = message;
  }
}

/**
 * Throws an {@link ExpectationError} unless `condition` holds.
 * @param condition - what the step should have produced
 * @param message - what was expected, and what arrived
 */
export function assertExpectation(
  condition: unknown,
  message: string,
): asserts condition {
  if (!condition) throw new ExpectationError(message);
}

/** Ctrl-C arrived while a long command ran; the CLI exits with 130. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  readonly code = 'INTERRUPTED';
  readonly shortMessage = 'interrupted';

  constructor() {
    super('interrupted');
  }
}
