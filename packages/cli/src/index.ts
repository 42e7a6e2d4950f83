export { type BenchParameters, runBench } from './bench/runBench.ts';
export { createProgram } from './createProgram.ts';
export { type DemoParameters, runDemo } from './demo/runDemo.ts';
export { exitCodes, exitCodeTable, toExitCode } from './exitCodes.ts';
export { type CliIo, createOutput, type Output } from './internal/createOutput.ts';
export { processIo, runCli } from './runCli.ts';
