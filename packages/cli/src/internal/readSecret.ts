import { OstWalletError } from '@ost-wallet/errors';
import type { CliIo } from './createOutput.ts';

/**
 * Reads a secret (PIN, keystore password) from the terminal without echoing it.
 * The prompt goes to stderr; Ctrl-C aborts.
 *
 * @param io - the CLI's streams; `io.stdin` must be a TTY
 * @param prompt - e.g. `'PIN: '`
 * @param envName - the variable scripts use instead, named in the error
 * @returns the line typed, without the newline
 * @throws {OstWalletError} `INVALID_PARAMETER` when stdin is not a TTY
 */
export async function readSecret(
  io: CliIo,
  prompt: string,
  envName: string,
): Promise<string> {
  const stdin = io.stdin;
  if (!stdin.isTTY) {
    throw new OstWalletError(
      'INVALID_PARAMETER',
      `no terminal to ask for it: set ${envName} when running without a TTY`,
    );
  }

  io.stderr(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          // Ctrl-C and Ctrl-D abort the prompt.
          if (char === '\u0003' || char === '\u0004') {
            stdin.off('data', onData);
            reject(new OstWalletError('WORKFLOW_CANCELLED', 'prompt aborted'));
            return;
          }
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else typed += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr('\n');
  }
}

/**
 * A secret from the environment, or else typed at the terminal without echo.
 * @param envName - e.g. `OST_WALLET_PIN`
 */
export async function getSecret(
  io: CliIo,
  envName: string,
  prompt: string,
): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return readSecret(io, prompt, envName);
}
