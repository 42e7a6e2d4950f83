/**
 * Everything the CLI prints goes through here: human lines or, with `--json`, one JSON
 * object per line. Registered secrets are replaced before anything is written, so a
 * secret that slips into an error message or a cause still never reaches the terminal.
 */
import { isOstWalletError } from '@ost-wallet/errors';
import { toExitCode } from '../exitCodes.ts';

/**
 * Where the CLI writes and what it reads prompts from; injected so tests run in-process.
 * The environment is always `process.env` (commander reads it for `--x` / `env:` options).
 */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Input for prompts; prompts are refused when it is not a TTY. */
  stdin: NodeJS.ReadStream;
};

/** The printer handed to every command. */
export type Output = {
  readonly json: boolean;
  readonly verbose: boolean;
  /** From now on `secret` is printed as `[redacted]`; secrets under 8 characters are ignored. */
  addSecret(secret: string | undefined): void;
  /**
   * Reports an event: with `--json` one line `{"event": name, ...data}` on stdout,
   * otherwise `text` (a function is only called in human mode).
   */
  event(name: string, data: Record<string, unknown>, text: string | (() => string)): void;
  /** A human progress line on stderr; silent with `--json`. */
  progress(text: string): void;
  /** Prints an error: `error CODE: message`, causes with `--verbose`. */
  error(err: unknown): void;
};

const REDACTED = '[redacted]';

/**
 * Creates the printer.
 * @param io - streams and environment
 * @param options - `json` for machine output, `verbose` for error details and causes
 */
export function createOutput(
  io: CliIo,
  options: { json: boolean; verbose: boolean },
): Output {
  const secrets = new Set<string>();
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  const writeJson = (value: Record<string, unknown>) =>
    io.stdout(`${scrub(JSON.stringify(value, jsonReplacer))}\n`);

  return {
    json: options.json,
    verbose: options.verbose,
    addSecret(secret) {
      if (secret !== undefined && secret.length >= 8) secrets.add(secret);
    },
    event(name, data, text) {
      if (options.json) return writeJson({ event: name, ...data });
      io.stdout(`${scrub(typeof text === 'function' ? text() : text)}\n`);
    },
    progress(text) {
      if (!options.json) io.stderr(`${scrub(text)}\n`);
    },
    error(err) {
      const { code, message } = describeError(err);
      if (options.json) {
        const details = options.verbose ? errorDetails(err) : {};
        return writeJson({
          event: 'error',
          code,
          message,
          exit_code: toExitCode(err),
          ...details,
        });
      }
      const lines = [`error ${code}: ${message}`];
      if (options.verbose) lines.push(...verboseLines(err));
      io.stderr(`${scrub(lines.join('\n'))}\n`);
    },
  };
}

/**
 * The code and short message of any error. A failure the chain explains (a string
 * `details.reason`, e.g. `InvalidExpiry (Safe GS013)`) is added to the message, so
 * `session 0x… ended FAILED` says why without `--verbose`.
 * @returns `INTERNAL_ERROR` and the message for errors without a code
 */
export function describeError(err: unknown): { code: string; message: string } {
  if (isOstWalletError(err)) {
    const reason = err.details.reason;
    const message =
      typeof reason === 'string' && reason !== '' && !err.shortMessage.includes(reason)
        ? `${err.shortMessage}: ${reason}`
        : err.shortMessage;
    return { code: err.code, message };
  }
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') {
    const short = 'shortMessage' in err ? String(err.shortMessage) : err.message;
    if (/^[A-Z_]+$/.test(err.code)) return { code: err.code, message: short };
  }
  return {
    code: 'INTERNAL_ERROR',
    message: err instanceof Error ? err.message : String(err),
  };
}

function errorDetails(err: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isOstWalletError(err) && Object.keys(err.details).length > 0)
    out.details = err.details;
  const causes = causeChain(err).map((c) => describeCause(c));
  if (causes.length > 0) out.causes = causes;
  return out;
}

function verboseLines(err: unknown): string[] {
  const lines: string[] = [];
  if (isOstWalletError(err) && Object.keys(err.details).length > 0) {
    lines.push(`  details: ${JSON.stringify(err.details, jsonReplacer)}`);
  }
  for (const cause of causeChain(err)) lines.push(`  caused by ${describeCause(cause)}`);
  if (!isOstWalletError(err) && err instanceof Error && err.stack) {
    lines.push(...err.stack.split('\n').slice(1, 6));
  }
  return lines;
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = (err as { cause?: unknown } | null)?.cause;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function describeCause(cause: unknown): string {
  if (isOstWalletError(cause)) return `${cause.code}: ${cause.shortMessage}`;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${cause.name}${typeof code === 'string' ? ` ${code}` : ''}: ${cause.message}`;
  }
  return String(cause);
}

/** JSON.stringify replacer: bigints as decimal strings. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
