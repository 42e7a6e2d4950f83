/** startEmbeddedPlatform and createPartnerClient over real HTTP; restart resumes. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOstWalletError } from '@ost-wallet/errors';
import { createPartnerClient } from '@ost-wallet/protocol';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPlatform } from '../src/startEmbeddedPlatform.ts';
import { deviceClient, newDevice, newKey, waitFor } from './helpers/testClients.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ost-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('startEmbeddedPlatform', () => {
  it('serves the API, keeps credentials private and resumes after a restart', async () => {
    const logger = pino({ level: 'silent' });
    const first = await startEmbeddedPlatform({ dataDir, logger });
    let userId: string;
    let device: ReturnType<typeof newDevice>;
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(statSync(join(dataDir, 'partner.json')).mode & 0o777).toBe(0o600);
      const partner = createPartnerClient({ platformUrl: first.url, ...first.partner });
      const user = await partner.createUser();
      expect(user.status).toBe('CREATED');
      userId = user.id;
      device = newDevice(userId);
      const registered = await partner.registerDevice(userId, {
        address: device.owner.address,
        api_signer_address: device.apiSigner.address,
      });
      expect(registered.status).toBe('REGISTERED');
      expect((await partner.getUser(userId)).id).toBe(userId);
      const listed = await partner.listUsers({ limit: 5 });
      expect(listed.users.map((u) => u.id)).toContain(userId);

      // Errors arrive as OstWalletError with the platform's code.
      const err = await partner.getUser('nobody').catch((e: unknown) => e);
      expect(isOstWalletError(err, 'USER_NOT_FOUND')).toBe(true);
      const dup = await partner
        .registerDevice(userId, {
          address: device.owner.address,
          api_signer_address: newKey().address,
        })
        .catch((e: unknown) => e);
      expect(isOstWalletError(dup, 'ALREADY_EXISTS')).toBe(true);

      const client = deviceClient(first.url, device);
      const chain = await client.get('/v1/chain');
      await client.activate({
        recovery_owner_address: newKey().address,
        sessions: [
          {
            address: newKey().address,
            spending_limit: '10',
            expires_at: chain.body.time + 60,
          },
        ],
      });
      await waitFor(
        () => client.user(),
        (r) => r.body.status === 'ACTIVATED',
      );
      const funding = await partner.fundUser(userId, 1000n);
      await waitFor(
        () => partner.getFunding(userId, funding.id),
        (f) => f.status === 'SUCCESS',
      );
      const token = await client.get('/v1/token');
      expect(token.body.rules).toEqual([
        { name: 'direct transfer', address: first.manifest.tokenRules },
      ]);
      const openapi = await fetch(`${first.url}/openapi.json`).then((r) => r.json());
      expect(Object.keys(openapi.paths)).toContain('/v1/users/{userId}/sessions');
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPlatform({ dataDir, logger });
    try {
      expect(second.manifest).toEqual(first.manifest);
      expect(second.partner).toEqual(first.partner);
      const client = deviceClient(second.url, device);
      const user = await client.user();
      expect(user.body.status).toBe('ACTIVATED');
      const balance = await client.get(`/v1/users/${userId}/balance`);
      expect(balance.body.available_balance).toBe('1000');
    } finally {
      await second.stop();
    }

    // A stopped platform is a network error, not a crash.
    const gone = createPartnerClient({ platformUrl: second.url, ...second.partner });
    const err = await gone.createUser().catch((e: unknown) => e);
    expect(isOstWalletError(err, 'NETWORK_ERROR')).toBe(true);
  });
});
