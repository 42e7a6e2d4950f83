import type { Command } from 'commander';
import { connectPartner, connectSdk } from '../internal/connect.ts';
import { type CliRuntime, defineAction } from '../internal/defineAction.ts';
import { entityLine, summarizeEntity } from '../internal/describeEntity.ts';
import { addSdkOptions, type SdkOptions } from '../internal/options.ts';
import { runWorkflow } from '../internal/runWorkflow.ts';

/** `ost-wallet device setup`. */
export function registerDeviceCommands(program: Command, runtime: CliRuntime): void {
  const device = program
    .command('device')
    .description('this machine as a device of a user');

  addSdkOptions(
    device
      .command('setup')
      .description(
        "create this device's keys in the encrypted keystore and register the device " +
          '(registerDevice is answered with the partner credentials, as an app server would)',
      ),
  ).action(
    defineAction<SdkOptions>(runtime, async (_args, options, { io, output, signal }) => {
      const partner = await connectPartner(options, output);
      const user = await partner.getUser(options.user);
      const sdk = await connectSdk(options, io, output);
      const registered = await runWorkflow(
        {
          output,
          workflow: 'setupDevice',
          registerDevice: (params) =>
            partner.registerDevice(options.user, {
              address: params.device_address,
              api_signer_address: params.api_signer_address,
            }),
        },
        signal,
        (d) => sdk.setupDevice(options.user, user.token_id, d),
      );
      const summary = summarizeEntity(registered);
      output.event('device', { device: summary }, entityLine(summary));
    }),
  );
}
