import { PassThrough } from 'node:stream';
import type { CliIo } from './createOutput.ts';

/** An in-memory {@link CliIo} for tests: collected output, no TTY. */
export function createTestIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    /** stdout parsed as one JSON object per line. */
    events: () =>
      out
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
