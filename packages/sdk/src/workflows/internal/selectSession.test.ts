import type { Session } from '@ost-wallet/protocol';
import { describe, expect, it } from 'vitest';
import type { LocalSession } from '../../state/createLocalState.ts';
import { selectSession } from './selectSession.ts';

function session(n: number, over: Partial<Session>, lastUsedAt = 0): LocalSession {
  const address = `0x${n.toString(16).padStart(40, '0')}` as const;
  return {
    address,
    nonce: '0',
    lastUsedAt,
    entity: {
      address,
      user_id: 'u',
      spending_limit: '100',
      expires_at: 2000,
      nonce: '0',
      status: 'AUTHORIZED',
      failure_reason: null,
      created_at: 0,
      updated_at: 0,
      ...over,
    },
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'none';
};

describe('selectSession', () => {
  it('says NO_SESSION_FOUND when there is no authorized session', () => {
    expect(code(() => selectSession([], 1n, 1000, 30))).toBe('NO_SESSION_FOUND');
    expect(
      code(() => selectSession([session(1, { status: 'INITIALIZING' })], 1n, 1000, 30)),
    ).toBe('NO_SESSION_FOUND');
  });

  it('says SESSION_EXPIRED when every candidate expired (margin included)', () => {
    expect(
      code(() => selectSession([session(1, { expires_at: 1020 })], 1n, 1000, 30)),
    ).toBe('SESSION_EXPIRED');
  });

  it('says SPENDING_LIMIT_EXCEEDED when unexpired ones exist but none has enough limit', () => {
    const list = [
      session(1, { expires_at: 500, spending_limit: '1000' }),
      session(2, { spending_limit: '10' }),
    ];
    expect(code(() => selectSession(list, 11n, 1000, 30))).toBe(
      'SPENDING_LIMIT_EXCEEDED',
    );
  });

  it('picks the least recently used fitting session', () => {
    const list = [
      session(1, {}, 50),
      session(2, {}, 10),
      session(3, { spending_limit: '1' }, 0),
    ];
    expect(selectSession(list, 100n, 1000, 30).address).toBe(list[1]!.address);
  });
});
