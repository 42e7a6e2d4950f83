import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OstWalletError } from '@ost-wallet/errors';

const require = createRequire(import.meta.url);

/**
 * Finds the anvil binary shipped by the npm package `@foundry-rs/anvil` in its
 * platform package (for example `@foundry-rs/anvil-linux-amd64`); nothing is downloaded.
 *
 * @param override - a path to use instead, e.g. from `OST_WALLET_ANVIL`
 * @returns the absolute path of the anvil executable
 * @throws {OstWalletError} `ANVIL_NOT_FOUND` when no binary is installed for this platform
 * @example const bin = findAnvil();
 */
export function findAnvil(override = process.env.OST_WALLET_ANVIL): string {
  if (override) {
    if (existsSync(override)) return override;
    throw notFound(`OST_WALLET_ANVIL points to '${override}', which does not exist`);
  }

  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch ?? process.arch}`;
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  let path: string;
  try {
    path = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', exe);
  } catch (cause) {
    throw notFound(`the package ${pkg} is not installed; run 'npm ci'`, cause);
  }
  if (!existsSync(path)) throw notFound(`${pkg} has no binary at ${path}; run 'npm ci'`);
  return path;
}

function notFound(message: string, cause?: unknown): OstWalletError {
  return new OstWalletError('ANVIL_NOT_FOUND', `anvil not found: ${message}`, {
    details: { platform: process.platform, arch: process.arch },
    cause,
  });
}
