import { type Command, Option } from 'commander';
import { runBench } from '../bench/runBench.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { parsePositiveInt } from '../internal/options.ts';

type BenchOptions = { transfers: number; concurrency: number; samples: number };

/** `ost-wallet bench`: end-to-end figures on the embedded chain. */
export function registerBenchCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('bench')
    .description(
      'measure on an embedded chain, side by side: session transfers/s through SDK + platform ' +
        'vs plain ERC-20 transfers/s to the same anvil; addSession vs one bare transaction ' +
        'round trip (median, p95); SDK CPU time per session transfer',
    )
    .addOption(
      new Option('--transfers <n>', 'transfers per throughput run')
        .argParser(parsePositiveInt)
        .default(60),
    )
    .addOption(
      new Option('--concurrency <n>', 'transfers in flight at once (one session each)')
        .argParser(parsePositiveInt)
        .default(4),
    )
    .addOption(
      new Option('--samples <n>', 'addSession and round-trip samples')
        .argParser(parsePositiveInt)
        .default(15),
    )
    .action(
      defineAction<BenchOptions>(runtime, async (_args, options, { output, signal }) => {
        await runBench(output, signal, options);
      }),
    );
}
