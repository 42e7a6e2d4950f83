import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cleanup, startStoppable } from './createCleanup.ts';
import type { Output } from './createOutput.ts';
import { createPlatformLogger } from './createPlatformLogger.ts';

/**
 * Starts an embedded platform (anvil, a fresh economy) in a temporary data folder for a
 * one-shot command such as `demo` or `bench`. The folder and the platform go to
 * `cleanup`; the platform logs only with `--verbose` (warnings); the partner secret is
 * scrubbed from the output.
 *
 * @param name - the command, part of the folder's name (`ost-wallet-<name>-…`)
 * @returns the platform and its once-only stop
 */
export async function startTemporaryPlatform(
  name: string,
  cleanup: Cleanup,
  output: Output,
  signal: AbortSignal,
) {
  const { startEmbeddedPlatform } = await import('@ost-wallet/platform');
  const dataDir = await mkdtemp(join(tmpdir(), `ost-wallet-${name}-`));
  cleanup.defer('data dir', () => rm(dataDir, { recursive: true, force: true }));
  const logger = await createPlatformLogger(output.verbose ? 'warn' : 'silent');
  const started = await startStoppable(
    cleanup,
    'platform',
    startEmbeddedPlatform({ dataDir, logger }),
    signal,
  );
  output.addSecret(started[0].partner.apiSecret);
  return started;
}
