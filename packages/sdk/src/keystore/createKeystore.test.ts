import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/createMemoryStorage.ts';
import { createKeystore } from './createKeystore.ts';

const light = { N: 2 ** 10, r: 8, p: 1 };
const secret = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

describe('createKeystore', () => {
  it('stores secrets only encrypted and reads them back', async () => {
    const storage = createMemoryStorage();
    const ks = createKeystore({ storage, password: 'pw', scrypt: light });
    await ks.put('a', secret);
    expect(await ks.get('a')).toBe(secret);
    expect(await ks.get('missing')).toBeUndefined();
    const dump = JSON.stringify(storage.snapshot());
    expect(dump).not.toContain(secret.slice(2));
    expect(dump).not.toContain('pw"');
  });

  it('opens with the same password in a new instance', async () => {
    const storage = createMemoryStorage();
    await createKeystore({ storage, password: 'pw', scrypt: light }).put('a', secret);
    expect(await createKeystore({ storage, password: 'pw' }).get('a')).toBe(secret);
  });

  it('refuses a wrong password with KEYSTORE_WRONG_PASSWORD', async () => {
    const storage = createMemoryStorage();
    await createKeystore({ storage, password: 'right', scrypt: light }).put('a', secret);
    const wrong = createKeystore({ storage, password: 'wrong', scrypt: light });
    const error = await wrong.get('a').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEYSTORE_WRONG_PASSWORD' });
    expect(JSON.stringify(error)).not.toContain('wrong"');
    expect(String((error as Error).message)).not.toContain('right');
  });

  it('detects a changed ciphertext with KEYSTORE_CORRUPT', async () => {
    const storage = createMemoryStorage();
    const ks = createKeystore({ storage, password: 'pw', scrypt: light });
    await ks.put('a', secret);
    const raw = JSON.parse((await storage.get('keystore:secret:a'))!);
    const flipped = (raw.ciphertext[0] === '0' ? '1' : '0') + raw.ciphertext.slice(1);
    await storage.set(
      'keystore:secret:a',
      JSON.stringify({ ...raw, ciphertext: flipped }),
    );
    await expect(ks.get('a')).rejects.toMatchObject({ code: 'KEYSTORE_CORRUPT' });
  });

  it('detects a record moved to another name', async () => {
    const storage = createMemoryStorage();
    const ks = createKeystore({ storage, password: 'pw', scrypt: light });
    await ks.put('a', secret);
    await storage.set('keystore:secret:b', (await storage.get('keystore:secret:a'))!);
    await expect(ks.get('b')).rejects.toMatchObject({ code: 'KEYSTORE_CORRUPT' });
  });

  it('refuses malformed records and insane scrypt parameters as KEYSTORE_CORRUPT', async () => {
    const storage = createMemoryStorage();
    await createKeystore({ storage, password: 'pw', scrypt: light }).put('a', secret);
    await storage.set('keystore:secret:a', 'not json');
    await expect(
      createKeystore({ storage, password: 'pw' }).get('a'),
    ).rejects.toMatchObject({
      code: 'KEYSTORE_CORRUPT',
    });

    const header = JSON.parse((await storage.get('keystore:header'))!);
    for (const N of [2 ** 30, 2, 1000]) {
      await storage.set('keystore:header', JSON.stringify({ ...header, N }));
      await expect(
        createKeystore({ storage, password: 'pw' }).open(),
      ).rejects.toMatchObject({
        code: 'KEYSTORE_CORRUPT',
      });
    }
  });

  it('uses a fresh 12-byte nonce for every secret', async () => {
    const storage = createMemoryStorage();
    const ks = createKeystore({ storage, password: 'pw', scrypt: light });
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await ks.put('a', secret);
      const { nonce, ciphertext } = JSON.parse((await storage.get('keystore:secret:a'))!);
      expect(nonce).toMatch(/^[0-9a-f]{24}$/);
      nonces.add(nonce);
      nonces.add(ciphertext);
    }
    expect(nonces.size).toBe(40);
  });

  it('stores its scrypt parameters and salt', async () => {
    const storage = createMemoryStorage();
    await createKeystore({ storage, password: 'pw', scrypt: light }).open();
    const header = JSON.parse((await storage.get('keystore:header'))!);
    expect(header).toMatchObject({ kdf: 'scrypt', N: 1024, r: 8, p: 1, dkLen: 32 });
    expect(header.salt).toMatch(/^[0-9a-f]{32}$/);
  });
});
