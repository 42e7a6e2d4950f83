import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the partner API key and secret kept in `dataDir/partner.json`, or creates
 * and saves a fresh pair (file mode 0600) the first time.
 *
 * @param dataDir - the platform's data directory; must exist.
 * @returns the partner's `apiKey` and `apiSecret`.
 */
export function loadOrCreatePartner(dataDir: string): {
  apiKey: string;
  apiSecret: string;
} {
  const file = join(dataDir, 'partner.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      apiKey: string;
      apiSecret: string;
    };
    return { apiKey: saved.apiKey, apiSecret: saved.apiSecret };
  }
  const partner = {
    apiKey: `ak_${randomBytes(12).toString('hex')}`,
    apiSecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, `${JSON.stringify(partner, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return partner;
}
