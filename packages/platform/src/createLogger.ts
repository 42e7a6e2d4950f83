import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Paths pino blanks in every log line: signatures, keys, secrets. */
export const redactPaths = [
  'req.headers["ost-signature"]',
  'req.headers["ost-api-key"]',
  'req.headers.authorization',
  'headers["ost-signature"]',
  'signature',
  'apiSecret',
  'privateKey',
  'relayerPrivateKey',
  'recoveryControllerPrivateKey',
  'raw_tx',
  '*.signature',
  '*.apiSecret',
  '*.privateKey',
  '*.raw_tx',
  '*.safe_tx.signature',
  'body.safe_tx.signature',
];

// 65 bytes or more of hex: signatures, raw transactions, calldata carrying signatures.
const LONG_HEX = /0x[0-9a-fA-F]{130,}/g;

/**
 * Replaces long hex runs (signatures, raw transactions) inside a string, so error
 * messages from RPC libraries that echo request bodies cannot leak them.
 * @example scrubHex(`bad 0x${'a'.repeat(130)}`) // 'bad 0x…[65 bytes redacted]'
 */
export function scrubHex(text: string): string {
  return text.replace(LONG_HEX, (hex) => `0x…[${(hex.length - 2) / 2} bytes redacted]`);
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubHex(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}

/**
 * Creates the platform's pino logger: secret fields redacted by path, long hex runs
 * (signatures, raw transactions) scrubbed from every string, errors included.
 * @param options - pino options merged over the defaults (level info)
 * @param destination - where lines go @default stdout
 * @returns the logger
 * @example const logger = createLogger({ level: 'debug' }, process.stderr);
 */
export function createLogger(
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const merged: LoggerOptions = {
    level: 'info',
    ...options,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      ...options.serializers,
      err: (err: Error) => scrubValue(pino.stdSerializers.err(err), 0) as object,
    },
    formatters: {
      ...options.formatters,
      log: (object) => scrubValue(object, 0) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubHex(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(merged, destination) : pino(merged);
}
