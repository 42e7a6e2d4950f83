/**
 * Where the SDK reports what it does. The SDK never writes to the console; pass a
 * logger (pino, console, your own) to see its lines. Fields never hold keys,
 * mnemonics, PINs or the storage password.
 */
export type Logger = {
  debug?: (message: string, fields?: Record<string, unknown>) => void;
  info?: (message: string, fields?: Record<string, unknown>) => void;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
  error?: (message: string, fields?: Record<string, unknown>) => void;
};

/** @internal A logger that never throws, whatever the app passed. */
export type SafeLogger = Required<Logger>;

/** @internal */
export function toSafeLogger(logger: Logger | undefined): SafeLogger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        logger?.[level]?.(message, fields);
      } catch {
        // A throwing logger must not change what the SDK does.
      }
    };
  return {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
  };
}
