export { createProgram } from './createProgram.ts';
export { exitCodes, exitCodeTable, toExitCode } from './exitCodes.ts';
export type { CliIo, Output } from './internal/createOutput.ts';
export { processIo, runCli } from './runCli.ts';
