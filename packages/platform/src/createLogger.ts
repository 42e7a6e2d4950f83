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

/**
 * Creates the platform's pino logger with secrets redacted.
 * @param options - pino options merged over the defaults (level info)
 * @param destination - where lines go @default stdout
 * @example const logger = createLogger({ level: 'debug' });
 */
export function createLogger(
  options: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const merged: LoggerOptions = {
    level: 'info',
    ...options,
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  return destination ? pino(merged, destination) : pino(merged);
}
