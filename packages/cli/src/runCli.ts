import { CommanderError } from 'commander';
import { createProgram } from './createProgram.ts';
import { exitCodes } from './exitCodes.ts';
import type { CliIo } from './internal/createOutput.ts';
import type { CliRuntime } from './internal/defineAction.ts';

/** The process's own streams and environment. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
};

/**
 * Runs the `ost-wallet` command once.
 *
 * @param args - the arguments after the program name, e.g. `['demo', '--json']`
 * @param options.io - streams and environment; the process's by default
 * @param options.signal - aborting it stops a long command as Ctrl-C does
 * @returns the exit code (see `exitCodes`)
 * @example process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(
  args: readonly string[],
  options: { io?: CliIo; signal?: AbortSignal } = {},
): Promise<number> {
  const runtime: CliRuntime = {
    io: options.io ?? processIo,
    signal: options.signal ?? new AbortController().signal,
    exitCode: exitCodes.ok,
  };
  const program = createProgram(runtime);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return runtime.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      const helpCodes = [
        'commander.helpDisplayed',
        'commander.help',
        'commander.version',
      ];
      return helpCodes.includes(err.code) ? exitCodes.ok : exitCodes.usage;
    }
    throw err;
  }
}
