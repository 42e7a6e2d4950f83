/**
 * @internal Reads executeTransaction may reuse instead of asking the platform again.
 *
 * The token never changes for a platform: read once per SDK instance. The device and
 * user states, the session list and chain time are reused for `rt.reuseReadsForMs`
 * after a read that found them good; chain time is extrapolated by the wall time since.
 * The platform re-checks all of it on the POST, so a stale entry costs at most a
 * refusal, after which the caller forgets the user's entries and decides on fresh
 * reads (see `isRecheckable`). Other workflows always read fresh, and forget the
 * user's entries when they do (`loadActivatedUser`).
 */
import type { Chain, Token } from '@ost-wallet/protocol';
import type { LocalSession } from '../../state/createLocalState.ts';
import {
  type ActivatedUser,
  createReader,
  loadActivatedUser,
  loadDevice,
  type Reader,
} from './device.ts';
import type { SdkRuntime } from './runtime.ts';
import { syncSessions } from './syncSessions.ts';

/** @internal What one SDK instance remembers between transactions. */
export type ReusedReads = {
  token?: Promise<Token> | undefined;
  chain?: { chain: Chain; at: number } | undefined;
  users: Map<string, { user: ActivatedUser; at: number }>;
  sessionsSyncedAt: Map<string, number>;
};

/** @internal An empty set of reused reads. */
export function createReusedReads(): ReusedReads {
  return { users: new Map(), sessionsSyncedAt: new Map() };
}

// Milliseconds on a clock that never jumps back.
const now = () => performance.now();

const isFresh = (rt: SdkRuntime, at: number | undefined) =>
  at !== undefined && now() - at < rt.reuseReadsForMs;

/** @internal Drops what was remembered about the user (the token stays). */
export function forgetReads(rt: SdkRuntime, userId: string): void {
  rt.reads.users.delete(userId);
  rt.reads.sessionsSyncedAt.delete(userId);
  rt.reads.chain = undefined;
}

/**
 * @internal The platform's answers that a stale entry may have caused: after one of
 * them, executeTransaction forgets and decides again on fresh reads.
 */
export function isRecheckable(code: string | undefined): boolean {
  return RECHECKABLE.has(code ?? '');
}

const RECHECKABLE = new Set([
  'UNAUTHORIZED',
  'DEVICE_UNAUTHORIZED',
  'USER_NOT_ACTIVATED',
  'TOKEN_HOLDER_NOT_ACTIVE',
  'NO_SESSION_FOUND',
  'SESSION_NOT_AUTHORIZED',
  'SESSION_EXPIRED',
  'SPENDING_LIMIT_EXCEEDED',
]);

/**
 * @internal Like `loadActivatedUser`, but reuses a recent good answer.
 * @returns the reader, the user and whether the user's state was reused
 */
export async function loadActivatedUserReusing(
  rt: SdkRuntime,
  userId: string,
  signal: AbortSignal,
  reuse: boolean,
): Promise<{ reader: Reader; user: ActivatedUser; reused: boolean }> {
  const cached = rt.reads.users.get(userId);
  if (reuse && cached && isFresh(rt, cached.at)) {
    const { credentials } = await loadDevice(rt, userId);
    return {
      reader: createReader(rt, credentials, signal),
      user: cached.user,
      reused: true,
    };
  }
  const at = now();
  const { reader, user } = await loadActivatedUser(rt, userId, signal);
  rt.reads.users.set(userId, { user, at });
  return { reader, user, reused: false };
}

/** @internal The token, read once per SDK instance (again after a failed read). */
export function getTokenOnce(rt: SdkRuntime, reader: Reader): Promise<Token> {
  if (!rt.reads.token) {
    const token = reader.token();
    rt.reads.token = token;
    token.catch(() => {
      if (rt.reads.token === token) rt.reads.token = undefined;
    });
  }
  return rt.reads.token;
}

/**
 * @internal The local sessions, synced with the platform unless synced recently.
 * @returns the sessions and whether the last sync was reused
 */
export async function syncSessionsReusing(
  rt: SdkRuntime,
  reader: Reader,
  userId: string,
  reuse: boolean,
): Promise<{ sessions: LocalSession[]; reused: boolean }> {
  if (reuse && isFresh(rt, rt.reads.sessionsSyncedAt.get(userId))) {
    const local = await rt.state.get(userId);
    return { sessions: Object.values(local?.sessions ?? {}), reused: true };
  }
  const at = now();
  const sessions = await syncSessions(rt, reader, userId);
  rt.reads.sessionsSyncedAt.set(userId, at);
  return { sessions, reused: false };
}

/**
 * @internal The chain, its time extrapolated from a recent read by the wall time
 * since the read was sent (so it runs ahead rather than behind).
 * @returns the chain and whether it was reused
 */
export async function getChainReusing(
  rt: SdkRuntime,
  reader: Reader,
  reuse: boolean,
): Promise<{ chain: Chain; reused: boolean }> {
  const cached = rt.reads.chain;
  if (reuse && cached && isFresh(rt, cached.at)) {
    const elapsedSecs = Math.ceil((now() - cached.at) / 1000);
    return {
      chain: { ...cached.chain, time: cached.chain.time + elapsedSecs },
      reused: true,
    };
  }
  const at = now();
  const chain = await reader.chain();
  rt.reads.chain = { chain, at };
  return { chain, reused: false };
}
