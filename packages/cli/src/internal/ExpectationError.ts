/**
 * A demo or bench step ran but did not behave as described; the CLI exits with 12.
 * Not an `OstWalletError`: no package would ever throw it.
 *
 * @example throw new ExpectationError('step 5: expected refused with SPENDING_LIMIT_EXCEEDED, got success');
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
