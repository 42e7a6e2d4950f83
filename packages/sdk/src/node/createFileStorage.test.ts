import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeystore } from '../keystore/createKeystore.ts';
import { createFileStorage } from './createFileStorage.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ost-sdk-'));
  dirs.push(d);
  return join(d, 'store');
}

describe('createFileStorage', () => {
  it('writes, reads, replaces and deletes values', async () => {
    const storage = createFileStorage({ directory: await tempDir() });
    expect(await storage.get('user:a/b')).toBeUndefined();
    await storage.set('user:a/b', '{"x":1}');
    await storage.set('user:a/b', '{"x":2}');
    expect(await storage.get('user:a/b')).toBe('{"x":2}');
    await storage.delete('user:a/b');
    await storage.delete('user:a/b');
    expect(await storage.get('user:a/b')).toBeUndefined();
  });

  it('leaves no temporary files after concurrent writes', async () => {
    const directory = await tempDir();
    const storage = createFileStorage({ directory });
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.set('k', String(i))));
    expect(Number(await storage.get('k'))).toBeGreaterThanOrEqual(0);
    expect((await readdir(directory)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a keystore across instances', async () => {
    const directory = await tempDir();
    const scrypt = { N: 2 ** 10, r: 8, p: 1 };
    await createKeystore({
      storage: createFileStorage({ directory }),
      password: 'pw',
      scrypt,
    }).put('s', 'v');
    expect(
      await createKeystore({
        storage: createFileStorage({ directory }),
        password: 'pw',
      }).get('s'),
    ).toBe('v');
  });
});
