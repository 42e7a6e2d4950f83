#!/usr/bin/env -S node --import tsx
/**
 * The `ost-wallet` executable. Ctrl-C (or SIGTERM) aborts the running command, which
 * stops what it started (platform, chain) before the process exits; a second Ctrl-C
 * exits at once with 130.
 */
import { exitCodes } from './exitCodes.ts';
import { runCli } from './runCli.ts';

// A closed pipe (`ost-wallet --help | head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const controller = new AbortController();
const onSignal = () => {
  if (controller.signal.aborted) process.exit(exitCodes.interrupted);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), { signal: controller.signal });
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.exitCode = code;
// NOTE: everything started has been stopped by now; a stray keep-alive socket or timer
// in a dependency must not keep the command from returning.
setTimeout(() => process.exit(code), 2_000).unref();
