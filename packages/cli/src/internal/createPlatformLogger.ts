import type { Logger } from 'pino';

/**
 * The embedded platform's pino logger for a CLI command: lines go to stderr, never to
 * stdout, so `--json` output stays one event per line. Keys and secrets are redacted
 * by the platform's own logger configuration.
 *
 * @param level - `'silent'` for the demo and bench unless `--verbose`
 */
export async function createPlatformLogger(
  level: 'silent' | 'warn' | 'info',
): Promise<Logger> {
  const { createLogger } = await import('@ost-wallet/platform');
  return createLogger({ level }, process.stderr);
}
