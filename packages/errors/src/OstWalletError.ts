import { type ErrorCode, errorCatalog } from './codes.ts';

/** Options for {@link OstWalletError}. */
export type OstWalletErrorOptions = {
  /** Structured facts about the failure; never secrets. */
  details?: Record<string, unknown>;
  /** The error that led to this one. */
  cause?: unknown;
};

/**
 * The base of every error ost-wallet throws: a stable `code` from the catalog, a short
 * message, `details` and the `cause`. Each package has its own subclass.
 *
 * @example
 * throw new OstWalletError('SESSION_EXPIRED', 'session 0xab… expired at 1700000000');
 */
export class OstWalletError extends Error {
  override name = 'OstWalletError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    shortMessage: string,
    options: OstWalletErrorOptions = {},
  ) {
    super(
      `${code}: ${shortMessage}`,
      options.cause === undefined ? {} : { cause: options.cause },
    );
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details ?? {};
  }

  /** The HTTP status the platform answers this error with. */
  get status(): number {
    return errorCatalog[this.code].status;
  }

  /**
   * Walks the cause chain and returns the first error matching `fn`, or the last one.
   * @param fn - predicate; without it the deepest cause is returned
   */
  walk(fn?: (err: unknown) => boolean): unknown {
    let current: unknown = this;
    for (let depth = 0; depth < 32; depth++) {
      if (fn?.(current)) return current;
      const next = (current as { cause?: unknown } | null)?.cause;
      if (next === undefined || next === null) return fn ? undefined : current;
      current = next;
    }
    return current;
  }

  /** The error as the JSON body the platform sends and the SDK reads back. */
  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.shortMessage, details: this.details };
  }
}

/**
 * Tells whether a value is an {@link OstWalletError}, optionally with a given code.
 * @example if (isOstWalletError(err, 'SESSION_EXPIRED')) retryWithNewSession();
 */
export function isOstWalletError(
  value: unknown,
  code?: ErrorCode,
): value is OstWalletError {
  return value instanceof OstWalletError && (code === undefined || value.code === code);
}
