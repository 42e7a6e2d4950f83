import { Command } from 'commander';
import { registerBalanceCommand } from './commands/balance.ts';
import { registerBenchCommand } from './commands/bench.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDeviceCommands } from './commands/device.ts';
import { registerEconomyCommands } from './commands/economy.ts';
import { registerSessionCommands } from './commands/session.ts';
import { registerTxCommands } from './commands/tx.ts';
import { registerUpCommand } from './commands/up.ts';
import { registerUserCommands } from './commands/user.ts';
import { exitCodeTable } from './exitCodes.ts';
import type { CliRuntime } from './internal/defineAction.ts';

/**
 * Builds the `ost-wallet` command tree.
 * @param runtime - streams, environment, the abort signal and the exit code slot
 * @returns the root command; parse it with `parseAsync` (runCli does, and maps the exit code)
 * @example
 * const program = createProgram({ io: processIo, signal, exitCode: 0 });
 * await program.parseAsync(['demo', '--json'], { from: 'user' });
 */
export function createProgram(runtime: CliRuntime): Command {
  const program = new Command('ost-wallet')
    .description(
      'Non-custodial token wallets with session keys: run the embedded platform, ' +
        'the end-to-end demo and benchmark, and manage users, devices, sessions and transfers.',
    )
    .version('0.1.0')
    .option('--json', 'print one JSON object per line instead of text')
    .option('--verbose', 'print error details and causes')
    .addHelpText('after', helpFooter)
    .showHelpAfterError('(run with --help for usage)');

  registerUpCommand(program, runtime);
  registerDemoCommand(program, runtime);
  registerBenchCommand(program, runtime);
  registerUserCommands(program, runtime);
  registerDeviceCommands(program, runtime);
  registerSessionCommands(program, runtime);
  registerTxCommands(program, runtime);
  registerBalanceCommand(program, runtime);
  registerEconomyCommands(program, runtime);

  configureTree(program, runtime);
  return program;
}

const helpFooter = [
  '',
  'Environment:',
  '  OST_WALLET_PLATFORM_URL       platform URL (instead of --platform-url)',
  '  OST_WALLET_API_KEY            partner API key (instead of --api-key)',
  '  OST_WALLET_API_SECRET         partner API secret (instead of --api-secret)',
  '  OST_WALLET_USER_ID            user id (instead of --user)',
  '  OST_WALLET_KEYSTORE           keystore folder (instead of --keystore)',
  '  OST_WALLET_KEYSTORE_PASSWORD  keystore password (else prompted, without echo)',
  '  OST_WALLET_PIN                PIN for `user activate`, `session add` (else prompted, no echo)',
  '  OST_WALLET_PASSPHRASE_PREFIX  the app passphrase prefix mixed into the PIN key',
  '  OST_WALLET_DEPLOYER_KEY       deployer private key for `economy deploy`',
  '',
  'Exit codes:',
  ...exitCodeTable.map(
    ({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`,
  ),
].join('\n');

// Every command: errors through our printer, commander exits turned into exceptions.
function configureTree(command: Command, runtime: CliRuntime): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => runtime.io.stdout(text),
    writeErr: (text) => runtime.io.stderr(text),
    outputError: (text, write) => {
      const message = text.trim().replace(/^error: /, '');
      let root = command;
      while (root.parent) root = root.parent;
      if (root.opts().json === true) {
        runtime.io.stdout(
          `${JSON.stringify({ event: 'error', code: 'USAGE', message, exit_code: 2 })}\n`,
        );
      } else {
        write(`error USAGE: ${message}\n`);
      }
    },
  });
  for (const sub of command.commands) configureTree(sub, runtime);
}
