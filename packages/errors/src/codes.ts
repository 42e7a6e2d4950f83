/**
 * The one catalog of error codes shared by every ost-wallet package.
 *
 * Codes are stable: once released, a code keeps its meaning and is never reused.
 * Each code carries the HTTP status the platform answers it with, and the exit code
 * class the CLI maps it to.
 */
export const errorCatalog = {
  // Input validation (client and server).
  INVALID_PARAMETER: { status: 400, kind: 'input' },
  INVALID_SESSION_SPENDING_LIMIT: { status: 400, kind: 'input' },
  INVALID_SESSION_EXPIRY_TIME: { status: 400, kind: 'input' },
  INVALID_ADDRESS: { status: 400, kind: 'input' },
  INVALID_AMOUNT: { status: 400, kind: 'input' },
  INVALID_SIGNATURE: { status: 400, kind: 'input' },
  INVALID_CALLDATA: { status: 400, kind: 'input' },
  INVALID_PIN: { status: 400, kind: 'input' },
  MAX_PIN_ATTEMPTS: { status: 403, kind: 'auth' },

  // Authentication of requests.
  UNAUTHORIZED: { status: 401, kind: 'auth' },
  REQUEST_EXPIRED: { status: 401, kind: 'auth' },
  REQUEST_REPLAYED: { status: 401, kind: 'auth' },
  FORBIDDEN: { status: 403, kind: 'auth' },

  // Entities and state.
  NOT_FOUND: { status: 404, kind: 'state' },
  USER_NOT_FOUND: { status: 404, kind: 'state' },
  DEVICE_NOT_FOUND: { status: 404, kind: 'state' },
  SESSION_NOT_FOUND: { status: 404, kind: 'state' },
  TRANSACTION_NOT_FOUND: { status: 404, kind: 'state' },
  ALREADY_EXISTS: { status: 409, kind: 'state' },
  DEVICE_UNAUTHORIZED: { status: 422, kind: 'state' },
  DEVICE_NOT_REGISTERED: { status: 422, kind: 'state' },
  DEVICE_NOT_SETUP: { status: 422, kind: 'state' },
  USER_NOT_ACTIVATED: { status: 422, kind: 'state' },
  USER_ALREADY_ACTIVATED: { status: 409, kind: 'state' },
  TOKEN_HOLDER_NOT_ACTIVE: { status: 422, kind: 'state' },
  SESSION_KEY_EXISTS: { status: 409, kind: 'state' },
  STALE_SAFE_NONCE: { status: 409, kind: 'state' },
  STALE_SESSION_NONCE: { status: 409, kind: 'state' },

  // Sessions and transactions.
  SESSION_EXPIRED: { status: 422, kind: 'session' },
  SESSION_NOT_AUTHORIZED: { status: 422, kind: 'session' },
  SPENDING_LIMIT_EXCEEDED: { status: 422, kind: 'session' },
  NO_SESSION_FOUND: { status: 422, kind: 'session' },
  INSUFFICIENT_BALANCE: { status: 422, kind: 'session' },
  TOO_MANY_RECIPIENTS: { status: 400, kind: 'input' },

  // Chain and relaying.
  CHAIN_ERROR: { status: 502, kind: 'chain' },
  TRANSACTION_FAILED: { status: 422, kind: 'chain' },
  ANVIL_NOT_FOUND: { status: 500, kind: 'environment' },

  // Workflows (SDK).
  POLLING_TIMEOUT: { status: 504, kind: 'workflow' },
  WORKFLOW_CANCELLED: { status: 499, kind: 'workflow' },
  WORKFLOW_FAILED: { status: 500, kind: 'workflow' },
  /** The platform has no route for this step yet (SDK). */
  NOT_SUPPORTED: { status: 501, kind: 'workflow' },

  // Keys and storage (SDK).
  KEYSTORE_WRONG_PASSWORD: { status: 401, kind: 'keystore' },
  KEYSTORE_CORRUPT: { status: 500, kind: 'keystore' },
  KEY_NOT_FOUND: { status: 404, kind: 'keystore' },

  // Transport and anything unforeseen.
  NETWORK_ERROR: { status: 503, kind: 'network' },
  RATE_LIMITED: { status: 429, kind: 'network' },
  INTERNAL_ERROR: { status: 500, kind: 'internal' },
} as const satisfies Record<string, { status: number; kind: ErrorKind }>;

/** The broad class of an error, used for CLI exit codes. */
export type ErrorKind =
  | 'input'
  | 'auth'
  | 'state'
  | 'session'
  | 'chain'
  | 'workflow'
  | 'keystore'
  | 'network'
  | 'environment'
  | 'internal';

/** A stable error code from the catalog. */
export type ErrorCode = keyof typeof errorCatalog;

/**
 * Tells whether a string is a code of the catalog.
 * @param value - any string, e.g. the `code` field of a platform error body
 * @returns true when `value` is a known code
 * @example isErrorCode('SESSION_EXPIRED') // true
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
