import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import type { LocalSession } from '../../state/createLocalState.ts';

/**
 * @internal Picks the session a transaction of `total` runs on: AUTHORIZED, not
 * expiring within `marginSecs` of chain time, limit ≥ total, key on this device (every
 * local session has its key here); the least recently used first. When none fits it
 * says why, in this order: no session at all, all expired, none with enough limit.
 *
 * @throws {WalletSdkError} `NO_SESSION_FOUND`, `SESSION_EXPIRED`, `SPENDING_LIMIT_EXCEEDED`
 */
export function selectSession(
  sessions: LocalSession[],
  total: bigint,
  chainTime: number,
  marginSecs: number,
): LocalSession {
  const candidates = sessions.filter((s) => s.entity?.status === 'AUTHORIZED');
  if (candidates.length === 0) {
    throw new WalletSdkError(
      'NO_SESSION_FOUND',
      'this device has no authorized session for the user; add a session first',
    );
  }
  const unexpired = candidates.filter(
    (s) => (s.entity?.expires_at ?? 0) > chainTime + marginSecs,
  );
  if (unexpired.length === 0) {
    const latest = Math.max(...candidates.map((s) => s.entity?.expires_at ?? 0));
    throw new WalletSdkError(
      'SESSION_EXPIRED',
      `every session of this device has expired (latest at ${latest}, chain time ${chainTime})`,
      {
        details: { sessions: candidates.length, latestExpiresAt: latest, chainTime },
      },
    );
  }
  const fitting = unexpired.filter(
    (s) => BigInt(s.entity?.spending_limit ?? '0') >= total,
  );
  if (fitting.length === 0) {
    const largest = unexpired.reduce((m, s) => {
      const l = BigInt(s.entity?.spending_limit ?? '0');
      return l > m ? l : m;
    }, 0n);
    throw new WalletSdkError(
      'SPENDING_LIMIT_EXCEEDED',
      `the transaction moves ${total} but the largest session limit is ${largest}`,
      {
        details: { total: total.toString(), largestSpendingLimit: largest.toString() },
      },
    );
  }
  return fitting.sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0] as LocalSession;
}
