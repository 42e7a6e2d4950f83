import type { Command } from 'commander';
import { toExitCode } from '../exitCodes.ts';
import { type CliIo, createOutput, type Output } from './createOutput.ts';

/** State shared by every command of one CLI run. */
export type CliRuntime = {
  io: CliIo;
  /** Aborted on Ctrl-C; long commands stop what they started and return. */
  signal: AbortSignal;
  /** The exit code the run ends with; set by the action wrapper. */
  exitCode: number;
};

/** What an action receives besides its arguments and options. */
export type ActionContext = {
  io: CliIo;
  output: Output;
  signal: AbortSignal;
  command: Command;
};

/** The options every command inherits from the root: `--json`, `--verbose`. */
export type GlobalOptions = { json: boolean; verbose: boolean };

/**
 * Reads the root options of the command tree that `command` belongs to.
 * @param command - any command of the tree
 */
function getGlobalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  const opts = root.opts() as Partial<GlobalOptions>;
  return { json: opts.json === true, verbose: opts.verbose === true };
}

/**
 * Wraps a command's work for commander: builds the printer from the global options,
 * turns any error into `error CODE: message` and the exit code of its kind.
 *
 * @param runtime - the run's shared state
 * @param run - receives the positional arguments, the command's options and the context
 * @returns a function for `command.action(...)`
 */
export function defineAction<Options>(
  runtime: CliRuntime,
  run: (args: string[], options: Options, context: ActionContext) => Promise<void>,
): (...all: unknown[]) => Promise<void> {
  return async (...all) => {
    const command = all.at(-1) as Command;
    const options = all.at(-2) as Options;
    const args = all.slice(0, -2) as string[];
    const output = createOutput(runtime.io, getGlobalOptions(command));
    try {
      await run(args, options, {
        io: runtime.io,
        output,
        signal: runtime.signal,
        command,
      });
      runtime.exitCode = 0;
    } catch (err) {
      output.error(err);
      runtime.exitCode = toExitCode(err);
    }
  };
}
