import { type ErrorKind, errorCatalog, isOstWalletError } from '@ost-wallet/errors';
import { ExpectationError } from './internal/ExpectationError.ts';
import { InterruptedError } from './internal/InterruptedError.ts';

/**
 * Exit codes of the `ost-wallet` command, one per error kind of the catalog
 * (`packages/errors/src/codes.ts`), plus usage, unmet expectations and interruption.
 */
export const exitCodes = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  auth: 4,
  state: 5,
  session: 6,
  chain: 7,
  workflow: 8,
  keystore: 9,
  network: 10,
  environment: 11,
  /** `demo` or `bench`: a step ran but did not behave as described. */
  expectation: 12,
  interrupted: 130,
} as const satisfies Record<
  ErrorKind | 'ok' | 'usage' | 'expectation' | 'interrupted',
  number
>;

/** What each exit code means, in the order `--help` and the README list them. */
export const exitCodeTable: readonly { code: number; meaning: string }[] = [
  {
    code: exitCodes.ok,
    meaning: 'success (demo/bench: every step behaved as described)',
  },
  {
    code: exitCodes.internal,
    meaning: 'internal error (a bug, or an error without a code)',
  },
  { code: exitCodes.usage, meaning: 'usage: unknown command, missing or bad option' },
  { code: exitCodes.input, meaning: 'input: a parameter was refused (INVALID_*)' },
  { code: exitCodes.auth, meaning: 'auth: request signature, API key or PIN refused' },
  { code: exitCodes.state, meaning: 'state: not found, not activated, already exists' },
  {
    code: exitCodes.session,
    meaning: 'session: SESSION_EXPIRED, SPENDING_LIMIT_EXCEEDED, NO_SESSION_FOUND, …',
  },
  { code: exitCodes.chain, meaning: 'chain: RPC error or transaction failed' },
  { code: exitCodes.workflow, meaning: 'workflow: polling timeout, cancelled, failed' },
  { code: exitCodes.keystore, meaning: 'keystore: wrong password, corrupt, key missing' },
  { code: exitCodes.network, meaning: 'network: platform unreachable or rate limited' },
  { code: exitCodes.environment, meaning: 'environment: anvil not installed' },
  {
    code: exitCodes.expectation,
    meaning: 'demo/bench: a step did not behave as described',
  },
  { code: exitCodes.interrupted, meaning: 'interrupted (Ctrl-C)' },
];

/**
 * Maps an error to the exit code of its kind.
 * @param error - anything thrown
 * @returns the exit code; 1 for errors without a catalog code
 * @example toExitCode(new OstWalletError('SESSION_EXPIRED', '…')) // 6
 */
export function toExitCode(error: unknown): number {
  if (isOstWalletError(error)) return exitCodes[errorCatalog[error.code].kind];
  if (error instanceof ExpectationError) return exitCodes.expectation;
  if (error instanceof InterruptedError) return exitCodes.interrupted;
  return exitCodes.internal;
}
