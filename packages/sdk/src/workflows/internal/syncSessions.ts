import type { Session } from '@ost-wallet/protocol';
import type { LocalSession } from '../../state/createLocalState.ts';
import type { Reader } from './device.ts';
import { type SdkRuntime, secretNames } from './runtime.ts';

const ENDED = new Set(['FAILED', 'REVOKED', 'LOGGED_OUT']);

/**
 * @internal Reconciles this device's session keys with the platform: a key whose
 * session the platform reports FAILED, REVOKED or LOGGED_OUT, or does not know at all,
 * is deleted (unless a running workflow of this process just created it); the others
 * get the platform's entity. A process that died mid-workflow thus leaves nothing
 * behind that blocks or confuses the next one.
 *
 * @param mode - `'sync'` keeps the higher of local and platform nonce (local may be
 *   ahead while transactions are pending); `'reset'` takes the platform's nonce
 * @returns the local sessions after reconciliation
 */
export async function syncSessions(
  rt: SdkRuntime,
  reader: Reader,
  userId: string,
  mode: 'sync' | 'reset' = 'sync',
): Promise<LocalSession[]> {
  const remote = new Map<string, Session>();
  for (const s of await reader.sessions()) remote.set(s.address.toLowerCase(), s);

  const dropped: string[] = [];
  const next = await rt.state.update(userId, (local) => {
    if (!local) return local;
    for (const [key, record] of Object.entries(local.sessions)) {
      const entity = remote.get(key);
      if (!entity) {
        if (!rt.inFlightSessions.has(key)) dropped.push(key);
        continue;
      }
      if (ENDED.has(entity.status)) {
        dropped.push(key);
        continue;
      }
      const platformNonce = BigInt(entity.nonce);
      const localNonce = BigInt(record.nonce);
      record.entity = entity;
      record.nonce = String(
        mode === 'reset' || platformNonce > localNonce ? platformNonce : localNonce,
      );
    }
    for (const key of dropped) delete local.sessions[key];
    return local;
  });
  for (const key of dropped) await rt.keystore.delete(secretNames.session(userId, key));
  if (dropped.length > 0)
    rt.logger.info('dropped ended or unknown session keys', {
      userId,
      count: dropped.length,
    });
  rt.reconciled.add(userId);
  return Object.values(next?.sessions ?? {});
}
