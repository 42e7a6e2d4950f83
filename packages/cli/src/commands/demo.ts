import { type Command, InvalidArgumentError, Option } from 'commander';
import { runDemo } from '../demo/runDemo.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { parsePositiveInt } from '../internal/options.ts';

/** `ost-wallet demo`: the whole story on an embedded chain, every step checked. */
export function registerDemoCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('demo')
    .description(
      'run the end-to-end story on an embedded chain with a temporary data dir: platform, ' +
        'user, device, activation, session, transfers within and over the limit, expiry, logout',
    )
    .addOption(
      new Option(
        '--spending-limit <tokens>',
        'session limit per transaction, whole tokens',
      ).default('10'),
    )
    .addOption(
      new Option(
        '--expires-in <seconds>',
        'session lifetime in seconds of chain time, at least 120 (the SDK does not pick a ' +
          'session within 30 s of its expiry)',
      )
        .argParser(parseDemoExpiry)
        .default(3600),
    )
    .addHelpText(
      'after',
      '\nExits 0 only when every step behaved as described; 12 when one did not.\n' +
        'Stops the platform and the chain before it returns, also on Ctrl-C.',
    )
    .action(
      defineAction<{ spendingLimit: string; expiresIn: number }>(
        runtime,
        async (_args, options, { output, signal }) => {
          await runDemo(output, signal, {
            spendingLimit: options.spendingLimit,
            expiresIn: options.expiresIn,
          });
        },
      ),
    );
}

function parseDemoExpiry(value: string): number {
  const seconds = parsePositiveInt(value);
  if (seconds < 120)
    throw new InvalidArgumentError(`expected at least 120 seconds, got ${value}`);
  return seconds;
}
