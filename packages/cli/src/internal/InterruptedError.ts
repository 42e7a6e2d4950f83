/**
 * Ctrl-C (or SIGTERM) arrived while a long command ran; the CLI exits with 130 after
 * stopping what the command started.
 */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
  readonly code = 'INTERRUPTED';
  readonly shortMessage = 'interrupted';

  constructor() {
    super('interrupted');
  }
}
