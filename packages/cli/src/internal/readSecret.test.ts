import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestIo } from './createTestIo.ts';
import { getSecret, readSecret } from './readSecret.ts';

function fakeTty() {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  const modes: boolean[] = [];
  Object.assign(stdin, {
    isTTY: true,
    setRawMode: (mode: boolean) => {
      modes.push(mode);
      return stdin;
    },
  });
  return { stdin, modes };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readSecret', () => {
  it('reads a line in raw mode without echoing it, honouring backspace', async () => {
    const t = createTestIo();
    const { stdin, modes } = fakeTty();
    const reading = readSecret({ ...t.io, stdin }, 'PIN: ', 'OST_WALLET_PIN');
    stdin.write('1234x\u007f56\r');
    expect(await reading).toBe('123456');
    expect(modes).toEqual([true, false]);
    expect(t.stderr()).toBe('PIN: \n');
    expect(t.stdout()).toBe('');
  });

  it('rejects on Ctrl-C', async () => {
    const t = createTestIo();
    const { stdin } = fakeTty();
    const reading = readSecret({ ...t.io, stdin }, 'PIN: ', 'OST_WALLET_PIN');
    stdin.write('12\u0003');
    await expect(reading).rejects.toMatchObject({ code: 'WORKFLOW_CANCELLED' });
  });

  it('names the environment variable when there is no terminal', async () => {
    const t = createTestIo();
    await expect(readSecret(t.io, 'PIN: ', 'OST_WALLET_PIN')).rejects.toMatchObject({
      code: 'INVALID_PARAMETER',
      shortMessage: expect.stringContaining('OST_WALLET_PIN'),
    });
  });

  it('prefers the environment variable to a prompt', async () => {
    vi.stubEnv('OST_WALLET_PIN', '654321');
    expect(await getSecret(createTestIo().io, 'OST_WALLET_PIN', 'PIN: ')).toBe('654321');
  });
});
