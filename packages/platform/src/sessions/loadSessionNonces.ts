import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../db/schema.ts';

/**
 * The next nonce the platform accepts per session: the chain-confirmed nonce or one
 * past the highest nonce claimed by a transaction still holding its claim.
 */
export async function loadSessionNonces(
  db: Kysely<Database>,
  sessions: Pick<SessionRow, 'address' | 'nonce'>[],
): Promise<Map<string, bigint>> {
  const next = new Map<string, bigint>(sessions.map((s) => [s.address, BigInt(s.nonce)]));
  if (sessions.length === 0) return next;
  const claimed = await db
    .selectFrom('transactions')
    .select(['session_address', 'nonce'])
    .where(
      'session_address',
      'in',
      sessions.map((s) => s.address),
    )
    .where('nonce_key', 'is not', null)
    .execute();
  for (const c of claimed) {
    const n = BigInt(c.nonce) + 1n;
    if (n > (next.get(c.session_address) ?? 0n)) next.set(c.session_address, n);
  }
  return next;
}
